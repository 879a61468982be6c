package io.cairn.chain.contract;

import io.cairn.chain.contract.exec.StateTable;
import io.cairn.common.InvalidArgumentException;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.lsm.api.WriteOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Contract state in an engine {@link Db}: the reader a block executes against, and the commit of
 * a block's writes as one atomic batch. Keys are {@link StateKey}s, so each contract's state is
 * in its own namespace; the database may hold other data under other leading bytes.
 *
 * <p>A node keeps its hot state in memory: up to {@code cacheEntries} values read or committed
 * (absence included) are cached, and a commit updates the cache after the engine, so a cached
 * value is always the engine's. The committed values are in a compact {@link StateTable} (flat
 * slots, a balance inline in its slot), which only the committing thread writes, between blocks;
 * values a block reads from the engine go into a small concurrent map of misses first, and move
 * into the table at the next commit. When the cache is full it is emptied and fills again. This
 * store must be the only writer of its keys in the database.
 *
 * <p>Thread-safety: {@link #get(StateKey)} (the executors' read) may run on any number of threads
 * at once, but not while {@link #committed} or {@link #forget} runs (a node executes a block and
 * then commits it, on one thread); the other methods may run on any thread at any time.
 */
public final class ContractStore implements StateReader {
  private static final byte[] ABSENT = new byte[0];
  /** Keys the table is sized for before it first grows. */
  private static final int PRESIZE_MAX = 4_096;

  private final Db db;
  private final WriteOptions writeOptions;
  private final int cacheEntries;
  /** Committed values and known absences (ABSENT); written under {@link #lock}, never during a block. */
  private StateTable cache;
  /** Values read from the engine since the last commit (ABSENT for an absence). */
  private final Map<StateKey, byte[]> misses = new ConcurrentHashMap<>();
  private final Object lock = new Object();

  /** State in {@code db}, written with {@code writeOptions}, caching up to {@code cacheEntries} values. */
  public ContractStore(Db db, WriteOptions writeOptions, int cacheEntries) {
    if (cacheEntries < 0) {
      throw new InvalidArgumentException("cache entries must not be negative, was " + cacheEntries);
    }
    this.db = db;
    this.writeOptions = writeOptions;
    this.cacheEntries = cacheEntries;
    this.cache = StateTable.withKeyArena(Math.min(cacheEntries, PRESIZE_MAX), ABSENT);
  }

  /** State in {@code db}, written with {@code writeOptions}, without a cache. */
  public ContractStore(Db db, WriteOptions writeOptions) {
    this(db, writeOptions, 0);
  }

  /**
   * {@inheritDoc} The array may be shared with the cache: do not change it. Not while {@link
   * #committed} or {@link #forget} runs (see the class comment).
   */
  @Override
  public byte[] get(StateKey key) {
    byte[] cached = cache.get(key);
    if (cached == null && cacheEntries > 0) {
      cached = misses.get(key);
    }
    if (cached != null) {
      return cached == ABSENT ? null : cached;
    }
    byte[] value = db.get(key.engineKey());
    rememberMiss(key, value);
    return value;
  }

  /** {@inheritDoc} A value kept inline in the table is made once, not copied twice. */
  @Override
  public byte[] copy(StateKey key) {
    byte[] cached = cache.copy(key);
    if (cached != null) {
      return cached == ABSENT ? null : cached;
    }
    byte[] value = get(key);
    return value == null ? null : value.clone();
  }

  /** Touches the committed-value table's slot of the key with hash {@code hash}, and its key bytes (see {@link StateReader#warm}). */
  @Override
  public long warm(long hash) {
    return cache.warm(hash);
  }

  /** A copy of the value of {@code key} in contract {@code contract}'s namespace, or null. */
  public byte[] get(String contract, byte[] key) {
    byte[] value;
    synchronized (lock) { // the table may be changing under a commit on another thread
      value = get(StateKey.of(contract, key));
    }
    return value == null ? null : value.clone();
  }

  /** The code name contract {@code contract} runs, or null when it is not deployed. */
  public String codeOf(String contract) {
    byte[] code;
    synchronized (lock) {
      code = get(StateKey.binding(contract));
    }
    return code == null ? null : new String(code, StandardCharsets.US_ASCII);
  }

  /** Writes {@code result}'s net writes in one atomic batch, then updates the cache. */
  public void commit(BlockResult result) {
    WriteBatch batch = new WriteBatch();
    stage(result, batch);
    if (batch.count() == 0) {
      return;
    }
    try {
      db.write(batch, writeOptions);
    } catch (RuntimeException e) {
      forget(); // whether the batch is in the engine is unknown: forget rather than guess
      throw e;
    }
    committed(result);
  }

  /**
   * Adds {@code result}'s net writes to {@code batch}, which its owner writes (the ledger writes
   * them with the block's other keys); call {@link #committed} once the batch is in the engine,
   * or {@link #forget} when whether it is is unknown.
   */
  public void stage(BlockResult result, WriteBatch batch) {
    for (Map.Entry<StateKey, byte[]> write : result.unsortedWrites().entrySet()) {
      if (write.getValue() == null) {
        batch.delete(write.getKey().engineKey());
      } else {
        batch.put(write.getKey().engineKey(), write.getValue());
      }
    }
  }

  /**
   * {@code result}'s writes, {@link #stage staged} in a batch, are now in the engine: the values
   * read since the last commit, then the block's writes (which win), go into the table.
   */
  public void committed(BlockResult result) {
    synchronized (lock) {
      if (cacheEntries == 0) {
        return;
      }
      misses.forEach(this::remember);
      misses.clear();
      result.unsortedWrites().forEach((key, value) -> remember(key, value == null ? ABSENT : value));
    }
  }

  /** Empties the cache. */
  public void forget() {
    synchronized (lock) {
      cache = StateTable.withKeyArena(Math.min(cacheEntries, PRESIZE_MAX), ABSENT);
      misses.clear();
    }
  }

  /** Puts {@code value} (ABSENT for an absence) into the table, emptying it first when full. */
  private void remember(StateKey key, byte[] value) {
    if (cache.size() >= cacheEntries && !cache.containsKey(key)) {
      cache.clear();
    }
    cache.put(key, value);
  }

  private void rememberMiss(StateKey key, byte[] value) {
    if (cacheEntries == 0) {
      return;
    }
    if (misses.size() >= cacheEntries) {
      misses.clear();
    }
    misses.put(key, value == null ? ABSENT : value);
  }
}
