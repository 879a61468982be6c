package io.cairn.lsm.internal.log;

import io.cairn.common.CorruptionException;
import io.cairn.lsm.internal.fs.SequentialReadFile;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import java.nio.file.Path;

/**
 * Reads one WAL segment for recovery: its file header, its {@linkplain WalStartMarker start
 * marker} (version 2) and then its write batches, checking that each names possible sequence
 * numbers, and says where the segment starts and ends in sequence numbers so that recovery can
 * chain segments. A version-1 segment (written before markers existed) has no marker; its batches
 * are read all the same. See {@code docs/formats/wal.md}.
 *
 * <p>Thread-safety: not thread-safe. Does not own the file (the caller closes it).
 */
public final class WalSegmentReader {
  /** {@link #startSequence()} of a version-1 segment, which has no marker. */
  public static final long UNMARKED = -1;
  /** {@link #startSequence()} of a segment that ends, or is torn, before its marker (or header). */
  public static final long MISSING = -2;

  private final LogReader reader;
  private final Path path;
  private final long start;
  private byte[] pending;
  private long next;

  private WalSegmentReader(LogReader reader, Path path, long start, byte[] pending) {
    this.reader = reader;
    this.path = path;
    this.start = start;
    this.pending = pending;
    this.next = start >= 0 ? start : -1;
  }

  /**
   * Reads the header and the marker of the segment {@code number} in {@code file}.
   *
   * @throws CorruptionException when the header is not that of the WAL segment {@code number}, a
   *     marked segment's second record is not a marker, or at a bad spot {@code policy} refuses
   */
  public static WalSegmentReader open(SequentialReadFile file, long number, TailPolicy policy) {
    LogReader reader = new LogReader(file, LogFormat.KIND_WAL, number, policy);
    byte[] first = reader.readRecord();
    return switch (reader.version()) {
      case LogFormat.WAL_VERSION_MARKED -> new WalSegmentReader(reader, file.path(),
          first == null ? MISSING : WalStartMarker.decode(first, file.path(), reader.lastRecordOffset()), null);
      case LogFormat.VERSION_1 -> new WalSegmentReader(reader, file.path(), UNMARKED, first);
      default -> new WalSegmentReader(reader, file.path(), MISSING, null);
    };
  }

  /**
   * The sequence number the segment's first write gets (its marker's), {@link #UNMARKED} for a
   * version-1 segment, or {@link #MISSING} when the marker (or the whole header) is not there: an
   * empty file, or one cut short before its marker.
   */
  public long startSequence() {
    return start;
  }

  /**
   * The next write batch (a fresh array whose header names possible sequence numbers), or null at
   * the end of the segment or at a torn tail the policy drops ({@link #droppedTail()}).
   *
   * @throws CorruptionException naming the file and offset when a record is not a batch with
   *     possible sequence numbers, or at a bad spot the policy refuses
   */
  public byte[] nextBatch() {
    if (start == MISSING) {
      return null;
    }
    byte[] record = pending != null ? pending : reader.readRecord();
    pending = null;
    if (record == null) {
      return null;
    }
    if (record.length < BatchFormat.HEADER_BYTES) {
      throw CorruptionException.at(path, reader.lastRecordOffset(),
          "WAL record of " + record.length + " bytes is shorter than a batch header");
    }
    long first = BatchFormat.firstSequence(record, 0);
    int count = BatchFormat.count(record, 0);
    if (first < 1 || count < 0 || first + count - 1 > InternalKeyFormat.MAX_SEQUENCE) {
      throw CorruptionException.at(path, reader.lastRecordOffset(),
          "WAL record has impossible sequence numbers: " + count + " from " + first);
    }
    next = first + count;
    return record;
  }

  /**
   * The sequence number the next segment's marker must name: after the last batch read, else the
   * marker's own; -1 when unknown (a version-1 segment without batches, or a missing marker).
   */
  public long nextSequence() {
    return next;
  }

  /** File offset of the last record returned. */
  public long lastRecordOffset() {
    return reader.lastRecordOffset();
  }

  /** The torn tail the policy dropped, or null when the segment was read to its end intact. */
  public LogReader.Dropped droppedTail() {
    return reader.droppedTail();
  }
}
