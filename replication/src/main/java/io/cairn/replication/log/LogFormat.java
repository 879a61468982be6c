package io.cairn.replication.log;

import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.replication.codec.Sealed;
import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.kraft.api.HardState;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotMetadata;
import io.cairn.kraft.wire.ByteReader;

/**
 * The records of KRaft's log in a Cairn engine database ({@code docs/formats/replication-log.md}):
 * keys {@code 'c'} (compaction point), {@code 'h'} (hard state), {@code 'f'} (the snapshot, whose
 * data is in a {@link SnapshotFiles} file), {@code 's'} (a snapshot with its data inline, as
 * written before the files; read, no longer written) and
 * {@code 'e' + index as 8 big-endian bytes} (one entry each, so keys sort by index). Every value
 * starts with a version byte and ends with a masked CRC32C of everything before it; decoding is
 * strict (canonical varints, no trailing bytes).
 *
 * <p>Thread-safety: stateless.
 */
public final class LogFormat {
  /** Version byte of every value. */
  public static final int VERSION = 1;

  static final byte[] HARD_STATE_KEY = {'h'};
  static final byte[] SNAPSHOT_KEY = {'s'};
  static final byte[] SNAPSHOT_FILE_KEY = {'f'};
  static final byte[] COMPACTED_KEY = {'c'};
  static final byte ENTRY_PREFIX = 'e';

  private LogFormat() {}

  /** The compaction point: the last dropped index and its term. */
  record Compacted(long index, long term) {}

  static byte[] entryKey(long index) {
    byte[] key = new byte[9];
    key[0] = ENTRY_PREFIX;
    for (int i = 8; i >= 1; i--) {
      key[i] = (byte) index;
      index >>>= 8;
    }
    return key;
  }

  static boolean isEntryKey(byte[] key) {
    return key.length == 9 && key[0] == ENTRY_PREFIX;
  }

  static long indexOf(byte[] entryKey) {
    long index = 0;
    for (int i = 1; i <= 8; i++) {
      index = (index << 8) | (entryKey[i] & 0xFF);
    }
    return index;
  }

  /** Entry value: version, index, term, type, data, CRC. */
  public static byte[] encodeEntry(Entry entry) {
    return writeEntry(entry, new ByteWriter(entry.data().length + 24)).toByteArray();
  }

  /** Appends the entry value of {@code entry} to {@code out}, which must be empty (the CRC covers all of it). */
  public static ByteWriter writeEntry(Entry entry, ByteWriter out) {
    assert out.size() == 0 : "the entry value's CRC covers the whole writer";
    out.u8(VERSION).varint(entry.index()).varint(entry.term()).u8(entry.type().code()).bytesVarint(entry.data());
    return out.crcFrom(0);
  }

  /**
   * Decodes an entry value.
   *
   * @throws CorruptionException naming the failed check
   */
  public static Entry decodeEntry(byte[] bytes) {
    ByteReader in = open(bytes, "log entry");
    long index = in.varint();
    long term = in.varint();
    int at = in.position();
    EntryType type = EntryType.ofCode(in.u8());
    if (type == null) {
      throw in.corrupt(at, "unknown entry type");
    }
    byte[] data = in.bytes("entry data");
    in.expectEnd();
    if (index < 1) {
      throw in.corrupt(1, "entry index 0");
    }
    return new Entry(index, term, type, data);
  }

  /** Hard state value: version, term, optional vote, commit, CRC. */
  public static byte[] encodeHardState(HardState state) {
    ByteWriter out = new ByteWriter(48).u8(VERSION).varint(state.term());
    NodeId.writeOptional(out, state.vote());
    return out.varint(state.commit()).crcFrom(0).toByteArray();
  }

  /** Decodes a hard state value. */
  public static HardState decodeHardState(byte[] bytes) {
    ByteReader in = open(bytes, "hard state");
    long term = in.varint(Long.MAX_VALUE, "term");
    NodeId vote = in.optionalNodeId();
    long commit = in.varint(Long.MAX_VALUE, "commit");
    in.expectEnd();
    return new HardState(term, vote, commit);
  }

  /** Snapshot value: version, index, term, configuration, data, CRC. */
  public static byte[] encodeSnapshot(Snapshot snapshot) {
    ByteWriter out = new ByteWriter(snapshot.data().length + 64)
        .u8(VERSION).varint(snapshot.index()).varint(snapshot.term());
    snapshot.metadata().configuration().writeTo(out);
    return out.bytesVarint(snapshot.data()).crcFrom(0).toByteArray();
  }

  /** Decodes a snapshot value. */
  public static Snapshot decodeSnapshot(byte[] bytes) {
    ByteReader in = open(bytes, "snapshot");
    long index = in.varint(Long.MAX_VALUE, "snapshot index");
    long term = in.varint(Long.MAX_VALUE, "snapshot term");
    Configuration configuration = Configuration.readFrom(in);
    byte[] data = in.bytes("snapshot data");
    in.expectEnd();
    return new Snapshot(new SnapshotMetadata(index, term, configuration), data);
  }

  /** Where the data of a stored snapshot is: its file's length and CRC32C (unmasked). */
  record SnapshotFile(SnapshotMetadata metadata, long length, int crc) {}

  /** Snapshot file record value: version, index, term, configuration, data length, data CRC32C, CRC. */
  static byte[] encodeSnapshotFile(SnapshotFile file) {
    SnapshotMetadata metadata = file.metadata();
    ByteWriter out = new ByteWriter(128).u8(VERSION).varint(metadata.index()).varint(metadata.term());
    metadata.configuration().writeTo(out);
    return out.varint(file.length()).u32(file.crc()).crcFrom(0).toByteArray();
  }

  /** Decodes a snapshot file record value. */
  static SnapshotFile decodeSnapshotFile(byte[] bytes) {
    ByteReader in = open(bytes, "snapshot file record");
    long index = in.varint(Long.MAX_VALUE, "snapshot index");
    long term = in.varint(Long.MAX_VALUE, "snapshot term");
    Configuration configuration = Configuration.readFrom(in);
    long length = in.varint(Integer.MAX_VALUE, "snapshot length");
    int crc = in.fixed32();
    in.expectEnd();
    return new SnapshotFile(new SnapshotMetadata(index, term, configuration), length, crc);
  }

  /** Compaction point value: version, index, term, CRC. */
  static byte[] encodeCompacted(Compacted compacted) {
    return new ByteWriter(24).u8(VERSION).varint(compacted.index()).varint(compacted.term())
        .crcFrom(0).toByteArray();
  }

  static Compacted decodeCompacted(byte[] bytes) {
    ByteReader in = open(bytes, "compaction point");
    Compacted compacted = new Compacted(in.varint(Long.MAX_VALUE, "index"), in.varint(Long.MAX_VALUE, "term"));
    in.expectEnd();
    return compacted;
  }

  private static ByteReader open(byte[] bytes, String what) {
    return Sealed.open(bytes, what, VERSION);
  }

}
