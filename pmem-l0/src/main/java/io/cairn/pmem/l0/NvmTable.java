package io.cairn.pmem.l0;

import io.cairn.common.BloomFilter;
import io.cairn.common.ClosedException;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.Segments;
import io.cairn.pmem.l0.internal.ContainerFormat;
import io.cairn.pmem.l0.internal.NvmTableFormat;
import io.cairn.pmem.l0.internal.SuperBlock;
import io.cairn.pmem.l0.internal.TableAccess;
import io.cairn.pmem.l0.internal.TableOpener;
import io.cairn.pmem.l0.internal.TableSearch;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open, committed NVMTable and its Container: sorted entries on persistent memory, found
 * through the table's PGM model and read in place (paper §3.2; format: {@code
 * docs/formats/nvmtable.md}). Made by {@link NvmTableBuilder#finish()} or {@link #open}.
 *
 * <p><b>Reading</b>: entries are addressed by position {@code [0, entryCount())} in key order.
 * {@link #seek} finds the first entry at or after a key; {@link #get} finds an equal one;
 * {@link #iterator} walks forwards and backwards, bounded to a range if asked. Keys and values
 * come back as read-only {@link MemorySegment} views of pmem (no copy), or as new arrays from the
 * {@code *Bytes} methods. A view is valid while this table is open (see below); reading through
 * it afterwards throws {@link IllegalStateException}.
 *
 * <p><b>Checks</b>: {@link #open} checks the super block, commit word, meta and entry blocks,
 * model and filter (one pass over the slots); long keys and values are checked against their
 * pointer's CRC once at open, or each time they are read ({@link ContainerVerification}), so a
 * damaged container record is a {@link CorruptionException} naming the container and offset,
 * never wrong bytes.
 *
 * <p><b>Pages</b>: a table made or opened is a fresh mapping, so the first read of each of its pages
 * takes a page fault; {@link #prefault} maps them all ahead, for a table that will be read enough to
 * be worth one pass over its pages.
 *
 * <p><b>Lifetime</b>: reference counted. The opener holds one reference; {@link #retain} adds
 * one (fails once the count reached 0), {@link #release} drops one, {@link #close} drops the
 * opener's. When the last goes, the regions are unmapped, and if the table was {@linkplain
 * #markObsolete() marked obsolete} (compacted away) its files are deleted, table first.
 *
 * <p>Thread-safety: safe for concurrent readers; iterators are single-threaded.
 */
public final class NvmTable implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NvmTable.class);

  private final PmemDirectory directory;
  private final TableOpener.Opened files;
  private final SuperBlock superBlock;
  private final TableAccess access;
  private final TableSearch search;
  private final byte[] filter;
  private final KeyOrder order;
  private final AtomicInteger references = new AtomicInteger(1);
  private final AtomicBoolean ownerClosed = new AtomicBoolean();
  private volatile boolean obsolete;

  NvmTable(PmemDirectory directory, TableOpener.Opened files, KeyOrder order, boolean checkRecordsOnRead) {
    this.directory = directory;
    this.files = files;
    this.superBlock = files.superBlock();
    this.access = new TableAccess(files.table(), files.container(), superBlock, checkRecordsOnRead);
    this.search = new TableSearch(access, files.model(), order);
    this.filter = files.filter();
    this.order = order;
  }

  /**
   * Maps every page of the table and its container (a format-1 table's own file) into the process now ({@link
   * io.cairn.pmem.api.PmemRegion#prefault}), so that later reads take no first-touch page fault.
   * One pass over the pages, on the calling thread; changes nothing stored.
   *
   * @throws ClosedException when the table is closed
   */
  public void prefault() {
    if (references.get() <= 0) {
      throw new ClosedException("NVMTable " + id() + " is closed");
    }
    files.regions().forEach(PmemRegion::prefault);
  }

  /** {@link #open(PmemDirectory, long, KeyOrder, ContainerVerification)} checking the container at open. */
  public static NvmTable open(PmemDirectory directory, long tableId, KeyOrder order) {
    return open(directory, tableId, order, ContainerVerification.ON_OPEN);
  }

  /**
   * Opens committed table {@code tableId} of {@code directory}, checking it (see the class
   * comment: a pass over the slots, plus one over the container with {@code ON_OPEN}).
   *
   * @param order the order the table was built with
   * @param verification when container records are checked
   * @throws CorruptionException when the table or its container fails a check, is not committed
   *     (an interrupted build), or its container is missing
   * @throws InvalidArgumentException when there is no such table
   */
  public static NvmTable open(PmemDirectory directory, long tableId, KeyOrder order,
      ContainerVerification verification) {
    Objects.requireNonNull(order, "order");
    boolean onOpen = verification == ContainerVerification.ON_OPEN;
    return new NvmTable(directory, TableOpener.open(directory, tableId, onOpen), order, !onOpen);
  }

  /** The table's id: its region is {@link #tableName(long) tableName(id)}. */
  public long id() {
    return superBlock.tableId();
  }

  /** Region name of table {@code id}: {@code 000012.nvt}. */
  public static String tableName(long id) {
    return NvmTableFormat.tableName(id);
  }

  /** Region name of the container of table {@code id}: {@code 000012.nvc}. */
  public static String containerName(long id) {
    return ContainerFormat.containerName(id);
  }

  /** Number of entries, at least 1. */
  public int entryCount() {
    return superBlock.entryCount();
  }

  /** Bytes of pmem the table holds: its region, and its container region in format version 1. */
  public long sizeBytes() {
    long bytes = 0;
    for (PmemRegion region : files.regions()) {
      bytes += region.size();
    }
    return bytes;
  }

  /** The format version the table was written in (2: one region; 1: table and Container regions). */
  public int formatVersion() {
    return superBlock.version();
  }

  /** Sum of the key lengths. */
  public long keyBytes() {
    return superBlock.keyBytes();
  }

  /** Sum of the value lengths. */
  public long valueBytes() {
    return superBlock.valueBytes();
  }

  /** The smallest key (entry 0), a view of pmem. */
  public MemorySegment smallestKey() {
    return access.key(0);
  }

  /** The largest key (the last entry), a view of pmem. */
  public MemorySegment largestKey() {
    return access.key(superBlock.entryCount() - 1);
  }

  /** Model key of the first entry. */
  public long smallestModelKey() {
    return superBlock.smallestModelKey();
  }

  /** Model key of the last entry. */
  public long largestModelKey() {
    return superBlock.largestModelKey();
  }

  /** ε of the table's model: a learned lookup reads at most {@code 2ε + 2} slots. */
  public int epsilon() {
    return files.model().epsilon();
  }

  /** Bytes of the table's PGM model. */
  public long modelBytes() {
    return files.model().sizeBytes();
  }

  /** The order the table is read with. */
  public KeyOrder order() {
    return order;
  }

  /**
   * Whether an entry whose filter hash is {@code filterHash} may be here: {@code false} is
   * certain, from the bloom filter held in DRAM; always {@code true} for a table built without
   * one.
   */
  public boolean mayContain(int filterHash) {
    return filter == null || BloomFilter.mayContain(filter, filterHash);
  }

  /** {@link #seek(LookupKey, SearchMethod)} through the learned index. */
  public int seek(LookupKey key) {
    return search.lowerBound(key, true);
  }

  /**
   * The position of the first entry {@code >=} {@code key}, or {@link #entryCount()} when every
   * entry is smaller. Does not consult the bloom filter.
   *
   * @throws CorruptionException when a container key read on the way fails its checksum
   */
  public int seek(LookupKey key, SearchMethod method) {
    return search.lowerBound(key, method == SearchMethod.LEARNED);
  }

  /** {@link #get(LookupKey, SearchMethod)} through the learned index. */
  public MemorySegment get(LookupKey key) {
    return get(key, SearchMethod.LEARNED);
  }

  /**
   * The value of the entry equal to {@code key} (in the table's order), or {@code null}: first
   * the bloom filter, then the search. A view of pmem, valid while the table is open.
   *
   * @throws CorruptionException when a container record read on the way fails its checksum
   */
  public MemorySegment get(LookupKey key, SearchMethod method) {
    if (!mayContain(key.filterHash())) {
      return null;
    }
    return search.get(key, method == SearchMethod.LEARNED);
  }

  /** {@link #get(LookupKey)} copied into a new array, or {@code null}. */
  public byte[] getBytes(LookupKey key) {
    MemorySegment value = get(key);
    return value == null ? null : Segments.toBytes(value);
  }

  /** The model key of entry {@code position}. */
  public long modelKey(int position) {
    checkPosition(position);
    return access.modelKey(position);
  }

  /** The key of entry {@code position}, a view of pmem. */
  public MemorySegment key(int position) {
    checkPosition(position);
    return access.key(position);
  }

  /** The value of entry {@code position}, a view of pmem. */
  public MemorySegment value(int position) {
    checkPosition(position);
    return access.value(position);
  }

  /**
   * The container record at {@code offset} of {@code length} bytes, checked against {@code crc}
   * on every call (whatever the {@link ContainerVerification}): how a value reference kept outside
   * the table resolves (key-value separation). A view of pmem, valid while the table is open.
   *
   * @throws CorruptionException naming the table when the range lies outside its records or the
   *     bytes fail the CRC
   */
  public MemorySegment record(long offset, int length, int crc) {
    return access.checkedRecord(offset, length, crc, superBlock.containerBytes());
  }

  /** The key of entry {@code position}, copied. */
  public byte[] keyBytes(int position) {
    return Segments.toBytes(key(position));
  }

  /** The value of entry {@code position}, copied. */
  public byte[] valueBytes(int position) {
    return Segments.toBytes(value(position));
  }

  private void checkPosition(int position) {
    if (position < 0 || position >= superBlock.entryCount()) {
      throw new InvalidArgumentException("position " + position + " is outside table " + id() + " of "
          + superBlock.entryCount() + " entries");
    }
  }

  /** An iterator over every entry, positioned nowhere until a seek. */
  public NvmTableIterator iterator() {
    return new NvmTableIterator(this, access, 0, superBlock.entryCount());
  }

  /**
   * An iterator over positions {@code [from, to)} only: what a compaction of one key-range slice
   * reads, with no key comparison per entry.
   *
   * @throws InvalidArgumentException unless {@code 0 <= from <= to <= entryCount()}
   */
  public NvmTableIterator iterator(int from, int to) {
    if (from < 0 || from > to || to > superBlock.entryCount()) {
      throw new InvalidArgumentException("range [" + from + ", " + to + ") is outside table " + id() + " of "
          + superBlock.entryCount() + " entries");
    }
    return new NvmTableIterator(this, access, from, to);
  }

  /**
   * An iterator over the entries {@code >= from} and {@code < to} (either may be {@code null}: no
   * bound): two seeks, then positions only.
   */
  public NvmTableIterator iterator(LookupKey from, LookupKey to) {
    int first = from == null ? 0 : seek(from);
    int end = to == null ? superBlock.entryCount() : seek(to);
    return new NvmTableIterator(this, access, first, Math.max(first, end));
  }

  /**
   * A reader of this table's container values with positional file reads, for a one-pass scan in
   * key order through {@link NvmTableIterator#copyValue} (a compaction); empty where the container
   * region has no file to read that way ({@link io.cairn.pmem.api.PmemRegion#fileBytes()}), and
   * the scan then reads through the mapping. The caller closes it.
   */
  public Optional<ContainerScan> containerScan() {
    return containerScan(ContainerScan.WINDOW_BYTES);
  }

  /** {@link #containerScan()} reading {@code windowBytes} at a time (tests use small windows). */
  Optional<ContainerScan> containerScan(int windowBytes) {
    return ContainerScan.of(files.container(), windowBytes);
  }

  /** Learned lookups whose window missed and fell back to binary search: 0 for a sound table. */
  public long windowMisses() {
    return search.windowMisses();
  }

  /**
   * Adds a reference, so the table stays open until a matching {@link #release}.
   *
   * @return this table
   * @throws ClosedException when the last reference is already gone
   */
  public NvmTable retain() {
    while (true) {
      int count = references.get();
      if (count == 0) {
        throw new ClosedException("NVMTable " + id() + " is closed");
      }
      if (references.compareAndSet(count, count + 1)) {
        return this;
      }
    }
  }

  /** Drops a reference; the last one closes the table (and deletes it if obsolete). */
  public void release() {
    int count = references.decrementAndGet();
    if (count < 0) {
      references.incrementAndGet();
      throw new IllegalStateException("NVMTable " + id() + " released more often than retained");
    }
    if (count == 0) {
      files.regions().forEach(PmemRegion::close);
      if (obsolete) {
        deleteFiles(directory, id(), superBlock.containerId());
        LOG.debug("deleted obsolete NVMTable {} from {}", id(), directory.location());
      }
    }
  }

  /**
   * Deletes a table's files, table first (a container without its table is swept at recovery); a
   * version 2 table has no container region, and deleting one that does not exist does nothing.
   */
  static void deleteFiles(PmemDirectory directory, long tableId, long containerId) {
    directory.delete(NvmTableFormat.tableName(tableId));
    directory.delete(ContainerFormat.containerName(containerId));
  }

  /**
   * Marks the table obsolete: its files are deleted when its last reference is released. Called
   * once its entries live elsewhere and the manifest no longer lists it.
   */
  public void markObsolete() {
    obsolete = true;
  }

  /** Whether the last reference is gone. */
  public boolean isClosed() {
    return references.get() == 0;
  }

  /** Drops the opener's reference ({@link #release}); later calls do nothing. */
  @Override
  public void close() {
    if (ownerClosed.compareAndSet(false, true)) {
      release();
    }
  }

  @Override
  public String toString() {
    return "NvmTable[" + id() + ", " + entryCount() + " entries, " + sizeBytes() + " bytes, ε=" + epsilon() + "]";
  }
}
