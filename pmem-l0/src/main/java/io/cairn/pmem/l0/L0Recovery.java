package io.cairn.pmem.l0;

import io.cairn.common.CorruptionException;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.l0.internal.TableOpener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings an L0 directory back to a consistent state when the set opens: keeps committed tables,
 * deletes what interrupted builds left (uncommitted tables, containers without a table) and, when
 * the engine's manifest says which tables are live, committed tables it does not name. Every
 * deletion is logged at WARN, the outcome at INFO. Regions whose names are not NVMTable or
 * Container names are left alone (other users of the directory).
 *
 * <p>What is never deleted: a table the live list names (if it is missing, uncommitted or fails
 * a check, that is corruption: its entries exist nowhere else), and, without a live list, a table
 * whose region cannot even be opened (it may be committed).
 *
 * <p>Thread-safety: not thread-safe; runs before the set is shared.
 */
final class L0Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(L0Recovery.class);
  private static final Pattern TABLE = Pattern.compile("(\\d{1,18})\\.nvt");
  private static final Pattern CONTAINER = Pattern.compile("(\\d{1,18})\\.nvc");

  private enum State { COMMITTED, UNCOMMITTED, UNREADABLE }

  private L0Recovery() {}

  /** Reports what {@code directory} holds; changes nothing. */
  static L0Scan scan(PmemDirectory directory) {
    List<Long> committed = new ArrayList<>();
    List<Long> uncommitted = new ArrayList<>();
    List<Long> unreadable = new ArrayList<>();
    Set<Long> tableIds = ids(directory, TABLE);
    for (long id : tableIds) {
      switch (stateOf(directory, id)) {
        case COMMITTED -> committed.add(id);
        case UNCOMMITTED -> uncommitted.add(id);
        case UNREADABLE -> unreadable.add(id);
      }
    }
    List<String> stray = new ArrayList<>();
    for (long id : ids(directory, CONTAINER)) {
      if (!tableIds.contains(id)) {
        stray.add(NvmTable.containerName(id));
      }
    }
    return new L0Scan(committed, uncommitted, unreadable, stray);
  }

  /**
   * Opens the tables to keep and deletes the rest.
   *
   * @param live the table ids the manifest lists, or {@code null} to keep every committed table
   * @param opened receives the opened tables (the caller closes them if this throws)
   * @throws CorruptionException when a table that must be kept is missing, uncommitted or damaged
   */
  static L0RecoveryReport recover(PmemDirectory directory, Set<Long> live, L0Options options, List<NvmTable> opened) {
    Set<Long> tableIds = ids(directory, TABLE);
    List<Long> uncommittedDeleted = new ArrayList<>();
    List<Long> orphansDeleted = new ArrayList<>();
    if (live != null) {
      for (long id : live) {
        if (!tableIds.contains(id)) {
          throw new CorruptionException("the manifest lists NVMTable " + id + " but " + directory.location()
              + " has no " + NvmTable.tableName(id));
        }
      }
    }
    for (long id : tableIds) {
      boolean named = live == null || live.contains(id);
      State state = stateOf(directory, id);
      if (named && state == State.COMMITTED) {
        opened.add(NvmTable.open(directory, id, options.order(), options.verification()));
      } else if (live == null && state == State.UNCOMMITTED) {
        LOG.warn("deleting NVMTable {} from {}: not committed (an interrupted build)", NvmTable.tableName(id),
            directory.location());
        NvmTable.deleteFiles(directory, id, id);
        uncommittedDeleted.add(id);
      } else if (named) {
        throw failure(directory, id, state, live != null);
      } else {
        LOG.warn("deleting NVMTable {} from {}: {}", NvmTable.tableName(id), directory.location(),
            state == State.COMMITTED ? "committed but not in the manifest (a crash before the manifest edit)"
                : "not in the manifest and " + state.name().toLowerCase());
        NvmTable.deleteFiles(directory, id, id);
        (state == State.COMMITTED ? orphansDeleted : uncommittedDeleted).add(id);
      }
    }
    List<String> strays = deleteStrayContainers(directory, opened);
    opened.sort(Comparator.comparingLong(NvmTable::id).reversed());
    L0RecoveryReport report = new L0RecoveryReport(opened.stream().map(NvmTable::id).toList(), uncommittedDeleted,
        orphansDeleted, strays);
    LOG.info("L0 recovery in {}: kept {} NVMTable(s) {}; deleted {} uncommitted, {} not in the manifest, {} stray"
        + " container(s)", directory.location(), report.kept().size(), report.kept(), uncommittedDeleted.size(),
        orphansDeleted.size(), strays.size());
    return report;
  }

  /** A table that must be kept but cannot be. */
  private static CorruptionException failure(PmemDirectory directory, long id, State state, boolean manifest) {
    String what = state == State.UNCOMMITTED ? "is not committed" : "cannot be opened (bad region header or size)";
    return new CorruptionException("NVMTable " + NvmTable.tableName(id) + " in " + directory.location() + " " + what
        + (manifest ? ", yet the manifest lists it" : "; it may hold committed data, so it is not deleted"));
  }

  private static List<String> deleteStrayContainers(PmemDirectory directory, List<NvmTable> kept) {
    Set<Long> keptIds = new TreeSet<>();
    for (NvmTable table : kept) {
      keptIds.add(table.id());
    }
    List<String> strays = new ArrayList<>();
    for (long id : ids(directory, CONTAINER)) {
      if (!keptIds.contains(id)) {
        String name = NvmTable.containerName(id);
        LOG.warn("deleting container {} from {}: no committed table uses it (an interrupted build)", name,
            directory.location());
        directory.delete(name);
        strays.add(name);
      }
    }
    return strays;
  }

  private static State stateOf(PmemDirectory directory, long id) {
    PmemRegion region;
    try {
      region = directory.open(NvmTable.tableName(id));
    } catch (CorruptionException e) {
      return State.UNREADABLE;
    }
    try {
      return TableOpener.isCommitted(region) ? State.COMMITTED : State.UNCOMMITTED;
    } finally {
      region.close();
    }
  }

  private static Set<Long> ids(PmemDirectory directory, Pattern pattern) {
    Set<Long> ids = new TreeSet<>();
    for (String name : directory.list()) {
      Matcher matcher = pattern.matcher(name);
      if (matcher.matches()) {
        long id = Long.parseLong(matcher.group(1));
        // Only the canonical spelling is ours: "12.nvt" is some other program's file.
        if (name.equals(NvmTable.tableName(id)) || name.equals(NvmTable.containerName(id))) {
          ids.add(id);
        }
      }
    }
    return ids;
  }
}
