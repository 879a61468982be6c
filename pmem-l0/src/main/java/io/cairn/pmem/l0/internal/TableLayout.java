package io.cairn.pmem.l0.internal;

import static io.cairn.pmem.l0.internal.NvmTableFormat.META_BLOCK_BYTES;
import static io.cairn.pmem.l0.internal.NvmTableFormat.SUPER_BLOCK_BYTES;
import static io.cairn.pmem.l0.internal.NvmTableFormat.align64;
import static io.cairn.pmem.l0.internal.NvmTableFormat.blockCount;

/**
 * Where the blocks of an NVMTable lie, derived from its entry count, slot size, model size and
 * filter size ({@link NvmTableFormat}). Each block starts on a cache line, so blocks persisted in
 * separate steps never share one.
 *
 * <p>Thread-safety: immutable.
 *
 * @param entriesOffset E, where slot 0 lies: 256 in version 1, after the container records in
 *     version 2
 * @param entryCount n
 * @param slotBytes S
 * @param metaOffset M, after the entry slots
 * @param modelOffset P, after the meta blocks
 * @param modelBytes bytes of the PGM model
 * @param filterOffset F, after the model
 * @param filterBytes bytes of the bloom filter (0: none)
 * @param regionBytes the table region's size
 */
public record TableLayout(
    long entriesOffset, int entryCount, int slotBytes, long metaOffset, long modelOffset, long modelBytes,
    long filterOffset, int filterBytes, long regionBytes) {

  /**
   * The layout of a table whose slots start at {@code entriesOffset} (a multiple of 64, at least
   * 256): {@code entryCount} slots of {@code slotBytes}, a model and a filter.
   */
  public static TableLayout of(long entriesOffset, int entryCount, int slotBytes, long modelBytes, int filterBytes) {
    assert entriesOffset >= SUPER_BLOCK_BYTES && entriesOffset % 64 == 0 : "entries offset " + entriesOffset;
    long metaOffset = align64(entriesOffset + (long) entryCount * slotBytes);
    long modelOffset = align64(metaOffset + (long) blockCount(entryCount) * META_BLOCK_BYTES);
    long filterOffset = align64(modelOffset + modelBytes);
    long regionBytes = align64(filterOffset + filterBytes);
    return new TableLayout(entriesOffset, entryCount, slotBytes, metaOffset, modelOffset, modelBytes, filterOffset,
        filterBytes, regionBytes);
  }

  /** Region offset of slot {@code position}. */
  public long slotOffset(int position) {
    return entriesOffset + (long) position * slotBytes;
  }

  /** Bytes of all entry slots. */
  public long entriesBytes() {
    return (long) entryCount * slotBytes;
  }

  /** Region offset of meta block {@code block}. */
  public long metaBlockOffset(int block) {
    return metaOffset + (long) block * META_BLOCK_BYTES;
  }

  /** Bytes of all meta blocks. */
  public long metaBytes() {
    return (long) blockCount(entryCount) * META_BLOCK_BYTES;
  }
}
