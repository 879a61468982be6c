package io.cairn.lsm.internal.version;

import io.cairn.lsm.internal.iterator.InternalIterator;

/** A table's iterator that releases the table's cache reference when closed. Not thread-safe. */
final class PinnedTableIterator implements InternalIterator {
  private final InternalIterator delegate;
  private Runnable release;

  PinnedTableIterator(InternalIterator delegate, Runnable release) {
    this.delegate = delegate;
    this.release = release;
  }

  @Override public boolean isValid() { return delegate.isValid(); }
  @Override public void seekToFirst() { delegate.seekToFirst(); }
  @Override public void seekToLast() { delegate.seekToLast(); }
  @Override public void seek(byte[] target, int offset, int length) { delegate.seek(target, offset, length); }
  @Override public void next() { delegate.next(); }
  @Override public void prev() { delegate.prev(); }
  @Override public byte[] keyBytes() { return delegate.keyBytes(); }
  @Override public int keyOffset() { return delegate.keyOffset(); }
  @Override public int keyLength() { return delegate.keyLength(); }
  @Override public byte[] valueBytes() { return delegate.valueBytes(); }
  @Override public int valueOffset() { return delegate.valueOffset(); }
  @Override public int valueLength() { return delegate.valueLength(); }
  @Override public byte[] copyValue() { return delegate.copyValue(); }
  @Override public io.cairn.lsm.internal.key.ValueReference valueReference() { return delegate.valueReference(); }

  @Override
  public void close() {
    if (release == null) {
      return;
    }
    try {
      delegate.close();
    } finally {
      release.run();
      release = null;
    }
  }
}
