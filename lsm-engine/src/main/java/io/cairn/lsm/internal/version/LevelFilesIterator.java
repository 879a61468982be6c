package io.cairn.lsm.internal.version;

import io.cairn.common.Varints;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import java.util.List;

/**
 * The index side of a level's concatenating iterator: one entry per file of a sorted,
 * non-overlapping level, keyed by the file's largest key, whose value is the file's position in
 * the list (8 bytes). A {@link io.cairn.lsm.internal.iterator.TwoLevelIterator} opens the tables.
 * Not thread-safe.
 */
final class LevelFilesIterator implements InternalIterator {
  private final InternalKeyComparator comparator;
  private final List<FileMetaData> files;
  private final byte[] value = new byte[8];
  private int index;

  LevelFilesIterator(InternalKeyComparator comparator, List<FileMetaData> files) {
    this.comparator = comparator;
    this.files = files;
    this.index = files.size();
  }

  /** The file whose position is encoded in an index value. */
  static int position(byte[] value, int offset) {
    return (int) Varints.getFixed64(value, offset);
  }

  @Override
  public boolean isValid() {
    return index >= 0 && index < files.size();
  }

  @Override
  public void seekToFirst() {
    index = 0;
    encode();
  }

  @Override
  public void seekToLast() {
    index = files.size() - 1;
    encode();
  }

  @Override
  public void seek(byte[] target, int offset, int length) {
    index = Version.findFile(comparator, files, target, offset, length);
    encode();
  }

  @Override
  public void next() {
    index++;
    encode();
  }

  @Override
  public void prev() {
    index = index <= 0 ? files.size() : index - 1;
    encode();
  }

  @Override public byte[] keyBytes() { return files.get(index).largest(); }
  @Override public int keyOffset() { return 0; }
  @Override public int keyLength() { return files.get(index).largest().length; }
  @Override public byte[] valueBytes() { return value; }
  @Override public int valueOffset() { return 0; }
  @Override public int valueLength() { return value.length; }

  @Override
  public void close() {}

  private void encode() {
    if (isValid()) {
      Varints.putFixed64(value, 0, index);
    }
  }
}
