package io.cairn.replication.ledger;

import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.api.Snapshot;
import io.cairn.lsm.api.SortedPairs;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.replication.codec.ArrivingBytes;
import io.cairn.replication.codec.Sealed;

/**
 * A ledger database as one byte string, for KRaft snapshots ({@code
 * docs/formats/ledger-snapshot.md}): version 2 (1 before session 18), the pair count, every key/value pair in key order,
 * a masked CRC32C. A follower too far behind the leader's log receives it and replaces its ledger
 * database with it; a node whose ledger lags its own stored snapshot after a crash does the same.
 *
 * <p>The whole ledger is held in memory (KRaft's {@code Snapshot} carries a byte array), which
 * suits ledgers of up to some hundreds of MiB.
 *
 * <p>Thread-safety: stateless; {@link #capture} reads a consistent engine snapshot.
 */
public final class LedgerSnapshot {
  /**
   * The version this code writes (session 18): version 1's layout, whose pairs may hold record-hash
   * index values of version 6 (docs/formats/chain-indexes.md), which code before session 18 cannot
   * read; that code refuses a version 2 snapshot whole ("unknown version 2") instead of installing
   * rows it cannot read.
   */
  public static final int VERSION = 2;
  /** The version written before session 18 (index values up to version 5): still installed. */
  public static final int VERSION_INDEX_5 = 1;

  private LedgerSnapshot() {}

  /** Whether this code installs snapshots of {@code version}. */
  static boolean readable(int version) {
    return version == VERSION || version == VERSION_INDEX_5;
  }

  /** Every pair of {@code db}, as of one engine snapshot. */
  public static byte[] capture(Db db) {
    ByteWriter pairs = new ByteWriter(1 << 16);
    long count = 0;
    try (Snapshot snapshot = db.getSnapshot();
        DbIterator iterator = db.newIterator(ReadOptions.DEFAULT.withSnapshot(snapshot))) {
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        pairs.bytesVarint(iterator.key()).bytesVarint(iterator.value());
        count++;
      }
    }
    return finish(pairs, count);
  }

  /** The encoding of {@code pairs} (each {key, value}), which must be in ascending key order. */
  static byte[] encode(java.util.List<byte[][]> pairs) {
    return encode(pairs, VERSION);
  }

  /** {@link #encode(java.util.List)} as a snapshot of {@code version} (1 or 2: the same layout). */
  static byte[] encode(java.util.List<byte[][]> pairs, int version) {
    ByteWriter out = new ByteWriter(256);
    for (byte[][] pair : pairs) {
      out.bytesVarint(pair[0]).bytesVarint(pair[1]);
    }
    return finish(out, pairs.size(), version);
  }

  private static byte[] finish(ByteWriter pairs, long count) {
    return finish(pairs, count, VERSION);
  }

  private static byte[] finish(ByteWriter pairs, long count, int version) {
    ByteWriter out = new ByteWriter(pairs.size() + 16).u8(version).varint(count).raw(pairs.buffer(), 0, pairs.size());
    return out.crcFrom(0).toByteArray();
  }

  /**
   * Replaces every pair of {@code db} by those of {@code snapshot}: the envelope (version,
   * CRC32C) is checked first, then the pairs stream into the engine's {@link Db#replaceAll}, which
   * writes them as sorted tables and commits them in one MANIFEST edit (no WAL, no memtable;
   * atomic across a crash).
   *
   * @throws CorruptionException when {@code snapshot} is not a valid encoding; {@code db} is unchanged
   */
  public static void restore(Db db, byte[] snapshot) {
    db.replaceAll(pairs(snapshot));
  }

  /**
   * Checks {@code snapshot} and adds its pairs to {@code batch}.
   *
   * @throws CorruptionException naming the failed check
   */
  public static void decode(byte[] snapshot, WriteBatch batch) {
    SortedPairs pairs = pairs(snapshot);
    while (pairs.next()) {
      batch.put(pairs.key(), pairs.value());
    }
  }

  /**
   * The pairs of {@code snapshot}, its envelope checked now and each pair as it is read: a key
   * that does not sort after the one before, a truncated pair or bytes left after the last one
   * throw {@link CorruptionException} from {@link SortedPairs#next}.
   */
  static SortedPairs pairs(byte[] snapshot) {
    Sealed.open(snapshot, "ledger snapshot",
        snapshot.length > 0 && (snapshot[0] & 0xff) == VERSION_INDEX_5 ? VERSION_INDEX_5 : VERSION);
    return new SnapshotPairs(ArrivingBytes.of(snapshot), crc -> { });
  }
}
