package io.cairn.lsm.internal.memtable;

import io.cairn.common.BloomFilter;
import io.cairn.common.Varints;
import io.cairn.lsm.api.MemTableRep;
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
 * <p>Memory: {@link #add} copies key and value into the memtable's {@link EntryArena} (session
 * 14). With {@code -Dcairn.memtable.arena=true} that is large chunks that G1 allocates as
 * humongous objects and a young collection never copies, so a young pause copies only the
 * skiplist's nodes, not the entries, however long the memtable lives; by default (the arena off)
 * each entry is an array of its own. The arena is this object's and is dropped with it; a reader holding the memtable (through
 * the engine's reference-counted {@code SuperVersion}, or an iterator) holds its chunks. A get
 * returns a copy of the value.
 * A {@link MemTableFilter} of one bit per 8 bytes of the write budget answers most lookups of keys
 * it does not hold without searching the list.
 *
 * <p>Representation ({@link MemTableRep}, session 16): a {@link SkipList} by default, or {@link
 * SortedRuns}, whose entries become visible to readers at {@link #endBatch} (a write batch's
 * entries sorted into a run). Every writer ends each batch with {@link #endBatch}; with the
 * skiplist it does nothing, each {@link #add} being visible at once.
 */
public final class MemTable {
  /**
   * Estimated bytes of a node beyond its entry: object header, the slice's fields, the level-0 link
   * and successor prefix. A node of the usual height 1 is 56 bytes since session 15 (its level-0
   * link and prefix are fields, no arrays); a taller one adds arrays of 4 and 8 bytes per level
   * above 0 (about 30 bytes more for one node in four). WriteBufferTest counts the entries that
   * fill a memtable by this figure.
   */
  private static final int NODE_OVERHEAD_BYTES = 64;

  private final InternalKeyComparator comparator;
  /** The skiplist, or null with {@link MemTableRep#SORTED_RUNS}. */
  private final SkipList list;
  /** The sorted runs, or null with {@link MemTableRep#SKIPLIST}. */
  private final SortedRuns runs;
  private final MemTableFilter filter;
  /** The entries' bytes; written by the writer only. */
  private final EntryArena arena;
  private volatile long approximateBytes;
  private volatile long entries;
  private volatile long largestSequence;

  /**
   * An empty memtable ordered by {@code comparator}, switched once it accounts about {@code
   * writeBufferBytes} (its filter's size follows from it; more entries only raise the filter's
   * false-positive rate).
   */
  public MemTable(InternalKeyComparator comparator, long writeBufferBytes) {
    this(comparator, writeBufferBytes, MemTableRep.SKIPLIST);
  }

  /** An empty memtable of the given representation (see {@link #MemTable(InternalKeyComparator, long)}). */
  public MemTable(InternalKeyComparator comparator, long writeBufferBytes, MemTableRep rep) {
    this(comparator, writeBufferBytes, EntryArena.chunkBytesFor(writeBufferBytes), rep);
  }

  /** The memtable of {@code options}' write budget and representation. */
  public static MemTable of(InternalKeyComparator comparator, Options options) {
    return new MemTable(comparator, options.writeBufferBytes(), options.memTableRep());
  }

  /** An empty memtable whose arena takes chunks of {@code arenaChunkBytes} (tests of chunk boundaries). */
  MemTable(InternalKeyComparator comparator, long writeBufferBytes, int arenaChunkBytes) {
    this(comparator, writeBufferBytes, arenaChunkBytes, MemTableRep.SKIPLIST);
  }

  MemTable(InternalKeyComparator comparator, long writeBufferBytes, int arenaChunkBytes, MemTableRep rep) {
    this.comparator = comparator;
    this.list = rep == MemTableRep.SKIPLIST ? new SkipList(comparator, System.nanoTime()) : null;
    this.runs = rep == MemTableRep.SORTED_RUNS ? new SortedRuns(comparator) : null;
    this.filter = MemTableFilter.forWriteBuffer(writeBufferBytes);
    this.arena = new EntryArena(arenaChunkBytes);
  }

  /** An empty memtable with the filter of the engine's default write budget. */
  public MemTable(InternalKeyComparator comparator) {
    this(comparator, Options.DEFAULT_WRITE_BUFFER_BYTES);
  }

  /** The internal order. */
  public InternalKeyComparator comparator() {
    return comparator;
  }

  /** The representation. */
  public MemTableRep rep() {
    return list != null ? MemTableRep.SKIPLIST : MemTableRep.SORTED_RUNS;
  }

  /**
   * Adds one version: {@code type} is {@link InternalKeyFormat#TYPE_VALUE} (with a value) or
   * {@link InternalKeyFormat#TYPE_DELETION} (value length 0). Single writer only. Readers see it
   * at once (skiplist) or from the next {@link #endBatch} (sorted runs): the writer ends every
   * batch with it before the batch's sequence numbers are published.
   */
  public void add(long sequence, int type, byte[] key, int keyOffset, int keyLength,
      byte[] value, int valueOffset, int valueLength) {
    int internalKeyLength = keyLength + InternalKeyFormat.TAG_BYTES;
    int offset = arena.allocate(internalKeyLength + valueLength);
    byte[] chunk = arena.chunk();
    InternalKeyFormat.encodeInto(chunk, offset, key, keyOffset, keyLength, sequence, type);
    if (valueLength > 0) {
      System.arraycopy(value, valueOffset, chunk, offset + internalKeyLength, valueLength);
    }
    filter.add(BloomFilter.hash(key, keyOffset, keyLength)); // before the link that publishes the entry
    if (list != null) {
      list.insert(chunk, offset, internalKeyLength, valueLength);
    } else {
      runs.insert(chunk, offset, internalKeyLength, valueLength);
    }
    // Single writer: plain read-modify-write of the volatiles is safe.
    entries = entries + 1;
    approximateBytes = arena.accountedBytes() + entries * NODE_OVERHEAD_BYTES;
    if (sequence > largestSequence) {
      largestSequence = sequence;
    }
  }

  /**
   * Makes every entry added since the last call visible to readers (sorted runs: the batch becomes
   * a run; skiplist: nothing to do). Single writer only; every writer calls it at the end of each
   * batch, before the batch's sequence numbers are published, and before the memtable is sealed.
   */
  public void endBatch() {
    if (runs != null) {
      runs.publish();
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
    if (runs != null) {
      SortedRuns.Position position = new SortedRuns.Position();
      return runs.seekUserKey(key, position) && found(lookup, position);
    }
    return found(lookup, list.seek(key, 0, key.length));
  }

  /**
   * A reader's position in this memtable for lookups in ascending key order ({@link #get(Lookup,
   * Finger)}). Owned by one reader; any order of lookups stays correct, ascending is fast.
   */
  public static final class Finger {
    private final SkipList.Finger position = new SkipList.Finger();
    private final SortedRuns.Finger runsPosition = new SortedRuns.Finger();
    private final SortedRuns.Position found = new SortedRuns.Position();
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
    if (runs != null) {
      return runs.seekUserKey(finger.runsPosition, lookup.internalKey(), finger.found) && found(lookup, finger.found);
    }
    return found(lookup, list.seek(finger.position, lookup.internalKey()));
  }

  /** Records the entry {@link SortedRuns} found (its user key is the lookup's) in {@code lookup}. */
  private boolean found(Lookup lookup, SortedRuns.Position position) {
    byte[] chunk = position.chunk();
    int offset = position.offset();
    int keyLength = position.keyLength();
    long tag = InternalKeyFormat.tagOf(chunk, offset, keyLength);
    if (InternalKeyFormat.type(tag) == InternalKeyFormat.TYPE_DELETION) {
      lookup.setDeleted();
    } else {
      lookup.setValue(chunk, offset + keyLength, position.valueLength());
    }
    return true;
  }

  private boolean found(Lookup lookup, SkipList.Node node) {
    byte[] key = lookup.internalKey();
    if (node == null
        || comparator.compareUserKeys(node.chunk, node.offset, node.keyLength, key, 0, key.length) != 0) {
      return false;
    }
    long tag = InternalKeyFormat.tagOf(node.chunk, node.offset, node.keyLength);
    if (InternalKeyFormat.type(tag) == InternalKeyFormat.TYPE_DELETION) {
      lookup.setDeleted();
    } else {
      lookup.setValue(node.chunk, node.valueOffset(), node.valueLength);
    }
    return true;
  }

  /** A cursor over every entry; it sees entries added after its creation only by chance. */
  public InternalIterator newIterator() {
    return list != null ? new MemTableIterator(list) : runs.newIterator();
  }

  /** Bytes of the key filter (allocated up front, not counted in {@link #approximateBytes}). */
  public long filterBytes() {
    return filter.bytes();
  }

  /**
   * Estimated heap bytes held, what the write budget is checked against: the bytes its arena gave
   * out and the chunk rests it will never use ({@link EntryArena#accountedBytes}), plus {@value
   * #NODE_OVERHEAD_BYTES} per node. Not counted: the unused rest of the arena's current chunk (at
   * most one chunk) and the filter ({@link #filterBytes}).
   */
  public long approximateBytes() {
    return approximateBytes;
  }

  /** Heap bytes of the arena's arrays, the current chunk's unused rest included (for tests and statistics). */
  long arenaAllocatedBytes() {
    return arena.allocatedBytes();
  }

  /** The arena's chunk size (for tests). */
  int arenaChunkBytes() {
    return arena.chunkBytes();
  }

  /** The sorted runs' sizes, oldest first, or null with the skiplist (tests and statistics). */
  int[] runSizes() {
    return runs != null ? runs.runSizes() : null;
  }

  /** The representation's first broken invariant, or null (tests; the writer stopped). */
  String invariantViolation() {
    return runs != null ? runs.invariantViolation() : list.invariantViolation();
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
