package io.cairn.lsm.internal.memtable;

import io.cairn.lsm.internal.iterator.InternalIterator;

/**
 * Cursor over a {@link SkipList}. Keys and values are slices of the entries themselves, which
 * never change, so they stay valid as long as the caller holds them. Moving backwards costs a
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
    node = list.lessThan(node.entry, 0, node.keyLength);
  }

  @Override public byte[] keyBytes() { return node.entry; }
  @Override public int keyOffset() { return 0; }
  @Override public int keyLength() { return node.keyLength; }
  @Override public byte[] valueBytes() { return node.entry; }
  @Override public int valueOffset() { return node.keyLength; }
  @Override public int valueLength() { return node.entry.length - node.keyLength; }

  @Override
  public void close() {
    node = null;
  }
}
