package io.cairn.lsm.internal.pmem;

import io.cairn.common.BloomFilter;
import io.cairn.common.CairnException;
import io.cairn.common.CorruptionException;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.ValueReference;
import io.cairn.lsm.internal.table.Table;
import io.cairn.lsm.internal.table.TableFactory;
import io.cairn.lsm.internal.table.TableKind;
import io.cairn.lsm.internal.table.WrittenTable;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.l0.L0Options;
import io.cairn.pmem.l0.L0RecoveryReport;
import io.cairn.pmem.l0.L0TableSet;
import io.cairn.pmem.l0.L0Version;
import io.cairn.pmem.l0.NvmTable;
import io.cairn.pmem.l0.NvmTableBuilder;
import io.cairn.pmem.l0.NvmTableOptions;
import io.cairn.pmem.api.Segments;
import java.lang.foreign.MemorySegment;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link TableFactory} of the pmem L0 ({@code L0Mode.PMEM}): flushes write the immutable
 * memtable as one NVMTable plus its Container in the pmem directory, through the {@link
 * L0TableSet} that recovers, limits and removes them.
 *
 * <p><b>Ordering</b> (crash consistency, see {@code docs/engine.md}): {@link #write} returns once
 * the table's commit word is durable; the engine then syncs the MANIFEST edit that lists it, and
 * only after that may the WAL segment it came from be deleted. A table committed but never listed
 * is deleted at the next open ({@link #open(Collection)} with the manifest's live ids); a listed
 * table that is missing or damaged is a {@link CorruptionException}. Removal ({@link #delete}) is
 * called once no live version lists the table or references its values (key-value separation:
 * {@code LiveContainers}), i.e. after the MANIFEST edit that dropped its last holder was synced;
 * its files go when the last reader releases it. A table that left L0 but whose values SSTables
 * reference stays registered here, as a value Container ({@link #readValue}).
 *
 * <p>The engine's versions are the one registry of L0 tables; the {@link L0TableSet} here is
 * derived from them and sets no limits (PmemBudget is the budget check): it holds the open tables,
 * registering one as soon as it is committed, so that the table cache can open it; readers see it
 * only through the engine's versions, which list it after the MANIFEST edit.
 *
 * <p>Thread-safety: safe for concurrent use once {@link #open(Collection)} returned.
 */
public final class NvmTableFactory implements TableFactory {
  private static final Pattern TABLE_NAME = Pattern.compile("(\\d{6,})\\.nvt");
  private static final byte[] NO_AUXILIARY = new byte[0];

  private final PmemDirectory directory;
  private final L0Options options;
  private final InternalKeyOrder order;
  /**
   * The open tables value references have been resolved in, by number (a cache of the set's
   * tables: a version's lookup scans its list). An entry goes when its table is deleted.
   */
  private final ConcurrentHashMap<Long, NvmTable> containers = new ConcurrentHashMap<>();
  private volatile L0TableSet tables;

  /** A factory over {@code directory}; {@link #open(Collection)} must run before any other call. */
  public NvmTableFactory(PmemDirectory directory, L0Options options, InternalKeyOrder order) {
    this.directory = directory;
    this.options = options.withOrder(order)
        .withTableOptions(options.tableOptions().withFormatVersion(NvmTableOptions.CURRENT_FORMAT_VERSION));
    this.order = order;
  }

  /**
   * Recovers the L0 set with exactly the NVMTables the MANIFEST lists: committed tables it does
   * not list and leftovers of interrupted builds are deleted (logged).
   *
   * @throws CorruptionException when a listed table is missing or fails its checks
   */
  public L0RecoveryReport open(Collection<Long> liveTableNumbers) {
    tables = L0TableSet.open(directory, options, liveTableNumbers);
    return tables.recovery();
  }

  /** The key order the tables are built and searched in. */
  InternalKeyOrder order() {
    return order;
  }

  /** The pmem directory. */
  public PmemDirectory directory() {
    return directory;
  }

  /** Pmem bytes of the tables still registered (listed, or awaiting deletion behind a reader). */
  public long bytes() {
    L0TableSet set = tables;
    return set == null ? 0 : set.bytes();
  }

  @Override
  public TableKind kind() {
    return TableKind.NVMTABLE;
  }

  @Override
  public WrittenTable write(long fileNumber, InternalIterator entries) {
    NvmTable table;
    byte[] smallest = null;
    byte[] largest;
    long count = 0;
    // One walk over the entries: a format-2 table's region grows with its records, so no sizing pass.
    try (NvmTableBuilder builder = tables.newTable(fileNumber, containerHint())) {
      for (entries.seekToFirst(); entries.isValid(); entries.next()) {
        byte[] key = entries.keyBytes();
        int keyOffset = entries.keyOffset();
        int userLength = entries.keyLength() - InternalKeyFormat.TAG_BYTES;
        // The entry's arrays as they are (a memtable entry keeps key and value in one): no segment
        // per entry, each record checksummed once from the array and copied once to the region.
        builder.add(key, keyOffset, entries.keyLength(), entries.valueBytes(), entries.valueOffset(),
            entries.valueLength(), order.modelKey(key, keyOffset, userLength),
            BloomFilter.hash(key, keyOffset, userLength));
        if (smallest == null) {
          smallest = entries.copyKey();
        }
        count++;
      }
      largest = builder.entryCount() > 0 ? lastKey(entries) : null;
      table = builder.finish();
    }
    long bytes = table.sizeBytes();
    tables.add(table);
    return new WrittenTable(bytes, smallest, largest, count, NO_AUXILIARY);
  }

  /**
   * The container capacity given to a new table: 0, since a format-2 table's region grows as its
   * records arrive (the constructor makes every table format 2; version 1 would need its exact
   * size up front, which only a second walk over the entries could tell).
   */
  private static long containerHint() {
    return 0;
  }

  /**
   * Maps every page of registered table {@code fileNumber} ahead of its readers ({@link
   * NvmTable#prefault}); nothing when the set no longer holds it. For tables that will be read
   * long enough to repay one pass over their pages: the pmem-sized L0's merged tables.
   */
  public void prefault(long fileNumber) {
    try (L0Version version = tables.current()) {
      NvmTable table = version.table(fileNumber);
      if (table != null) {
        table.prefault();
      }
    }
  }

  private static byte[] lastKey(InternalIterator entries) {
    entries.seekToLast();
    return entries.copyKey();
  }

  @Override
  public Table open(long fileNumber, long fileBytes, byte[] auxiliary) {
    try (L0Version version = tables.current()) {
      NvmTable table = version.table(fileNumber);
      if (table == null) {
        throw new CorruptionException("corruption in " + directory.location() + "/" + NvmTable.tableName(fileNumber)
            + ": the NVMTable listed in the MANIFEST is not in the pmem L0");
      }
      if (table.sizeBytes() != fileBytes) {
        throw new CorruptionException("corruption in " + directory.location() + "/" + NvmTable.tableName(fileNumber)
            + ": the NVMTable has " + table.sizeBytes() + " bytes, the MANIFEST says " + fileBytes);
      }
      return new NvmL0Table(table.retain(), order);
    }
  }

  /**
   * The value the encoded {@link ValueReference} {@code bytes[offset, +length)} names: its
   * Container's record, checked against the reference's CRC, copied. The caller holds a version
   * whose tables reference the Container, so the Container is registered and open.
   *
   * @throws CorruptionException when the reference does not decode, its Container is not in the
   *     pmem L0, or the record is outside it or fails its CRC
   */
  public byte[] readValue(byte[] bytes, int offset, int length) {
    return Segments.toBytes(record(ValueReference.decode(bytes, offset, length, directory.location())));
  }

  /**
   * The Container record {@code reference} names, checked against its CRC: a view valid while
   * the caller holds a version that references the Container (see {@link #readValue}).
   *
   * @throws CorruptionException when its Container is not in the pmem L0, or the record is
   *     outside it or fails its CRC
   */
  public MemorySegment record(ValueReference reference) {
    NvmTable table = containers.get(reference.container());
    if (table == null) {
      try (L0Version version = tables.current()) {
        table = version.table(reference.container());
      }
      if (table == null) {
        throw new CorruptionException("corruption in " + directory.location() + "/"
            + NvmTable.tableName(reference.container()) + ": a value reference names this Container, which is"
            + " not in the pmem L0");
      }
      containers.putIfAbsent(reference.container(), table);
    }
    return table.record(reference.offset(), reference.length(), reference.crc());
  }

  /**
   * Pmem bytes of registered Container (NVMTable) {@code number}, or -1 when it is not registered:
   * what the relocation rule weighs its referenced bytes against.
   */
  public long containerBytes(long number) {
    try (L0Version version = tables.current()) {
      NvmTable table = version.table(number);
      return table == null ? -1 : table.sizeBytes();
    }
  }

  /**
   * A builder of a value Container numbered {@code number}: an NVMTable that no version lists in
   * L0 and that lives only through the value references of SSTables (relocation, see {@code
   * ValueRelocator}). {@link #register} it once finished, before the MANIFEST edit that references it.
   */
  public NvmTableBuilder newValueContainer(long number) {
    return tables.newTable(number, containerHint());
  }

  /** Registers a committed value Container from {@link #newValueContainer}, so references resolve in it. */
  public void register(NvmTable container) {
    tables.add(container);
  }

  @Override
  public void delete(long fileNumber, byte[] auxiliary) {
    containers.remove(fileNumber);
    L0TableSet set = tables;
    boolean registered;
    try (L0Version version = set.current()) {
      registered = version.table(fileNumber) != null;
    }
    if (registered) {
      set.remove(List.of(fileNumber));
    } else {
      for (String name : List.of(NvmTable.tableName(fileNumber), NvmTable.containerName(fileNumber))) {
        if (directory.exists(name)) {
          directory.delete(name);
        }
      }
    }
  }

  @Override
  public Set<Long> storedTableNumbers() {
    Set<Long> numbers = new HashSet<>();
    for (String name : directory.list()) {
      Matcher matcher = TABLE_NAME.matcher(name);
      if (matcher.matches()) {
        numbers.add(Long.parseLong(matcher.group(1)));
      }
    }
    return numbers;
  }

  /** Closes the set; files stay. */
  public void close() {
    L0TableSet set = tables;
    if (set != null) {
      try {
        set.close();
      } catch (CairnException ignored) {
        // Closing unmaps; nothing to persist.
      }
    }
  }
}
