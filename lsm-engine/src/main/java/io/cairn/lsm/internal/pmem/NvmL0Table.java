package io.cairn.lsm.internal.pmem;

import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.Lookup;
import io.cairn.lsm.internal.table.Table;
import io.cairn.pmem.api.Segments;
import io.cairn.pmem.l0.LookupKey;
import io.cairn.pmem.l0.NvmTable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * An NVMTable of the pmem L0 seen as an engine {@link Table}. A point lookup asks the bloom
 * filter (in DRAM), lets the table's PGM model predict the slot of the lookup key {@code (user
 * key, sequence)} and searches its window; the first entry at or after it is the newest version
 * visible at the sequence when its user key matches. The value is read in place and copied once,
 * into the array the caller gets.
 *
 * <p>Holds one reference on the table (taken by the factory) until {@link #close}. Thread-safety:
 * as {@link Table}.
 */
final class NvmL0Table implements Table {
  private static final ValueLayout.OfLong TAG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final NvmTable table;
  private final InternalKeyOrder order;

  /** Takes over one reference on {@code table}. */
  NvmL0Table(NvmTable table, InternalKeyOrder order) {
    this.table = table;
    this.order = order;
  }

  @Override
  public boolean get(Lookup lookup, ReadOptions options) {
    if (!table.mayContain(lookup.filterHash())) {
      lookup.noteFilterSkip();
      return false;
    }
    LookupKey key = order.lookupKey(lookup);
    int position = table.seek(key);
    if (position >= table.entryCount()) {
      return false;
    }
    MemorySegment found = table.key(position);
    long foundUser = found.byteSize() - InternalKeyFormat.TAG_BYTES;
    int userLength = lookup.userKeyLength();
    if (foundUser != userLength || MemorySegment.mismatch(found, 0, foundUser, key.key(), 0, userLength) >= 0) {
      return false;
    }
    long tag = found.get(TAG, foundUser);
    int type = InternalKeyFormat.type(tag);
    if (type == InternalKeyFormat.TYPE_DELETION) {
      lookup.setDeleted();
    } else if (type == InternalKeyFormat.TYPE_VALUE_REFERENCE) {
      // A table an L0 merge wrote: the value stays in an older table's Container (resolved by the engine).
      byte[] reference = Segments.toBytes(table.value(position));
      lookup.setValueReference(reference, 0, reference.length);
    } else {
      lookup.setValueOwned(Segments.toBytes(table.value(position)));
    }
    return true;
  }

  /**
   * A cursor over the table. One that does not fill the cache is a one-pass scan (a compaction,
   * an L0 merge): it copies container values with positional file reads where the backend has a
   * file ({@link NvmTable#containerScan}); a user iterator reads through the mapping.
   */
  @Override
  public InternalIterator newIterator(ReadOptions options) {
    return new NvmTableCursor(table, order, options.fillCache() ? null : table.containerScan().orElse(null));
  }

  @Override
  public long approximateOffsetOf(byte[] internalKey) {
    int position = table.seek(order.lookupKey(internalKey));
    return (long) ((double) position / table.entryCount() * table.sizeBytes());
  }

  @Override
  public long fileBytes() {
    return table.sizeBytes();
  }

  @Override
  public void close() {
    table.release();
  }
}
