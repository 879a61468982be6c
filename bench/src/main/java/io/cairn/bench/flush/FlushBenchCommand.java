package io.cairn.bench.flush;

import io.cairn.bench.kv.Engine;
import io.cairn.bench.kv.Engines;
import io.cairn.bench.kv.KvStore;
import io.cairn.bench.kv.PmemSettings;
import io.cairn.bench.kv.StoreSettings;
import io.cairn.bench.runner.Directories;
import io.cairn.bench.runner.ThreadCpu;
import io.cairn.bench.workload.ycsb.YcsbKeys;
import io.cairn.bench.workload.ycsb.YcsbRecord;
import io.cairn.common.CairnIoException;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import io.cairn.node.api.OptionChecks;
import io.cairn.node.api.PmemOptions;
import io.cairn.pmem.api.LatencyModel;
import io.cairn.pmem.api.PmemBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cairn bench flush}: what a YCSB load costs the engine's flush thread, per loaded record,
 * counted by the kernel: run time, user and kernel time, write system calls, minor faults, and the
 * thread's allocation, with the collector's run time beside it. Each round loads the same records
 * into a fresh store of each engine (order rotated by round) and waits for the background work to
 * finish. See {@code docs/engine.md} (the load phase, session 10).
 */
@Command(
    name = "flush",
    mixinStandardHelpOptions = true,
    description = {
      "The flush thread's cost per loaded record: YCSB records (10 fields of 100 bytes, 1,092 bytes"
          + " encoded) put in key order of their number into a fresh store of each engine, today's"
          + " tuning (64 MiB memtables), until every memtable is flushed. Counted from /proc per thread:"
          + " CPU (user and kernel), write system calls, minor faults; the thread's allocated bytes;"
          + " the collector's CPU. Engines alternate by round, so compare them within one run."
    },
    footer = {"", "Example: cairn bench flush --records 200000 --rounds 3 --engines cairn-pmem,cairn-ssd"})
public final class FlushBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin JsonOption json;

  @Option(names = "--records", paramLabel = "N", defaultValue = "200000",
      description = "Records loaded per store (default: ${DEFAULT-VALUE}: about 3.4 memtables of 64 MiB).")
  int records;

  @Option(names = "--rounds", paramLabel = "R", defaultValue = "3",
      description = "Rounds; each loads a fresh store of every engine (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--engines", paramLabel = "E", split = ",", defaultValue = "cairn-pmem,cairn-ssd",
      description = "Engines (default: ${DEFAULT-VALUE}).")
  List<String> engines;

  @Option(names = "--write-buffer", paramLabel = "SIZE", converter = PmemOptions.ByteSizeConverter.class,
      description = "Memtable size (default: today's tuning, 64 MiB).")
  Long writeBuffer;

  @Option(names = "--io", paramLabel = "MODE", defaultValue = "direct",
      description = "SSTable I/O: direct or buffered (default: ${DEFAULT-VALUE}).")
  String io;

  @Option(names = "--dir", paramLabel = "D",
      description = "Folder for the databases (default: a new temporary folder).")
  Path directory;

  @Option(names = "--pmem-dir", paramLabel = "D",
      description = "Folder for cairn-pmem's L0 (default: a new folder under /dev/shm).")
  Path pmemDirectory;

  @Override
  public Integer call() throws IOException {
    OptionChecks.requireRange(spec, "--records", records, 1, 1 << 24);
    OptionChecks.requireRange(spec, "--rounds", rounds, 1, 1000);
    if (!"direct".equals(io) && !"buffered".equals(io)) {
      throw new ParameterException(spec.commandLine(), "--io must be direct or buffered, was '" + io + "'");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path base = directory != null ? Files.createDirectories(directory) : Files.createTempDirectory("cairn-bench-flush");
    Path pmemRoot = pmemDirectory != null ? pmemDirectory : Path.of("/dev/shm", "cairn-bench-flush-" + ProcessHandle.current().pid());
    Files.createDirectories(pmemRoot);
    List<Engine> list = Engines.parse(engines, new PmemSettings(pmemRoot, PmemBackend.AUTO, LatencyModel.OFF, null, false));
    StoreSettings settings = StoreSettings.today().withDirectIo("direct".equals(io));
    if (writeBuffer != null) {
      settings = settings.withWriteBuffer(writeBuffer);
    }
    byte[][] keys = new byte[records][];
    byte[][] values = new byte[records][];
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < records; i++) {
      keys[i] = YcsbKeys.key(i);
      values[i] = YcsbRecord.newRecord(keys[i], random);
    }
    out.printf(Locale.ROOT, "%-12s %5s %9s %9s %9s %11s %9s %9s %9s%n", "engine", "round", "flush us", "user us",
        "kernel us", "writes/rec", "faults", "alloc B", "gc us");
    Json.Arr rows = Json.array();
    try {
      for (int round = 0; round < rounds; round++) {
        for (int e = 0; e < list.size(); e++) {
          Engine engine = list.get((e + round) % list.size());
          Json.Obj row = loadOnce(engine, base.resolve(engine.name() + "-" + round), settings, keys, values);
          row.put("round", round + 1);
          rows.add(row);
          out.printf(Locale.ROOT, "%-12s %5d %9.2f %9.2f %9.2f %11.4f %9.4f %9.0f %9.2f%n", engine.name(), round + 1,
              row.get("flush_us_per_record"), row.get("flush_user_us_per_record"),
              row.get("flush_kernel_us_per_record"), row.get("flush_write_calls_per_record"),
              row.get("flush_minor_faults_per_record"), row.get("flush_alloc_bytes_per_record"),
              row.get("gc_us_per_record"));
          out.flush();
        }
      }
    } finally {
      if (pmemDirectory == null) {
        Directories.deleteTree(pmemRoot);
      }
      if (directory == null) {
        Directories.deleteTree(base);
      }
    }
    json.write(Json.object().put("records", records).put("record_bytes", values[0].length)
        .put("settings", settings.toJson()).put("rows", rows));
    return 0;
  }

  /** Loads the records into a fresh store of {@code engine}, waits for its flushes, counts. */
  private Json.Obj loadOnce(Engine engine, Path path, StoreSettings settings, byte[][] keys, byte[][] values)
      throws IOException {
    Files.createDirectories(path);
    KvStore store = engine.open(path, settings);
    try {
      Map<String, ThreadCounters> before = ThreadCounters.byGroup();
      long allocatedBefore = flushAllocatedBytes();
      for (int i = 0; i < keys.length; i++) {
        store.put(keys[i], values[i]);
      }
      while (!store.backgroundIdle()) {
        Thread.sleep(2);
      }
      Map<String, ThreadCounters> after = ThreadCounters.byGroup();
      double n = keys.length;
      ThreadCounters flush = delta(after, before, "flush");
      ThreadCounters gc = delta(after, before, "gc");
      return Json.object().put("engine", engine.name())
          .put("flush_us_per_record", Json.round(flush.runNanos() / 1e3 / n, 3))
          .put("flush_user_us_per_record", Json.round(flush.userTicks() * ThreadCounters.NANOS_PER_TICK / 1e3 / n, 3))
          .put("flush_kernel_us_per_record",
              Json.round(flush.systemTicks() * ThreadCounters.NANOS_PER_TICK / 1e3 / n, 3))
          .put("flush_write_calls_per_record", Json.round(flush.writeCalls() / n, 4))
          .put("flush_minor_faults_per_record", Json.round(flush.minorFaults() / n, 4))
          .put("flush_alloc_bytes_per_record", Json.round((flushAllocatedBytes() - allocatedBefore) / n, 1))
          .put("gc_us_per_record", Json.round(gc.runNanos() / 1e3 / n, 3));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CairnIoException("interrupted while waiting for the flushes", e);
    } finally {
      store.close();
      engine.removeOutside(path);
      Directories.deleteTree(path);
    }
  }

  private static ThreadCounters delta(Map<String, ThreadCounters> after, Map<String, ThreadCounters> before, String group) {
    return after.getOrDefault(group, ThreadCounters.ZERO).minus(before.getOrDefault(group, ThreadCounters.ZERO));
  }

  /** Bytes allocated so far by the live threads of the flush group (the JVM's per-thread counter). */
  private static long flushAllocatedBytes() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if ("flush".equals(ThreadCpu.groupOf(ThreadCpu.kernelName(thread.getName())))) {
        sum += Math.max(0, threads.getThreadAllocatedBytes(thread.threadId()));
      }
    }
    return sum;
  }
}
