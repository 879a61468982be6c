package io.cairn.lsm.internal.iterator;

import java.util.Arrays;

/**
 * Iterates an index whose values name data iterators (a table's index block over its data
 * blocks, or a level's file list over its tables), presenting the data entries as one stream.
 *
 * <p>Thread-safety: not thread-safe. Owns the index and the data iterators it opens.
 */
public final class TwoLevelIterator implements InternalIterator {
  /** Opens the data iterator named by an index value. */
  @FunctionalInterface
  public interface DataOpener {
    /** The data iterator for the index value {@code value[offset, +length)}. */
    InternalIterator open(byte[] value, int offset, int length);
  }

  private final InternalIterator index;
  private final DataOpener opener;
  private InternalIterator data;
  private byte[] dataHandle;

  /** Iterates the data named by {@code index}'s values, opened by {@code opener}. */
  public TwoLevelIterator(InternalIterator index, DataOpener opener) {
    this.index = index;
    this.opener = opener;
  }

  @Override
  public boolean isValid() {
    return data != null && data.isValid();
  }

  @Override
  public void seekToFirst() {
    index.seekToFirst();
    openData();
    if (data != null) {
      data.seekToFirst();
    }
    skipEmptyForward();
  }

  @Override
  public void seekToLast() {
    index.seekToLast();
    openData();
    if (data != null) {
      data.seekToLast();
    }
    skipEmptyBackward();
  }

  @Override
  public void seek(byte[] target, int offset, int length) {
    index.seek(target, offset, length);
    openData();
    if (data != null) {
      data.seek(target, offset, length);
    }
    skipEmptyForward();
  }

  @Override
  public void next() {
    data.next();
    skipEmptyForward();
  }

  @Override
  public void prev() {
    data.prev();
    skipEmptyBackward();
  }

  @Override public byte[] keyBytes() { return data.keyBytes(); }
  @Override public int keyOffset() { return data.keyOffset(); }
  @Override public int keyLength() { return data.keyLength(); }
  @Override public byte[] valueBytes() { return data.valueBytes(); }
  @Override public int valueOffset() { return data.valueOffset(); }
  @Override public int valueLength() { return data.valueLength(); }

  @Override
  public void close() {
    try {
      setData(null, null);
    } finally {
      index.close();
    }
  }

  private void skipEmptyForward() {
    while (data == null || !data.isValid()) {
      if (!index.isValid()) {
        setData(null, null);
        return;
      }
      index.next();
      openData();
      if (data != null) {
        data.seekToFirst();
      }
    }
  }

  private void skipEmptyBackward() {
    while (data == null || !data.isValid()) {
      if (!index.isValid()) {
        setData(null, null);
        return;
      }
      index.prev();
      openData();
      if (data != null) {
        data.seekToLast();
      }
    }
  }

  private void openData() {
    if (!index.isValid()) {
      setData(null, null);
      return;
    }
    byte[] value = index.valueBytes();
    int offset = index.valueOffset();
    int length = index.valueLength();
    if (data != null && Arrays.equals(dataHandle, 0, dataHandle.length, value, offset, offset + length)) {
      return;
    }
    setData(null, null);
    setData(opener.open(value, offset, length), Arrays.copyOfRange(value, offset, offset + length));
  }

  private void setData(InternalIterator iterator, byte[] handle) {
    if (data != null) {
      data.close();
    }
    data = iterator;
    dataHandle = handle;
  }
}
