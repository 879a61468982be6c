package io.cairn.pmem.l0.internal;

import io.cairn.pgm.PgmIndex;
import io.cairn.pgm.KeySource;
import io.cairn.pmem.l0.KeyOrder;
import io.cairn.pmem.l0.LookupKey;
import java.lang.foreign.MemorySegment;

/**
 * Finds the first entry at or after a key ("lower bound") in an open NVMTable, two ways over the
 * same slots: through the table's PGM model (the paper's read path) and by plain binary search
 * (the baseline it is measured against).
 *
 * <p>Both compare an entry with the key by model key first (one 8-byte load from the slot) and
 * read the key's bytes only on a tie: model keys never decrease along the table's order, so a
 * smaller model key means a smaller key and a larger one a larger key.
 *
 * <p>Learned: the lower bound of the model key is found by the learned index itself ({@link
 * PgmIndex#rank(long, KeySource)}: predict, scan the window, fall back to a full search should the
 * model disagree with the slots). This class only supplies the model keys: the window the model
 * names is read as one view (one pmem read of consecutive lines). Then, only if the entry found
 * has the same model key as the lookup (versions of one user key, or a shared 8-byte prefix), the
 * run of equal model keys is searched by key: galloping, then binary search. Slots inside the
 * window are read from it, not from pmem again.
 *
 * <p>Thread-safety: safe for concurrent lookups.
 */
public final class TableSearch {
  private final TableAccess access;
  private final PgmIndex model;
  private final KeyOrder order;
  private final int entryCount;
  private final int slotBytes;

  /**
   * The slots a lookup has already read: its window, or none; the model keys the learned index
   * reads. One per lookup.
   */
  private static final class Window implements KeySource {
    private final TableAccess access;
    MemorySegment slots;
    int first;
    int count;

    Window(TableAccess access) {
      this.access = access;
    }

    boolean holds(int position) {
      return position >= first && position - first < count;
    }

    @Override
    public void window(int lo, int hi) {
      if (lo < hi) {
        slots = access.slots(lo, hi - lo);
        first = lo;
        count = hi - lo;
      }
    }

    @Override
    public long keyAt(int position) {
      return holds(position) ? TableAccess.modelKey(slots, (long) (position - first) * access.slotBytes())
          : access.modelKey(position);
    }
  }

  /** A search over {@code access}'s slots with {@code model} (built over their model keys). */
  public TableSearch(TableAccess access, PgmIndex model, KeyOrder order) {
    this.access = access;
    this.model = model;
    this.order = order;
    this.entryCount = access.entryCount();
    this.slotBytes = access.slotBytes();
  }

  /** Lookups whose model window did not hold the answer and fell back to a full search: always 0 for a sound table. */
  public long windowMisses() {
    return model.windowMisses();
  }

  /** The first position whose entry is {@code >=} {@code key}, or the entry count. */
  public int lowerBound(LookupKey key, boolean learned) {
    Window window = new Window(access);
    return learned ? lowerBoundLearned(key, window) : lowerBoundBinary(key, window);
  }

  /**
   * The value of the entry equal to {@code key} (a view: inline in its slot, or its checked
   * container record), or {@code null} when there is none. Does not consult the bloom filter.
   */
  public MemorySegment get(LookupKey key, boolean learned) {
    Window window = new Window(access);
    int position = learned ? lowerBoundLearned(key, window) : lowerBoundBinary(key, window);
    if (position == entryCount) {
      return null;
    }
    MemorySegment slots;
    long offset;
    if (window.holds(position)) {
      slots = window.slots;
      offset = (long) (position - window.first) * slotBytes;
    } else {
      slots = access.slot(position);
      offset = 0;
    }
    if (TableAccess.modelKey(slots, offset) != key.modelKey()
        || order.compare(access.key(slots, offset, position), key.key()) != 0) {
      return null;
    }
    return access.value(slots, offset, position);
  }

  private int lowerBoundLearned(LookupKey key, Window window) {
    return finishByKey(key, model.rank(key.modelKey(), window), window);
  }

  private int lowerBoundBinary(LookupKey key, Window window) {
    int lo = 0;
    int hi = entryCount;
    while (lo < hi) {
      int middle = (lo + hi) >>> 1;
      if (compare(middle, key, window) < 0) {
        lo = middle + 1;
      } else {
        hi = middle;
      }
    }
    return lo;
  }

  /**
   * {@code position} is the first entry whose model key is {@code >=} the lookup's. If its model
   * key is equal, the answer may lie further on, among entries of the same model key: gallop
   * from it until an entry is {@code >=} the key, then binary search the last gap.
   */
  private int finishByKey(LookupKey key, int position, Window window) {
    if (position == entryCount || compare(position, key, window) >= 0) {
      return position;
    }
    int below = position;
    int step = 1;
    int above = entryCount;
    while (below + step < entryCount) {
      int probe = below + step;
      if (compare(probe, key, window) >= 0) {
        above = probe;
        break;
      }
      below = probe;
      step <<= 1;
    }
    int lo = below + 1;
    int hi = above;
    while (lo < hi) {
      int middle = (lo + hi) >>> 1;
      if (compare(middle, key, window) < 0) {
        lo = middle + 1;
      } else {
        hi = middle;
      }
    }
    return lo;
  }

  /**
   * Entry {@code position} against {@code key}: by model key, then by key bytes on a tie. Reads
   * from {@code window} when it holds the slot; else one 8-byte load, and on a tie the slot, which
   * then becomes the window.
   */
  private int compare(int position, LookupKey key, Window window) {
    if (window.holds(position)) {
      long offset = (long) (position - window.first) * slotBytes;
      int byModel = Long.compareUnsigned(TableAccess.modelKey(window.slots, offset), key.modelKey());
      return byModel != 0 ? byModel : order.compare(access.key(window.slots, offset, position), key.key());
    }
    int byModel = Long.compareUnsigned(access.modelKey(position), key.modelKey());
    if (byModel != 0) {
      return byModel;
    }
    // A tie: read the slot once, and keep it, since the answer is often this very entry.
    window.slots = access.slot(position);
    window.first = position;
    window.count = 1;
    return order.compare(access.key(window.slots, 0, position), key.key());
  }
}
