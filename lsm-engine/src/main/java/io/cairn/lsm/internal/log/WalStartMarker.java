package io.cairn.lsm.internal.log;

import io.cairn.common.CorruptionException;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import java.nio.file.Path;

/**
 * The start marker of a WAL segment of version {@link LogFormat#WAL_VERSION_MARKED}: its second
 * logical record, written when the segment is created, an empty write batch ({@link BatchFormat},
 * count 0) whose first sequence is the sequence number the segment's first write gets. Recovery
 * chains segments by it: a segment must start where the previous one ends, else a tail of the
 * previous one was lost and what follows is not a prefix of the writes. See {@code
 * docs/formats/wal.md}. Thread-safety: stateless.
 */
public final class WalStartMarker {
  /** Bytes of a marker: a batch header and no records. */
  public static final int BYTES = BatchFormat.HEADER_BYTES;

  private WalStartMarker() {}

  /** The marker of a segment whose first write gets sequence {@code firstSequence} (at least 1). */
  public static byte[] encode(long firstSequence) {
    assert firstSequence >= 1 && firstSequence <= InternalKeyFormat.MAX_SEQUENCE + 1 : firstSequence;
    byte[] marker = new byte[BYTES];
    BatchFormat.encodeHeader(marker, 0, firstSequence, 0);
    return marker;
  }

  /**
   * The first sequence named by {@code record}, the record after the header of a marked segment.
   *
   * @throws CorruptionException naming {@code file} and {@code offset} when it is not a marker
   */
  public static long decode(byte[] record, Path file, long offset) {
    if (record.length != BYTES || BatchFormat.count(record, 0) != 0) {
      throw CorruptionException.at(file, offset, "the first record of a version-" + LogFormat.WAL_VERSION_MARKED
          + " WAL segment is not its start marker (" + record.length + " bytes)");
    }
    long first = BatchFormat.firstSequence(record, 0);
    if (first < 1 || first > InternalKeyFormat.MAX_SEQUENCE + 1) {
      throw CorruptionException.at(file, offset, "the WAL start marker names an impossible sequence number " + first);
    }
    return first;
  }
}
