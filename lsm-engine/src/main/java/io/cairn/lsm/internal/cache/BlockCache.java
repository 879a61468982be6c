package io.cairn.lsm.internal.cache;

/**
 * An LRU cache of decoded table blocks keyed by (table file number, block offset), bounded by the
 * bytes charged for its entries. Split into {@value #SHARD_COUNT} independently locked shards so
 * that concurrent readers rarely meet; each shard gets an equal part of the capacity. Lookups
 * allocate nothing.
 *
 * <p>Entries are never pinned: a reader that got a block keeps it alive through its reference
 * even if the cache evicts it meanwhile, so eviction needs no reference counts.
 *
 * <p>Thread-safety: safe for concurrent use.
 *
 * @param <V> the cached value (a block)
 */
public final class BlockCache<V> {
  private static final int SHARD_BITS = 4;
  static final int SHARD_COUNT = 1 << SHARD_BITS;

  private final LruShard<V>[] shards;
  private final long capacityBytes;

  /** A cache holding at most {@code capacityBytes} of charged entries (0 disables it). */
  @SuppressWarnings("unchecked")
  public BlockCache(long capacityBytes) {
    this.capacityBytes = capacityBytes;
    shards = new LruShard[SHARD_COUNT];
    long perShard = (capacityBytes + SHARD_COUNT - 1) / SHARD_COUNT;
    for (int i = 0; i < SHARD_COUNT; i++) {
      shards[i] = new LruShard<>(perShard);
    }
  }

  /** The value cached for the key, or null (moving it to the most-recent end). */
  public V get(long file, long offset) {
    if (capacityBytes == 0) {
      return null;
    }
    int hash = hash(file, offset);
    return shards[hash >>> (32 - SHARD_BITS)].get(file, offset, hash);
  }

  /**
   * Caches {@code value} charged {@code chargeBytes}, replacing any value under the key and
   * evicting least-recently-used entries until the shard fits. A value bigger than a shard is not
   * cached.
   */
  public void put(long file, long offset, V value, int chargeBytes) {
    if (capacityBytes == 0) {
      return;
    }
    int hash = hash(file, offset);
    shards[hash >>> (32 - SHARD_BITS)].put(file, offset, hash, value, chargeBytes);
  }

  /** Drops every block of {@code file} (its table was deleted). */
  public void eraseFile(long file) {
    if (capacityBytes == 0) {
      return;
    }
    for (LruShard<V> shard : shards) {
      shard.eraseFile(file);
    }
  }

  /** Bytes charged by the cached entries. */
  public long usageBytes() {
    long total = 0;
    for (LruShard<V> shard : shards) {
      total += shard.usageBytes();
    }
    return total;
  }

  /** The configured capacity. */
  public long capacityBytes() {
    return capacityBytes;
  }

  /** Lookups that found their block since creation. */
  public long hits() {
    long total = 0;
    for (LruShard<V> shard : shards) {
      total += shard.hits();
    }
    return total;
  }

  /** Lookups that missed since creation. */
  public long misses() {
    long total = 0;
    for (LruShard<V> shard : shards) {
      total += shard.misses();
    }
    return total;
  }

  private static int hash(long file, long offset) {
    long h = file * 0x9E3779B97F4A7C15L ^ offset * 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    return (int) (h ^ (h >>> 32));
  }
}
