package io.cairn.lsm.internal.pmem;

import io.cairn.common.BloomFilter;
import io.cairn.common.CairnException;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.ValueReference;
import io.cairn.pmem.l0.NvmTable;
import io.cairn.pmem.l0.NvmTableBuilder;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Relocation of separated values for one compaction job (garbage collection of pmem value
 * Containers, RocksDB's {@code blob_garbage_collection_age_cutoff}): a value whose reference names
 * a Container the {@link io.cairn.lsm.internal.compaction.RelocationRule} picked is copied into a
 * <em>value Container</em> written by this job, and the job's output references the copy. The old
 * Container dies when its last holder goes ({@code version.LiveContainers}).
 *
 * <p>A value Container is an NVMTable (format, CRC per record and commit word as a flushed one:
 * {@code docs/formats/nvmtable.md}) holding the relocated entries in key order, numbered from the
 * version set, that no version lists in L0: it lives only through the references of SSTables
 * (MANIFEST tag 9), is opened at open because they reference it, and is an orphan, deleted, when
 * none does. A Container is finished at {@value #MAX_CONTAINER_BYTES} bytes or {@value
 * #MAX_CONTAINER_ENTRIES} entries; the job starts the next one after.
 *
 * <p><b>Ordering</b>: {@link #finish} commits (commit word durable) and registers every Container
 * before the job returns, so before the MANIFEST edit that references them; {@link #abandon}
 * deletes them when the job fails. A crash before the edit leaves orphans that the next open deletes.
 *
 * <p>Thread-safety: confined to the job's thread.
 */
public final class ValueRelocator {
  /** Bytes after which a value Container is finished and the next one started. */
  public static final long MAX_CONTAINER_BYTES = 256L << 20;
  /** Entries after which a value Container is finished (far below an NVMTable's limit of 2^24). */
  public static final int MAX_CONTAINER_ENTRIES = 1 << 22;

  private final NvmTableFactory factory;
  private final LongSupplier numbers;
  private final Set<Long> relocated;
  private final List<Long> written = new ArrayList<>();
  private NvmTableBuilder builder;
  private long number;
  private long relocatedBytes;

  /**
   * @param numbers hands out file numbers (the version set's)
   * @param relocated the Containers whose referenced values move
   */
  public ValueRelocator(NvmTableFactory factory, LongSupplier numbers, Set<Long> relocated) {
    this.factory = factory;
    this.numbers = numbers;
    this.relocated = Set.copyOf(relocated);
  }

  /** Whether values referenced in {@code container} move. */
  public boolean relocates(long container) {
    return relocated.contains(container);
  }

  /** The record {@code reference} names, its CRC checked (a view; see {@link NvmTableFactory#record}). */
  public MemorySegment read(ValueReference reference) {
    return factory.record(reference);
  }

  /**
   * Appends entry {@code key} (an internal key above the previous one) with {@code value} to the
   * current value Container and returns a reference to the copy, or null when the value is short
   * enough to lie inline (the caller then writes it inline).
   */
  public ValueReference relocate(byte[] key, int keyOffset, int keyLength, MemorySegment value) {
    if (builder == null) {
      number = numbers.getAsLong();
      builder = factory.newValueContainer(number);
    }
    int userLength = keyLength - InternalKeyFormat.TAG_BYTES;
    builder.add(MemorySegment.ofArray(key).asSlice(keyOffset, keyLength), value,
        factory.order().modelKey(key, keyOffset, userLength), BloomFilter.hash(key, keyOffset, userLength));
    long offset = builder.lastValueRecordOffset();
    ValueReference moved = offset < 0 ? null
        : new ValueReference(number, offset, (int) value.byteSize(), builder.lastValueRecordCrc());
    relocatedBytes += value.byteSize();
    if (builder.containerBytesUsed() >= MAX_CONTAINER_BYTES || builder.entryCount() >= MAX_CONTAINER_ENTRIES) {
      finishContainer();
    }
    return moved;
  }

  /** Value bytes relocated so far. */
  public long relocatedBytes() {
    return relocatedBytes;
  }

  /** Commits and registers the current Container; returns the numbers of all written. */
  public List<Long> finish() {
    finishContainer();
    return List.copyOf(written);
  }

  private void finishContainer() {
    if (builder == null) {
      return;
    }
    NvmTableBuilder done = builder;
    builder = null;
    NvmTable container = done.finish();
    factory.register(container);
    written.add(number);
  }

  /** Deletes what this relocator wrote (the job failed); never throws. */
  public void abandon() {
    if (builder != null) {
      builder.close();
      builder = null;
    }
    delete(factory, written);
    written.clear();
  }

  /** Deletes value Containers {@code numbers} that will not be committed; never throws. */
  public static void delete(NvmTableFactory factory, List<Long> numbers) {
    for (long container : numbers) {
      try {
        factory.delete(container, new byte[0]);
      } catch (CairnException ignored) {
        // An undeleted Container is an orphan, removed at the next open.
      }
    }
  }
}
