package io.cairn.lsm.internal.memtable;

import io.cairn.lsm.internal.iterator.InternalIterator;

/**
 * Cursor over a {@link SkipList}. Keys and values are slices of the entries themselves (of the
 * memtable's arena chunks), which never change, so they stay valid as long as the caller holds them. Moving backwards costs a
 * search from the head (LevelDB's skiplist has no back links either).
 */
final class MemTableIterator implements InternalIterator {
  private final SkipList list;
  private SkipList.Node node;

  MemTableIterator(SkipList list) {
    this.list = list;
  }

  @Override
  public boolean isValid() {
    return node != null;
  }

  @Override
  public void seekToFirst() {
    node = list.first();
  }

  @Override
  public void seekToLast() {
    node = list.last();
  }

  @Override
  public void seek(byte[] target, int offset, int length) {
    node = list.seek(target, offset, length);
  }

  @Override
  public void next() {
    node = node.next(0);
  }

  @Override
  public void prev() {
    node = list.lessThan(node.chunk, node.offset, node.keyLength);
  }

  @Override public byte[] keyBytes() { return node.chunk; }
  @Override public int keyOffset() { return node.offset; }
  @Override public int keyLength() { return node.keyLength; }
  @Override public byte[] valueBytes() { return node.chunk; }
  @Override public int valueOffset() { return node.valueOffset(); }
  @Override public int valueLength() { return node.valueLength; }

  @Override
  public void close() {
    node = null;
  }
}
