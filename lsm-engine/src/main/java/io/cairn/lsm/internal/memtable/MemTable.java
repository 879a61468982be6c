package io.cairn.lsm.internal.memtable;

import io.cairn.common.BloomFilter;
import io.cairn.common.Varints;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.Lookup;

/**
 * The in-memory table of recent writes: a {@link SkipList} of internal keys. Writes go here after
 * the WAL; when it holds {@code writeBufferBytes} it becomes immutable and is flushed to L0.
 *
 * <p>Thread-safety: {@link #add} is called by one thread at a time (the group-commit leader, or
 * recovery); {@link #get}, {@link #newIterator} and the size accessors may run concurrently with
 * it and with each other.
 *
 * <p>Memory: {@link #add} copies key and value into one new array per entry; readers get copies.
 * A {@link MemTableFilter} of one bit per 8 bytes of the write budget answers most lookups of keys
 * it does not hold without searching the list.
 */
public final class MemTable {
  /**
   * Estimated bytes of a node beyond its entry: object headers, the next array, a few links. Left
   * at 64 in session 13 although the writer's array of successor prefixes adds 24 bytes at the
   * usual height 1: WriteBufferTest counts the entries that fill a memtable by it.
   */
  private static final int NODE_OVERHEAD_BYTES = 64;

  private final InternalKeyComparator comparator;
  private final SkipList list;
  private final MemTableFilter filter;
  private volatile long approximateBytes;
  private volatile long entries;
  private volatile long largestSequence;

  /**
   * An empty memtable ordered by {@code comparator}, switched once it accounts about {@code
   * writeBufferBytes} (its filter's size follows from it; more entries only raise the filter's
   * false-positive rate).
   */
  public MemTable(InternalKeyComparator comparator, long writeBufferBytes) {
    this.comparator = comparator;
    this.list = new SkipList(comparator, System.nanoTime());
    this.filter = MemTableFilter.forWriteBuffer(writeBufferBytes);
  }

  /** An empty memtable with the filter of the engine's default write budget. */
  public MemTable(InternalKeyComparator comparator) {
    this(comparator, Options.DEFAULT_WRITE_BUFFER_BYTES);
  }

  /** The internal order. */
  public InternalKeyComparator comparator() {
    return comparator;
  }

  /**
   * Adds one version: {@code type} is {@link InternalKeyFormat#TYPE_VALUE} (with a value) or
   * {@link InternalKeyFormat#TYPE_DELETION} (value length 0). Single writer only.
   */
  public void add(long sequence, int type, byte[] key, int keyOffset, int keyLength,
      byte[] value, int valueOffset, int valueLength) {
    int internalKeyLength = keyLength + InternalKeyFormat.TAG_BYTES;
    byte[] entry = new byte[internalKeyLength + valueLength];
    InternalKeyFormat.encodeInto(entry, key, keyOffset, keyLength, sequence, type);
    if (valueLength > 0) {
      System.arraycopy(value, valueOffset, entry, internalKeyLength, valueLength);
    }
    filter.add(BloomFilter.hash(key, keyOffset, keyLength)); // before the link that publishes the entry
    list.insert(entry, internalKeyLength);
    // Single writer: plain read-modify-write of the volatiles is safe.
    approximateBytes = approximateBytes + entry.length + NODE_OVERHEAD_BYTES;
    entries = entries + 1;
    if (sequence > largestSequence) {
      largestSequence = sequence;
    }
  }

  /**
   * Looks up {@code lookup}'s key as of its sequence: records a value or a deletion in {@code
   * lookup} and returns true, or returns false when this memtable holds no visible version.
   */
  public boolean get(Lookup lookup) {
    if (!filter.mayContain(lookup.filterHash())) {
      return false;
    }
    byte[] key = lookup.internalKey();
    return found(lookup, list.seek(key, 0, key.length));
  }

  /**
   * A reader's position in this memtable for lookups in ascending key order ({@link #get(Lookup,
   * Finger)}). Owned by one reader; any order of lookups stays correct, ascending is fast.
   */
  public static final class Finger {
    private final SkipList.Finger position = new SkipList.Finger();
  }

  /**
   * {@link #get(Lookup)} searching from {@code finger}: the lookup of a key above the finger's
   * last one starts from the nodes that lookup passed, so keys looked up in ascending order walk
   * the list about once instead of searching it from the head each time.
   */
  public boolean get(Lookup lookup, Finger finger) {
    if (!filter.mayContain(lookup.filterHash())) {
      return false; // the finger stays where it was: still below every later, larger key
    }
    return found(lookup, list.seek(finger.position, lookup.internalKey()));
  }

  private boolean found(Lookup lookup, SkipList.Node node) {
    byte[] key = lookup.internalKey();
    if (node == null
        || comparator.compareUserKeys(node.entry, 0, node.keyLength, key, 0, key.length) != 0) {
      return false;
    }
    long tag = InternalKeyFormat.tagOf(node.entry, 0, node.keyLength);
    if (InternalKeyFormat.type(tag) == InternalKeyFormat.TYPE_DELETION) {
      lookup.setDeleted();
    } else {
      lookup.setValue(node.entry, node.keyLength, node.entry.length - node.keyLength);
    }
    return true;
  }

  /** A cursor over every entry; it sees entries added after its creation only by chance. */
  public InternalIterator newIterator() {
    return new MemTableIterator(list);
  }

  /** Bytes of the key filter (allocated up front, not counted in {@link #approximateBytes}). */
  public long filterBytes() {
    return filter.bytes();
  }

  /** Estimated heap bytes held. */
  public long approximateBytes() {
    return approximateBytes;
  }

  /** Number of entries. */
  public long entries() {
    return entries;
  }

  /** Whether nothing was added. */
  public boolean isEmpty() {
    return entries == 0;
  }

  /** Largest sequence number added, or 0. */
  public long largestSequence() {
    return largestSequence;
  }
}
