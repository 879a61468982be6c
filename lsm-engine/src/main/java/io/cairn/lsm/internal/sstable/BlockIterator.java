package io.cairn.lsm.internal.sstable;

import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.SliceComparator;
import java.util.Arrays;

/**
 * Cursor over a {@link Block}: binary search over restart points, then a linear scan; moving back
 * rescans from the restart point before the current entry. The current key is rebuilt in a buffer
 * the iterator owns; the value is a slice of the block.
 *
 * <p>Thread-safety: not thread-safe.
 */
public final class BlockIterator implements InternalIterator {
  private final Block block;
  private final byte[] data;
  private final SliceComparator comparator;
  private final int limit;
  private byte[] key = new byte[32];
  private int keyLength;
  private int current;
  private int next;
  private int valueOffset;
  private int valueLength;
  private int restartIndex;
  /** Offset just past the varint that {@link #readVarint} decoded last. */
  private int varintEnd;
  /** Length of the key {@link #restartKeyStart} found last. */
  private int restartKeyLength;

  BlockIterator(Block block, SliceComparator comparator) {
    this.block = block;
    this.data = block.data();
    this.comparator = comparator;
    this.limit = block.restartsOffset();
    this.current = limit;
  }

  @Override
  public boolean isValid() {
    return current < limit;
  }

  @Override
  public void seekToFirst() {
    seekToRestart(0);
    parseNext();
  }

  @Override
  public void seekToLast() {
    if (block.restartCount() == 0) {
      current = limit;
      return;
    }
    seekToRestart(block.restartCount() - 1);
    while (parseNext() && next < limit) {
      // Keep going to the last entry.
    }
  }

  @Override
  public void seek(byte[] target, int offset, int length) {
    int low = 0;
    int high = block.restartCount() - 1;
    if (high < 0) {
      current = limit;
      return;
    }
    // Last restart point whose key is < target. A restart entry stores its whole key, so each
    // probe compares it where it lies in the block (no copy into the key buffer).
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      int keyStart = restartKeyStart(block.restartPoint(middle));
      if (comparator.compare(data, keyStart, restartKeyLength, target, offset, length) < 0) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    seekToRestart(low);
    while (parseNext()) {
      if (comparator.compare(key, 0, keyLength, target, offset, length) >= 0) {
        return;
      }
    }
  }

  @Override
  public void next() {
    assert isValid();
    parseNext();
  }

  @Override
  public void prev() {
    assert isValid();
    int original = current;
    while (block.restartPoint(restartIndex) >= original) {
      if (restartIndex == 0) {
        current = limit;
        return;
      }
      restartIndex--;
    }
    seekToRestart(restartIndex);
    while (parseNext() && next < original) {
      // Stop on the entry just before the original one.
    }
  }

  @Override public byte[] keyBytes() { return key; }
  @Override public int keyOffset() { return 0; }
  @Override public int keyLength() { return keyLength; }
  @Override public byte[] valueBytes() { return data; }
  @Override public int valueOffset() { return valueOffset; }
  @Override public int valueLength() { return valueLength; }

  @Override
  public void close() {
    current = limit;
  }

  private void seekToRestart(int index) {
    restartIndex = index;
    keyLength = 0;
    next = index < block.restartCount() ? block.restartPoint(index) : limit;
  }

  /** Decodes the entry at {@link #next}; returns false (and becomes invalid) at the end. */
  private boolean parseNext() {
    current = next;
    if (current >= limit) {
      current = limit;
      if (restartIndex + 1 < block.restartCount()) {
        throw block.corruption(limit, "block entries skip over a restart point");
      }
      return false;
    }
    int position = current;
    int shared = readVarint(position);
    position = varintEnd;
    int unshared = readVarint(position);
    position = varintEnd;
    int length = readVarint(position);
    position = varintEnd;
    if (shared > keyLength || unshared > limit - position || length > limit - position - unshared) {
      current = limit;
      throw block.corruption(next, "block entry lengths run past the entries or the previous key");
    }
    int newLength = shared + unshared;
    if (key.length < newLength) {
      key = Arrays.copyOf(key, Math.max(newLength, key.length * 2));
    }
    System.arraycopy(data, position, key, shared, unshared);
    keyLength = newLength;
    valueOffset = position + unshared;
    valueLength = length;
    next = valueOffset + length;
    if (restartIndex + 1 < block.restartCount()) {
      int nextRestart = block.restartPoint(restartIndex + 1);
      if (current == nextRestart) {
        restartIndex++;
      } else if (current > nextRestart) {
        throw block.corruption(current, "block entries do not line up with its restart points");
      }
    }
    if (shared != 0 && current == block.restartPoint(restartIndex)) {
      throw block.corruption(current, "block entry at a restart point shares a prefix");
    }
    return true;
  }

  /**
   * Offset in the block of the full key stored at a restart point (shared must be 0); its length
   * is left in {@link #restartKeyLength}.
   */
  private int restartKeyStart(int entry) {
    int shared = readVarint(entry);
    int unshared = readVarint(varintEnd);
    int position = varintEnd;
    readVarint(position);
    position = varintEnd;
    if (shared != 0 || unshared > limit - position) {
      throw block.corruption(entry, "block restart entry is malformed");
    }
    restartKeyLength = unshared;
    return position;
  }

  /** Reads a varint32 at {@code position} that must end before the restart array. */
  private int readVarint(int position) {
    int result = 0;
    for (int shift = 0; shift <= 28; shift += 7) {
      if (position >= limit) {
        throw block.corruption(position, "block entry header runs past the entries");
      }
      int b = data[position++];
      result |= (b & 0x7F) << shift;
      if (b >= 0) {
        if (result < 0 || (shift == 28 && (b & 0x70) != 0)) {
          throw block.corruption(position, "block entry length exceeds 2^31");
        }
        varintEnd = position;
        return result;
      }
    }
    throw block.corruption(position, "block entry has an overlong varint");
  }
}
