package io.cairn.lsm.internal.compaction;

import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.Version;
import java.util.List;

/**
 * The state one merge of a {@link Compaction} keeps while it walks its keys in increasing order
 * (LevelDB keeps it in the compaction; here each subcompaction has its own): how far it has
 * passed the files of the levels below the output level (may a tombstone be dropped?), and how
 * many bytes of the grandparent level the current output table overlaps (cut it here?).
 *
 * <p>Thread-safety: confined to the thread of one merge.
 */
public final class CompactionCursor {
  private final Version input;
  private final int level;
  private final List<FileMetaData> grandparents;
  private final long maxGrandparentOverlapBytes;
  private final int[] levelPointers;
  private int grandparentIndex;
  private boolean seenKey;
  private long overlappedBytes;

  CompactionCursor(Version input, int level, List<FileMetaData> grandparents, long maxGrandparentOverlapBytes) {
    this.input = input;
    this.level = level;
    this.grandparents = grandparents;
    this.maxGrandparentOverlapBytes = maxGrandparentOverlapBytes;
    this.levelPointers = new int[input.levelCount()];
  }

  /**
   * Whether no level below the output level holds a file whose range contains the user key, so
   * that a tombstone for it can be dropped. Keys must be asked in increasing order.
   */
  public boolean isBaseLevelForKey(byte[] userKey, int offset, int length) {
    KeyOrder order = input.comparator().userOrder();
    for (int deeper = level + 2; deeper < input.levelCount(); deeper++) {
      List<FileMetaData> files = input.files(deeper);
      while (levelPointers[deeper] < files.size()) {
        FileMetaData file = files.get(levelPointers[deeper]);
        byte[] largest = file.largest();
        if (order.compare(userKey, offset, length, largest, 0, largest.length - InternalKeyFormat.TAG_BYTES) <= 0) {
          byte[] smallest = file.smallest();
          if (order.compare(userKey, offset, length, smallest, 0, smallest.length - InternalKeyFormat.TAG_BYTES) >= 0) {
            return false;
          }
          break;
        }
        levelPointers[deeper]++;
      }
    }
    return true;
  }

  /**
   * Whether the output table should be cut before {@code key} because it already overlaps too
   * many bytes of the level below the output level. Keys must be asked in increasing order.
   */
  public boolean shouldStopBefore(byte[] key, int offset, int length) {
    InternalKeyComparator comparator = input.comparator();
    while (grandparentIndex < grandparents.size()) {
      byte[] largest = grandparents.get(grandparentIndex).largest();
      if (comparator.compare(key, offset, length, largest, 0, largest.length) <= 0) {
        break;
      }
      if (seenKey) {
        overlappedBytes += grandparents.get(grandparentIndex).fileBytes();
      }
      grandparentIndex++;
    }
    seenKey = true;
    if (overlappedBytes > maxGrandparentOverlapBytes) {
      overlappedBytes = 0;
      return true;
    }
    return false;
  }
}
