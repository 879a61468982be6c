package io.cairn.replication.ledger;

import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.common.UnsignedBytes;
import io.cairn.kraft.wire.ByteReader;
import io.cairn.replication.codec.Sealed;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.api.Snapshot;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.lsm.api.WriteOptions;

/**
 * A ledger database as one byte string, for KRaft snapshots ({@code
 * docs/formats/ledger-snapshot.md}): version 1, the pair count, every key/value pair in key order,
 * a masked CRC32C. A follower too far behind the leader's log receives it and replaces its ledger
 * database with it; a node whose ledger lags its own stored snapshot after a crash does the same.
 *
 * <p>The whole ledger is held in memory (KRaft's {@code Snapshot} carries a byte array), which
 * suits ledgers of up to some hundreds of MiB.
 *
 * <p>Thread-safety: stateless; {@link #capture} reads a consistent engine snapshot.
 */
public final class LedgerSnapshot {
  /** The only version. */
  public static final int VERSION = 1;

  private LedgerSnapshot() {}

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
    ByteWriter out = new ByteWriter(256);
    for (byte[][] pair : pairs) {
      out.bytesVarint(pair[0]).bytesVarint(pair[1]);
    }
    return finish(out, pairs.size());
  }

  private static byte[] finish(ByteWriter pairs, long count) {
    ByteWriter out = new ByteWriter(pairs.size() + 16).u8(VERSION).varint(count).raw(pairs.buffer(), 0, pairs.size());
    return out.crcFrom(0).toByteArray();
  }

  /**
   * Replaces every pair of {@code db} by those of {@code snapshot} (one synced engine batch).
   *
   * @throws CorruptionException when {@code snapshot} is not a valid encoding; {@code db} is unchanged
   */
  public static void restore(Db db, byte[] snapshot) {
    WriteBatch batch = new WriteBatch();
    try (DbIterator iterator = db.newIterator()) {
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        batch.delete(iterator.key());
      }
    }
    decode(snapshot, batch);
    db.write(batch, WriteOptions.SYNC);
  }

  /**
   * Checks {@code snapshot} and adds its pairs to {@code batch}.
   *
   * @throws CorruptionException naming the failed check
   */
  public static void decode(byte[] snapshot, WriteBatch batch) {
    ByteReader in = Sealed.open(snapshot, "ledger snapshot", VERSION);
    int count = in.count(2, "pair count");
    byte[] previous = null;
    for (int i = 0; i < count; i++) {
      int at = in.position();
      byte[] key = in.bytes("key");
      byte[] value = in.bytes("value");
      if (previous != null && UnsignedBytes.compare(previous, key) >= 0) {
        throw in.corrupt(at, "keys not strictly ascending");
      }
      batch.put(key, value);
      previous = key;
    }
    in.expectEnd();
  }
}
