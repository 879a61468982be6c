package io.cairn.lsm.internal.cache;

/**
 * One shard of a {@link BlockCache}: a chained hash table over (file, offset) keys plus a
 * doubly-linked recency list, both intrusive in the entries so that lookups allocate nothing.
 *
 * <p>Thread-safety: every method holds the shard's monitor.
 */
final class LruShard<V> {
  private static final class Entry<V> {
    final long file;
    final long offset;
    final int hash;
    V value;
    int charge;
    Entry<V> chain;
    Entry<V> newer;
    Entry<V> older;

    Entry(long file, long offset, int hash) {
      this.file = file;
      this.offset = offset;
      this.hash = hash;
    }
  }

  private final long capacityBytes;
  /** Sentinel of the recency list: {@code head.older} is the newest, {@code head.newer} the oldest. */
  private final Entry<V> head = new Entry<>(-1, -1, 0);
  @SuppressWarnings("unchecked")
  private Entry<V>[] table = new Entry[64];
  private int count;
  private long usageBytes;
  private long hits;
  private long misses;

  LruShard(long capacityBytes) {
    this.capacityBytes = capacityBytes;
    head.newer = head;
    head.older = head;
  }

  synchronized V get(long file, long offset, int hash) {
    Entry<V> entry = find(file, offset, hash);
    if (entry == null) {
      misses++;
      return null;
    }
    hits++;
    unlink(entry);
    linkNewest(entry);
    return entry.value;
  }

  synchronized void put(long file, long offset, int hash, V value, int charge) {
    if (charge > capacityBytes) {
      return;
    }
    Entry<V> entry = find(file, offset, hash);
    if (entry != null) {
      usageBytes -= entry.charge;
      unlink(entry);
    } else {
      entry = new Entry<>(file, offset, hash);
      insertIntoTable(entry);
    }
    entry.value = value;
    entry.charge = charge;
    usageBytes += charge;
    linkNewest(entry);
    while (usageBytes > capacityBytes && head.newer != head) {
      remove(head.newer);
    }
  }

  synchronized void eraseFile(long file) {
    Entry<V> entry = head.newer;
    while (entry != head) {
      Entry<V> newer = entry.newer;
      if (entry.file == file) {
        remove(entry);
      }
      entry = newer;
    }
  }

  synchronized long usageBytes() {
    return usageBytes;
  }

  synchronized long hits() {
    return hits;
  }

  synchronized long misses() {
    return misses;
  }

  private Entry<V> find(long file, long offset, int hash) {
    Entry<V> entry = table[hash & (table.length - 1)];
    while (entry != null && (entry.hash != hash || entry.file != file || entry.offset != offset)) {
      entry = entry.chain;
    }
    return entry;
  }

  private void insertIntoTable(Entry<V> entry) {
    if (count >= table.length) {
      grow();
    }
    int index = entry.hash & (table.length - 1);
    entry.chain = table[index];
    table[index] = entry;
    count++;
  }

  private void remove(Entry<V> entry) {
    unlink(entry);
    usageBytes -= entry.charge;
    int index = entry.hash & (table.length - 1);
    Entry<V> previous = null;
    Entry<V> current = table[index];
    while (current != entry) {
      previous = current;
      current = current.chain;
    }
    if (previous == null) {
      table[index] = entry.chain;
    } else {
      previous.chain = entry.chain;
    }
    entry.value = null;
    count--;
  }

  @SuppressWarnings("unchecked")
  private void grow() {
    Entry<V>[] old = table;
    table = new Entry[old.length * 2];
    for (Entry<V> bucket : old) {
      Entry<V> entry = bucket;
      while (entry != null) {
        Entry<V> chain = entry.chain;
        int index = entry.hash & (table.length - 1);
        entry.chain = table[index];
        table[index] = entry;
        entry = chain;
      }
    }
  }

  private void unlink(Entry<V> entry) {
    entry.newer.older = entry.older;
    entry.older.newer = entry.newer;
  }

  private void linkNewest(Entry<V> entry) {
    entry.older = head.older;
    entry.newer = head;
    head.older.newer = entry;
    head.older = entry;
  }
}
