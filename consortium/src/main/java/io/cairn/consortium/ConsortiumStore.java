package io.cairn.consortium;

import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An HQ node's durable state in the storage engine: the committed blocks with their commit records,
 * the regulator's admissions and revocations in the order they were applied, and the records the
 * HQ accepted that are not yet on chain (its pool and its pending data-set records). An HQ node
 * restarted on the same store rebuilds its chain, registry and pool from it ({@link #load}), so a
 * restart loses nothing committed and no accepted record. Key layout: docs/formats/consortium.md,
 * "The HQ store".
 *
 * <p>A record is stored before its receipt is returned; a block, its commit record and the
 * deletion of the HQ's records it carries are one engine batch. Writes go through the engine's
 * write-ahead log without a sync per write (a killed process loses nothing; a machine crash may
 * lose the last writes, as for the engine's default).
 *
 * <p>Thread-safety: thread-safe (the engine is); {@link #pooled} is called from the upload threads.
 */
public final class ConsortiumStore implements AutoCloseable {
  private static final byte ADMISSION = 'a';
  private static final byte BLOCK = 'b';
  private static final byte COMMIT = 'c';
  private static final byte POOL = 'p';
  private static final byte[] PREFIX = {'C', 'S'};

  /** What {@link #load} found, in order. */
  public record Loaded(List<byte[]> admissions, List<ConsortiumBlock> blocks, List<CommitRecord> commits,
      List<StateUpload> pool) {}

  private final Db db;
  private final boolean owned;
  private long admissions = -1;

  /** A store in {@code db}; closing the store closes {@code db} when {@code owned}. */
  public ConsortiumStore(Db db, boolean owned) {
    this.db = db;
    this.owned = owned;
  }

  /** Opens (or creates) a store in its own engine directory. */
  public static ConsortiumStore open(java.nio.file.Path directory) {
    return new ConsortiumStore(io.cairn.lsm.api.Cairn.open(directory, io.cairn.lsm.api.Options.defaults()), true);
  }

  /** Reads everything back, in order. */
  public synchronized Loaded load() {
    List<byte[]> admitted = new ArrayList<>();
    for (byte[] value : values(ADMISSION)) {
      admitted.add(value);
    }
    admissions = admitted.size();
    List<ConsortiumBlock> blocks = values(BLOCK).stream().map(ConsortiumBlock::decode).toList();
    List<CommitRecord> commits = values(COMMIT).stream().map(CommitRecord::decode).toList();
    if (blocks.size() != commits.size()) {
      throw new io.cairn.common.CorruptionException("consortium store: " + blocks.size() + " blocks but "
          + commits.size() + " commit records");
    }
    List<StateUpload> pool = values(POOL).stream().map(StateUpload::decode).toList();
    return new Loaded(admitted, blocks, commits, pool);
  }

  /**
   * Rebuilds an HQ node's state from this store: the admissions applied again in order, the chain
   * appended as stored (the node checked every block before storing it), and the records not yet
   * on chain put back into {@code pool} with the chain's last sequences. One event line.
   */
  public void restore(AdmissionRegistry registry, ConsortiumLedger ledger, RecordPool pool, List<String> events,
      int hq) {
    Loaded loaded = load();
    int refused = 0;
    for (byte[] operation : loaded.admissions()) {
      String refusal = Wire.magicOf(operation) == Wire.CERTIFICATE
          ? registry.admit(EnterpriseCertificate.decode(operation)) : registry.revoke(Revocation.decode(operation));
      refused += refusal == null ? 0 : 1;
    }
    for (int i = 0; i < loaded.blocks().size(); i++) {
      ledger.append(loaded.blocks().get(i), loaded.commits().get(i));
    }
    pool.restore(ledger.lastSequences(), loaded.pool().stream()
        .filter(r -> r.sequence() > ledger.lastSequence(r.enterprise())).toList());
    events.add("hq" + hq + " restored " + loaded.admissions().size() + " admissions (" + refused + " refused again), "
        + ledger.height() + " blocks and " + pool.size() + " pooled records");
  }

  /** Appends an applied certificate or revocation (in the order applied). */
  public synchronized void admission(byte[] operation) {
    if (admissions < 0) {
      admissions = values(ADMISSION).size();
    }
    db.put(key(ADMISSION, number(admissions++)), operation);
  }

  /** Keeps an accepted record until it is on chain. */
  public void pooled(StateUpload record) {
    db.put(poolKey(record), record.encode());
  }

  /** Stores a committed block and its commit record, and forgets {@code onChain}, the HQ's records it settled. */
  public void committed(ConsortiumBlock block, CommitRecord commit, List<StateUpload> onChain) {
    WriteBatch batch = new WriteBatch();
    batch.put(key(BLOCK, number(block.height())), block.encode());
    batch.put(key(COMMIT, number(block.height())), commit.encode());
    for (StateUpload record : onChain) {
      batch.delete(poolKey(record));
    }
    db.write(batch);
  }

  private static byte[] poolKey(StateUpload record) {
    byte[] suffix = Arrays.copyOf(record.enterprise().bytes(), 40);
    System.arraycopy(number(record.sequence()), 0, suffix, 32, 8);
    return key(POOL, suffix);
  }

  private static byte[] number(long value) {
    return java.nio.ByteBuffer.allocate(8).putLong(value).array();
  }

  private static byte[] key(byte kind, byte[] suffix) {
    byte[] key = new byte[3 + suffix.length];
    key[0] = PREFIX[0];
    key[1] = PREFIX[1];
    key[2] = kind;
    System.arraycopy(suffix, 0, key, 3, suffix.length);
    return key;
  }

  /** The values under {@code kind}, in key order (heights and indexes are big-endian: numeric order). */
  private List<byte[]> values(byte kind) {
    byte[] prefix = key(kind, new byte[0]);
    List<byte[]> values = new ArrayList<>();
    try (DbIterator iterator = db.newIterator()) {
      for (iterator.seek(prefix); iterator.isValid(); iterator.next()) {
        byte[] key = iterator.key();
        if (key.length < prefix.length || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
          break;
        }
        values.add(iterator.value());
      }
    }
    return values;
  }

  @Override
  public void close() {
    if (owned) {
      db.close();
    }
  }
}
