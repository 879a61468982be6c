package io.cairn.lsm.internal.pmem;

import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.ValueReference;
import io.cairn.pmem.l0.ContainerScan;
import io.cairn.pmem.l0.NvmTable;
import io.cairn.pmem.l0.NvmTableIterator;
import java.util.Arrays;

/**
 * An {@link InternalIterator} over one NVMTable: the engine's merging iterators and compactions
 * read pmem L0 tables through it. Keys are copied out of pmem once per position (the merge
 * compares them repeatedly), straight from the slot with no view made; a value is copied only
 * when asked for: {@link #copyValue} copies it once, from pmem into the array returned, and
 * {@link #valueBytes} into a buffer reused across positions (made on first use).
 *
 * <p>A cursor made for a one-pass scan (a compaction: {@link NvmL0Table#newIterator} with {@code
 * fillCache} off) copies container values with positional file reads through a {@link
 * ContainerScan} where the backend has a file, instead of faulting in each page of the mapping;
 * keys, seeks and every other cursor read through the mapping.
 *
 * <p>Holds a reference on the table from construction until {@link #close}. Memory and
 * thread-safety as {@link InternalIterator}.
 */
final class NvmTableCursor implements InternalIterator {
  private static final byte[] NO_VALUE = new byte[0];

  private final NvmTable table;
  private final NvmTableIterator entries;
  private final InternalKeyOrder order;
  private final ContainerScan scan;
  private byte[] key = new byte[64];
  private int keyLength;
  private byte[] value = NO_VALUE;
  private int valueLength = -1;
  private boolean closed;

  /**
   * A cursor over {@code table}, which it retains until closed.
   *
   * @param scan reads container values (owned: closed with the cursor), or {@code null} to read
   *     them through the mapping
   */
  NvmTableCursor(NvmTable table, InternalKeyOrder order, ContainerScan scan) {
    this.table = table.retain();
    this.entries = table.iterator();
    this.order = order;
    this.scan = scan;
  }

  @Override
  public boolean isValid() {
    return entries.valid();
  }

  @Override
  public void seekToFirst() {
    entries.seekToFirst();
    load();
  }

  @Override
  public void seekToLast() {
    entries.seekToLast();
    load();
  }

  @Override
  public void seek(byte[] target, int offset, int length) {
    entries.seek(order.seekKey(target, offset, length));
    load();
  }

  @Override
  public void next() {
    entries.next();
    load();
  }

  @Override
  public void prev() {
    entries.prev();
    load();
  }

  private void load() {
    valueLength = -1;
    if (!entries.valid()) {
      return;
    }
    int length = entries.keyLength();
    if (length > key.length) {
      key = new byte[Math.max(length, key.length * 2)];
    }
    entries.copyKey(key, 0);
    keyLength = length;
  }

  @Override
  public byte[] keyBytes() {
    return key;
  }

  @Override
  public int keyOffset() {
    return 0;
  }

  @Override
  public int keyLength() {
    return keyLength;
  }

  @Override
  public byte[] valueBytes() {
    if (valueLength < 0) {
      int length = entries.valueLength();
      if (length > value.length) {
        value = new byte[Math.max(length, value.length * 2)];
      }
      entries.copyValue(value, 0, scan);
      valueLength = length;
    }
    return value;
  }

  @Override
  public int valueOffset() {
    return 0;
  }

  @Override
  public int valueLength() {
    valueBytes();
    return valueLength;
  }

  @Override
  public byte[] copyValue() {
    if (valueLength >= 0) {
      return Arrays.copyOf(value, valueLength);
    }
    byte[] copy = new byte[entries.valueLength()];
    entries.copyValue(copy, 0, scan);
    return copy;
  }

  @Override
  public ValueReference valueReference() {
    long record = entries.valueRecordOffset();
    return record < 0 ? null : new ValueReference(table.id(), record, entries.valueLength(), entries.valueRecordCrc());
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        if (scan != null) {
          scan.close();
        }
      } finally {
        table.release();
      }
    }
  }
}
