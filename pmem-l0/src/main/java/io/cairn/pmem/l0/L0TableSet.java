package io.cairn.pmem.l0;

import io.cairn.common.BusyException;
import io.cairn.common.ClosedException;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.l0.internal.ContainerFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Level 0 on persistent memory: the NVMTables of one pmem directory, newest first, within a limit
 * of tables (default 10, the paper's) and of bytes.
 *
 * <p>Used alone, the set is L0's registry and enforces its limits. Inside the engine it is not:
 * the engine's version (its MANIFEST) is the one registry of L0 tables and {@code PmemBudget} its
 * one budget check; the engine opens the set without limits and uses it as the derived set of open
 * table handles (a table enters when its flush or merge wrote it, and leaves once no version lists
 * it).
 *
 * <p><b>Life of a table</b>: {@link #newTable} checks the limits and returns a builder (a
 * minor compaction fills it from the immutable memtable); {@link NvmTableBuilder#finish} commits
 * the table; the engine records it in its manifest, then {@link #add} publishes it to readers.
 * After a major compaction has moved its entries to L1 and the manifest no longer lists it,
 * {@link #remove} takes it out; its files are deleted once no reader holds a version with it.
 *
 * <p><b>Reads</b>: {@link #current()} returns the current {@link L0Version} (tables newest first,
 * pinned until it is closed).
 *
 * <p><b>Recovery</b>: {@link #open(PmemDirectory, L0Options, Collection)} opens the tables the
 * engine's manifest lists and deletes everything else an interrupted build or a crash before a
 * manifest edit left behind; {@link #open(PmemDirectory, L0Options)} keeps every committed table.
 * Both log what they delete (WARN) and what they keep (INFO); {@link #recovery()} reports it;
 * {@link #scan} only looks.
 *
 * <p>Thread-safety: safe for concurrent use; changes are serialised, reads never wait for them.
 */
public final class L0TableSet implements AutoCloseable {
  private final PmemDirectory directory;
  private final L0Options options;
  private final L0RecoveryReport recovery;
  private final Object lock = new Object();
  private volatile L0Version current;
  private volatile boolean closed;
  private int building;
  private long reservedBytes;

  private L0TableSet(PmemDirectory directory, L0Options options, List<NvmTable> tables, L0RecoveryReport recovery) {
    this.directory = directory;
    this.options = options;
    this.recovery = recovery;
    this.current = new L0Version(tables);
  }

  /**
   * Opens the set, keeping every committed table of {@code directory} and deleting the leftovers
   * of interrupted builds.
   *
   * @throws CorruptionException when a committed table fails its checks, or a table region cannot
   *     be opened at all
   */
  public static L0TableSet open(PmemDirectory directory, L0Options options) {
    return open(directory, options, null);
  }

  /**
   * Opens the set with exactly the tables the engine's manifest lists as live, deleting every
   * other table and container (committed tables it does not list included: a crash came between
   * their commit and the manifest edit, and their entries are still in the write-ahead log).
   *
   * @throws CorruptionException when a listed table is missing, uncommitted or fails its checks
   */
  public static L0TableSet open(PmemDirectory directory, L0Options options, Collection<Long> liveTableIds) {
    Objects.requireNonNull(liveTableIds, "liveTableIds");
    return open(directory, options, new TreeSet<>(liveTableIds));
  }

  private static L0TableSet open(PmemDirectory directory, L0Options options, Set<Long> live) {
    Objects.requireNonNull(options, "options");
    List<NvmTable> opened = new ArrayList<>();
    try {
      L0RecoveryReport report = L0Recovery.recover(directory, live, options, opened);
      L0TableSet set = new L0TableSet(directory, options, opened, report);
      for (NvmTable table : opened) {
        table.close();
      }
      return set;
    } catch (RuntimeException e) {
      for (NvmTable table : opened) {
        table.close();
      }
      throw e;
    }
  }

  /** What {@code directory} holds by commit words, changing nothing. */
  public static L0Scan scan(PmemDirectory directory) {
    return L0Recovery.scan(directory);
  }

  /** What opening the set found and deleted. */
  public L0RecoveryReport recovery() {
    return recovery;
  }

  /** The directory. */
  public PmemDirectory directory() {
    return directory;
  }

  /** The limits and table settings. */
  public L0Options options() {
    return options;
  }

  /**
   * The current tables, newest first, pinned until the version is closed (once per call).
   *
   * @throws ClosedException after {@link #close}
   */
  public L0Version current() {
    while (true) {
      checkOpen();
      L0Version version = current;
      if (version.tryRetain()) {
        return version;
      }
    }
  }

  /** Number of live tables. */
  public int tableCount() {
    return current.size();
  }

  /** Pmem bytes of the live tables. */
  public long bytes() {
    return current.bytes();
  }

  /** Whether {@link #newTable} with {@code containerCapacityBytes} would be refused now. */
  public boolean hasRoomFor(long containerCapacityBytes) {
    synchronized (lock) {
      return refusal(containerCapacityBytes) == null;
    }
  }

  private String refusal(long containerCapacityBytes) {
    long tables = (long) current.size() + building;
    if (tables >= options.maxTables()) {
      return "L0 is full: " + tables + " table(s) live or being built, the limit is " + options.maxTables();
    }
    long bytes = current.bytes() + reservedBytes + reservation(containerCapacityBytes);
    if (bytes > options.maxBytes()) {
      return "L0 is full: a new table would bring it to " + bytes + " bytes, the limit is " + options.maxBytes();
    }
    return null;
  }

  private static long reservation(long containerCapacityBytes) {
    return ContainerFormat.HEADER_BYTES + containerCapacityBytes;
  }

  /**
   * A builder for table {@code tableId}, counted against the limits until it finishes or is
   * closed (see {@link NvmTableBuilder#create}); {@code containerCapacityBytes} is reserved against
   * the byte limit meanwhile (in format version 2 a hint the table may outgrow: a caller that sets
   * byte limits passes an estimate of its long values, e.g. the memtable's size).
   *
   * @throws BusyException when L0 is at its table or byte limit: compact first
   * @throws InvalidArgumentException when the id is in use or a single table could never fit
   * @throws ClosedException after {@link #close}
   */
  public NvmTableBuilder newTable(long tableId, long containerCapacityBytes) {
    long reserved = reservation(containerCapacityBytes);
    synchronized (lock) {
      checkOpen();
      if (reserved > options.maxBytes()) {
        throw new InvalidArgumentException("a table with " + containerCapacityBytes + " container bytes exceeds the L0"
            + " budget of " + options.maxBytes() + " bytes on its own");
      }
      String refused = refusal(containerCapacityBytes);
      if (refused != null) {
        throw new BusyException(refused);
      }
      building++;
      reservedBytes += reserved;
    }
    Runnable release = () -> {
      synchronized (lock) {
        building--;
        reservedBytes -= reserved;
      }
    };
    try {
      return NvmTableBuilder.create(directory, tableId, options.tableOptions(), options.order(), containerCapacityBytes,
          options.verification(), release);
    } catch (RuntimeException e) {
      release.run();
      throw e;
    }
  }

  /**
   * Publishes a committed table (from {@link NvmTableBuilder#finish}) as the set's newest, once
   * the manifest lists it. The set takes over the caller's reference: the caller does not close
   * it (closing it is harmless).
   *
   * @throws InvalidArgumentException when a table of that id is already in the set
   * @throws ClosedException after {@link #close}
   */
  public void add(NvmTable table) {
    synchronized (lock) {
      checkOpen();
      if (current.table(table.id()) != null) {
        throw new InvalidArgumentException("NVMTable " + table.id() + " is already in L0");
      }
      List<NvmTable> tables = new ArrayList<>(current.tables());
      tables.add(table);
      tables.sort(Comparator.comparingLong(NvmTable::id).reversed());
      install(tables);
    }
    table.close();
  }

  /**
   * Takes tables out of the set once a compaction has moved their entries and the manifest no
   * longer lists them; their files are deleted when the last version holding them is closed.
   *
   * @throws InvalidArgumentException when an id is not in the set (nothing is removed)
   * @throws ClosedException after {@link #close}
   */
  public void remove(Collection<Long> tableIds) {
    synchronized (lock) {
      checkOpen();
      Set<Long> ids = new TreeSet<>(tableIds);
      for (long id : ids) {
        if (current.table(id) == null) {
          throw new InvalidArgumentException("NVMTable " + id + " is not in L0");
        }
      }
      List<NvmTable> kept = new ArrayList<>();
      for (NvmTable table : current.tables()) {
        if (ids.contains(table.id())) {
          table.markObsolete();
        } else {
          kept.add(table);
        }
      }
      install(kept);
    }
  }

  private void install(List<NvmTable> tables) {
    L0Version previous = current;
    current = new L0Version(tables);
    previous.close();
  }

  private void checkOpen() {
    if (closed) {
      throw new ClosedException("the L0 table set of " + directory.location() + " is closed");
    }
  }

  /** Closes the set: tables close when the last version holding them does. Files stay. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      current.close();
    }
  }

  @Override
  public String toString() {
    return "L0TableSet[" + directory.location() + ", " + current + "]";
  }
}
