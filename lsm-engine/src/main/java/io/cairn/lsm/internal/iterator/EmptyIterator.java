package io.cairn.lsm.internal.iterator;

/** An iterator with no entries. Thread-safety: stateless. */
public final class EmptyIterator implements InternalIterator {
  /** The one instance. */
  public static final EmptyIterator INSTANCE = new EmptyIterator();

  private EmptyIterator() {}

  @Override public boolean isValid() { return false; }
  @Override public void seekToFirst() {}
  @Override public void seekToLast() {}
  @Override public void seek(byte[] target, int offset, int length) {}
  @Override public void next() { throw new IllegalStateException("iterator is not valid"); }
  @Override public void prev() { throw new IllegalStateException("iterator is not valid"); }
  @Override public byte[] keyBytes() { throw new IllegalStateException("iterator is not valid"); }
  @Override public int keyOffset() { throw new IllegalStateException("iterator is not valid"); }
  @Override public int keyLength() { throw new IllegalStateException("iterator is not valid"); }
  @Override public byte[] valueBytes() { throw new IllegalStateException("iterator is not valid"); }
  @Override public int valueOffset() { throw new IllegalStateException("iterator is not valid"); }
  @Override public int valueLength() { throw new IllegalStateException("iterator is not valid"); }
  @Override public void close() {}
}
