package io.cairn.lsm.internal.sstable;

import io.cairn.common.CorruptionException;
import io.cairn.common.Varints;
import io.cairn.lsm.internal.key.SliceComparator;

/**
 * A decoded (uncompressed, checksum-verified) block: entries plus the restart array. Its
 * structure is checked when it is made, and every entry is checked as it is decoded, so bad bytes
 * raise {@link CorruptionException} naming the file and block, never a wrong answer or an
 * out-of-bounds error.
 *
 * <p>Thread-safety: immutable; any number of {@link BlockIterator}s may read it at once.
 */
public final class Block {
  /** Heap bytes charged to the block cache beyond the array itself. */
  static final int OVERHEAD_BYTES = 64;

  private final byte[] data;
  private final int restartsOffset;
  private final int restartCount;
  private final Object file;
  private final long blockOffset;

  private Block(byte[] data, int restartsOffset, int restartCount, Object file, long blockOffset) {
    this.data = data;
    this.restartsOffset = restartsOffset;
    this.restartCount = restartCount;
    this.file = file;
    this.blockOffset = blockOffset;
  }

  /**
   * A block over all of {@code data} (which it now owns), read from {@code file} at {@code
   * blockOffset} (both for messages only).
   *
   * @throws CorruptionException when the restart array is malformed
   */
  public static Block parse(byte[] data, Object file, long blockOffset) {
    return parse(data, data.length, file, blockOffset);
  }

  /**
   * {@link #parse(byte[], Object, long)} of the block held in {@code data[0, length)} (what
   * follows is not the block's: a read leaves the trailer there rather than copy the block out).
   */
  public static Block parse(byte[] data, int length, Object file, long blockOffset) {
    assert length <= data.length;
    if (length < TableFormat.RESTART_BYTES) {
      throw CorruptionException.at(file, blockOffset, "block of " + length + " bytes is too short for its restart count");
    }
    long count = Varints.getFixed32(data, length - TableFormat.RESTART_BYTES) & 0xFFFFFFFFL;
    long restartsOffset = length - (count + 1) * TableFormat.RESTART_BYTES;
    if (restartsOffset < 0) {
      throw CorruptionException.at(file, blockOffset, "block restart count " + count + " does not fit its " + length + " bytes");
    }
    if (count == 0 && restartsOffset != 0) {
      throw CorruptionException.at(file, blockOffset, "block has entries but no restart point");
    }
    int previous = -1;
    for (int i = 0; i < count; i++) {
      int restart = Varints.getFixed32(data, (int) restartsOffset + i * TableFormat.RESTART_BYTES);
      // A restart must point at an entry; only an empty block has its one restart at its end.
      boolean pointsAtEntry = restart < restartsOffset || (restartsOffset == 0 && restart == 0);
      if (restart < 0 || !pointsAtEntry || restart <= previous || (i == 0 && restart != 0)) {
        throw CorruptionException.at(file, blockOffset, "block restart point " + i + " is out of order or range");
      }
      previous = restart;
    }
    return new Block(data, (int) restartsOffset, (int) count, file, blockOffset);
  }

  /** A cursor over the entries, ordered by {@code comparator}. */
  public BlockIterator iterator(SliceComparator comparator) {
    return new BlockIterator(this, comparator);
  }

  /** Bytes the block cache charges for it. */
  int chargeBytes() {
    return data.length + OVERHEAD_BYTES;
  }

  byte[] data() {
    return data;
  }

  int restartsOffset() {
    return restartsOffset;
  }

  int restartCount() {
    return restartCount;
  }

  int restartPoint(int index) {
    return Varints.getFixed32(data, restartsOffset + index * TableFormat.RESTART_BYTES);
  }

  CorruptionException corruption(int entryOffset, String what) {
    return CorruptionException.at(file, blockOffset, what + " (entry at block offset " + entryOffset + ")");
  }
}
