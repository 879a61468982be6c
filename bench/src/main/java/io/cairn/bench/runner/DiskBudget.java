package io.cairn.bench.runner;

import io.cairn.bench.report.Units;
import io.cairn.common.CairnIoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before anything runs, that the run's directory has room for its databases, so a run
 * does not die an hour in with "No space left on device".
 */
public final class DiskBudget {
  private DiskBudget() {}

  /**
   * The disk a run needs at its peak: its largest cell when databases are removed as the run
   * goes, every cell together when they are kept; plus the warm-up store.
   */
  public static long requiredBytes(Scenario scenario, int engines, RunConfig config) {
    long largest = 0;
    long total = 0;
    for (int valueBytes : scenario.valueSizes()) {
      long cell = scenario.diskBytesPerCell(valueBytes);
      largest = Math.max(largest, cell);
      total += cell * engines * config.rounds();
    }
    long warmup = 0;
    for (int valueBytes : scenario.valueSizes()) {
      warmup = Math.max(warmup, 3L * config.warmupOps() * (scenario.keyBytes() + valueBytes));
    }
    return (config.keep() ? total : largest) + warmup;
  }

  /**
   * Throws unless the file system of {@code directory} has {@code requiredBytes} free.
   *
   * @throws CairnIoException naming the space needed and the space free
   */
  public static void check(Path directory, long requiredBytes) {
    long usable = usableBytes(directory);
    if (usable < requiredBytes) {
      throw new CairnIoException("not enough free disk in " + directory + ": this run needs about "
          + Units.bytes(requiredBytes) + " and only " + Units.bytes(usable)
          + " is free; free some space, choose another --dir, or shrink the run (--quick, fewer records)");
    }
  }

  /** Free bytes of the file system holding {@code path} (or its nearest existing parent). */
  static long usableBytes(Path path) {
    Path existing = path.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new CairnIoException("no existing parent folder of " + path);
    }
    try {
      return Files.getFileStore(existing).getUsableSpace();
    } catch (IOException e) {
      throw CairnIoException.wrap("read the free space of " + existing, e);
    }
  }
}
