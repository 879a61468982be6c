package io.cairn.lsm.internal.version;

import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.iterator.TwoLevelIterator;
import io.cairn.lsm.internal.iterator.UserKeyRangeIterator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.key.Lookup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One immutable set of live tables: the files of every level. L0 files are ordered by file
 * number (oldest first) and may overlap; deeper levels are sorted by key and do not overlap.
 *
 * <p>Reference-counted: the version set holds the current version, and readers, iterators and
 * compactions hold the version they started on. When the count drops to zero the version lets
 * go of its files, and a file no live version holds is handed to the obsolete-file sink.
 *
 * <p>Thread-safety: immutable apart from the atomic reference count.
 */
public final class Version {
  private final InternalKeyComparator comparator;
  private final List<List<FileMetaData>> levels;
  private final Consumer<FileMetaData> obsoleteSink;
  private final LiveContainers containers;
  private final AtomicInteger references = new AtomicInteger(1);
  private double compactionScore = -1;
  private int compactionLevel = -1;

  /**
   * A version over {@code levels} (which it now owns), holding one reference for its creator; a
   * file entering its first live version is counted in {@code containers}.
   */
  Version(InternalKeyComparator comparator, List<List<FileMetaData>> levels, Consumer<FileMetaData> obsoleteSink,
      LiveContainers containers) {
    this.comparator = comparator;
    this.levels = levels;
    this.obsoleteSink = obsoleteSink;
    this.containers = containers;
    for (List<FileMetaData> level : levels) {
      for (FileMetaData file : level) {
        if (file.retain()) {
          containers.acquire(file);
        }
      }
    }
  }

  /** Adds a reference. Only a holder of a reference may add one. */
  public void ref() {
    int before = references.getAndIncrement();
    assert before > 0 : "version revived after its last reference";
  }

  /** Adds a reference unless the version was already released (then returns false). */
  boolean tryRef() {
    int count;
    do {
      count = references.get();
      if (count == 0) {
        return false;
      }
    } while (!references.compareAndSet(count, count + 1));
    return true;
  }

  /** Drops a reference; the last one releases the files. */
  public void unref() {
    int left = references.decrementAndGet();
    assert left >= 0;
    if (left == 0) {
      for (List<FileMetaData> level : levels) {
        for (FileMetaData file : level) {
          if (file.release()) {
            containers.release(file, true);
            obsoleteSink.accept(file);
          }
        }
      }
    }
  }

  /**
   * Drops the creator's reference of a version that was never installed because its MANIFEST
   * write failed in a way that leaves it unknown whether the edit is durable: the files it added
   * are kept (an orphan is removed at the next open; a durable edit still finds its files).
   */
  public void abandonKeepingFiles() {
    int left = references.decrementAndGet();
    assert left == 0 : "abandoned version still referenced";
    for (List<FileMetaData> level : levels) {
      for (FileMetaData file : level) {
        if (file.release()) {
          containers.release(file, false);
        }
      }
    }
  }

  /** Number of levels. */
  public int levelCount() {
    return levels.size();
  }

  /** The files of {@code level} (unmodifiable). */
  public List<FileMetaData> files(int level) {
    return levels.get(level);
  }

  /** Number of files at {@code level}. */
  public int fileCount(int level) {
    return levels.get(level).size();
  }

  /** Total bytes of the files at {@code level}. */
  public long levelBytes(int level) {
    long total = 0;
    for (FileMetaData file : levels.get(level)) {
      total += file.fileBytes();
    }
    return total;
  }

  /**
   * L0's data bytes ({@link FileMetaData#dataBytes}): its tables' bytes plus the value bytes they
   * reference in the Containers of tables an L0 merge replaced. What the pmem budget weighs.
   */
  public long level0DataBytes() {
    long total = 0;
    for (FileMetaData file : levels.get(0)) {
      total += file.dataBytes();
    }
    return total;
  }

  /**
   * Value bytes this version's SSTables reference in each Container that L0 does not list (those
   * kept for their references alone: relocated value Containers, and NVMTables that left L0).
   * Exact for this version: each live entry lies in exactly one of its tables, and each table's
   * {@link ContainerRefs} counts the bytes of the references it holds.
   */
  public java.util.Map<Long, Long> referencedContainerBytes() {
    java.util.Map<Long, Long> referenced = new java.util.HashMap<>();
    for (List<FileMetaData> level : levels) {
      for (FileMetaData file : level) {
        ContainerRefs refs = file.containerRefs();
        for (int i = 0; i < refs.size(); i++) {
          referenced.merge(refs.container(i), refs.bytes(i), Long::sum);
        }
      }
    }
    for (FileMetaData file : levels.get(0)) {
      referenced.remove(file.number());
    }
    return referenced;
  }

  /** The internal order. */
  public InternalKeyComparator comparator() {
    return comparator;
  }

  /**
   * Looks {@code lookup} up in the tables, L0 newest first, then one candidate file per level.
   * Returns true when some table held a visible version (recorded in {@code lookup}).
   */
  public boolean get(Lookup lookup, ReadOptions options, TableCache tables) {
    return get(lookup, options, tables, null);
  }

  /**
   * A reader of many keys of this version (a {@code multiGet}): it asks the tables as {@link #get}
   * does, but takes each table's reference once, the first time it asks that table, and returns
   * them all at {@link Reader#close}, where {@link #get} takes and returns one per table per key
   * (a map lookup and three atomic updates each: about as much as the table's bloom probe, for
   * every L0 table an absent key passes; session 19). The caller holds a reference to this version
   * while the reader is open.
   */
  public Reader reader(TableCache tables) {
    return new Reader(tables);
  }

  /** See {@link #reader}. Thread-safety: one thread at a time; {@link #close} once. */
  public final class Reader implements AutoCloseable {
    private final TableCache tables;
    /** Per level, per file index: the table's pinned entry, null until first asked. */
    private final TableCache.Entry[][] pinned;
    private boolean closed;

    private Reader(TableCache tables) {
      this.tables = tables;
      this.pinned = new TableCache.Entry[levels.size()][];
      for (int level = 0; level < pinned.length; level++) {
        pinned[level] = new TableCache.Entry[levels.get(level).size()];
      }
    }

    /** {@link Version#get} of {@code lookup}, through this reader's pins. */
    public boolean get(Lookup lookup, ReadOptions options) {
      if (closed) {
        throw new IllegalStateException("the reader is closed");
      }
      return Version.this.get(lookup, options, tables, this);
    }

    /** Asks file {@code index} of {@code level}, pinning its table on first use. */
    private boolean ask(int level, int index, FileMetaData file, Lookup lookup, ReadOptions options) {
      TableCache.Entry entry = pinned[level][index];
      if (entry == null) {
        entry = tables.acquire(file);
        pinned[level][index] = entry;
      }
      return entry.table.get(lookup, options);
    }

    /** Tables this reader holds now. */
    public int pinnedTables() {
      int count = 0;
      for (TableCache.Entry[] level : pinned) {
        for (TableCache.Entry entry : level) {
          count += entry == null ? 0 : 1;
        }
      }
      return count;
    }

    /** Returns every pinned table's reference (a table evicted meanwhile closes now). */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      for (TableCache.Entry[] level : pinned) {
        for (int i = 0; i < level.length; i++) {
          if (level[i] != null) {
            level[i].release();
            level[i] = null;
          }
        }
      }
    }
  }

  /** {@link #get}, asking each table through {@code reader}'s pins, or the cache's per call when it is null. */
  private boolean get(Lookup lookup, ReadOptions options, TableCache tables, Reader reader) {
    byte[] key = lookup.internalKey();
    KeyOrder userOrder = comparator.userOrder();
    int userLength = lookup.userKeyLength();
    List<FileMetaData> level0 = levels.get(0);
    for (int i = level0.size() - 1; i >= 0; i--) {
      FileMetaData file = level0.get(i);
      byte[] compacted = file.compactedThrough();
      if ((compacted == null || userOrder.compare(key, 0, userLength, compacted, 0, compacted.length) > 0)
          && userOrder.compare(key, 0, userLength, file.smallest(), 0, file.smallest().length - InternalKeyFormat.TAG_BYTES) >= 0
          && userOrder.compare(key, 0, userLength, file.largest(), 0, file.largest().length - InternalKeyFormat.TAG_BYTES) <= 0) {
        lookup.noteTableAsked(true);
        if (reader == null ? tables.get(file, lookup, options) : reader.ask(0, i, file, lookup, options)) {
          lookup.noteAnsweredInL0();
          return true;
        }
      }
    }
    for (int level = 1; level < levels.size(); level++) {
      List<FileMetaData> files = levels.get(level);
      int index = findFile(comparator, files, key, 0, key.length);
      if (index < files.size()) {
        FileMetaData file = files.get(index);
        if (userOrder.compare(key, 0, userLength, file.smallest(), 0, file.smallest().length - InternalKeyFormat.TAG_BYTES) >= 0) {
          lookup.noteTableAsked(false);
          if (reader == null ? tables.get(file, lookup, options) : reader.ask(level, index, file, lookup, options)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Adds one iterator per L0 file (without the entries a slice compaction moved to L1) and one
   * concatenating iterator per deeper non-empty level.
   */
  public void addIterators(List<InternalIterator> iterators, ReadOptions options, TableCache tables) {
    for (FileMetaData file : levels.get(0)) {
      iterators.add(UserKeyRangeIterator.limit(tables.newIterator(file, options), comparator.userOrder(),
          file.compactedThrough(), null));
    }
    for (int level = 1; level < levels.size(); level++) {
      if (!levels.get(level).isEmpty()) {
        iterators.add(levelIterator(level, options, tables));
      }
    }
  }

  /** A concatenating iterator over the sorted files of {@code level} (1 or deeper). */
  public InternalIterator levelIterator(int level, ReadOptions options, TableCache tables) {
    return concatenating(comparator, levels.get(level), options, tables);
  }

  /**
   * A concatenating iterator over {@code files}, sorted and non-overlapping (part of a level
   * below L0): tables are opened one at a time as the cursor reaches them.
   */
  public static InternalIterator concatenating(InternalKeyComparator comparator, List<FileMetaData> files,
      ReadOptions options, TableCache tables) {
    return new TwoLevelIterator(new LevelFilesIterator(comparator, files),
        (value, offset, length) -> tables.newIterator(files.get(LevelFilesIterator.position(value, offset)), options));
  }

  /** Whether any file at {@code level} overlaps the user key range [smallest, largest] (null = open). */
  public boolean overlapInLevel(int level, byte[] smallestUserKey, byte[] largestUserKey) {
    return !overlappingInputs(level, smallestUserKey, largestUserKey).isEmpty();
  }

  /**
   * The files at {@code level} overlapping the user key range [begin, end] (null = open). At L0,
   * where files overlap each other, the range grows to cover every file it touches, so that a
   * compaction never splits the versions of a key between L0 and L1.
   */
  public List<FileMetaData> overlappingInputs(int level, byte[] begin, byte[] end) {
    KeyOrder order = comparator.userOrder();
    List<FileMetaData> inputs = new ArrayList<>();
    List<FileMetaData> files = levels.get(level);
    for (int i = 0; i < files.size(); i++) {
      FileMetaData file = files.get(i);
      byte[] fileStart = InternalKeyFormat.userKey(file.smallest());
      byte[] fileLimit = InternalKeyFormat.userKey(file.largest());
      if ((end != null && order.compare(fileStart, end) > 0) || (begin != null && order.compare(fileLimit, begin) < 0)) {
        continue;
      }
      inputs.add(file);
      if (level == 0) {
        boolean grew = false;
        if (begin != null && order.compare(fileStart, begin) < 0) {
          begin = fileStart;
          grew = true;
        }
        if (end != null && order.compare(fileLimit, end) > 0) {
          end = fileLimit;
          grew = true;
        }
        if (grew) {
          inputs.clear();
          i = -1;
        }
      }
    }
    return inputs;
  }

  /** Score of the level most in need of compaction (at least 1 means needed). */
  public double compactionScore() {
    return compactionScore;
  }

  /** The level most in need of compaction, or -1. */
  public int compactionLevel() {
    return compactionLevel;
  }

  void setCompactionScore(int level, double score) {
    compactionLevel = level;
    compactionScore = score;
  }

  /** Index of the first file whose largest key is at or after {@code key}; size() when none. */
  static int findFile(InternalKeyComparator comparator, List<FileMetaData> files, byte[] key, int offset, int length) {
    int low = 0;
    int high = files.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      byte[] largest = files.get(middle).largest();
      if (comparator.compare(largest, 0, largest.length, key, offset, length) < 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** One line per level: file numbers with their key ranges (the {@code cairn.sstables} property). */
  public String describe() {
    StringBuilder text = new StringBuilder();
    for (int level = 0; level < levels.size(); level++) {
      text.append("--- level ").append(level).append(" ---\n");
      for (FileMetaData file : levels.get(level)) {
        text.append(' ').append(file.number()).append(':').append(file.fileBytes()).append(' ').append(file.kind())
            .append(" [").append(InternalKeyFormat.describe(comparator.userOrder(), file.smallest()))
            .append(" .. ").append(InternalKeyFormat.describe(comparator.userOrder(), file.largest())).append("]\n");
      }
    }
    return text.toString();
  }
}
