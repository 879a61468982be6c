package io.cairn.bench.chain;

import io.cairn.bench.runner.ChildJvm;
import io.cairn.bench.runner.HeapOption;
import io.cairn.bench.runner.Settle;
import io.cairn.chain.api.Admission;
import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.Genesis;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.LedgerNode;
import io.cairn.chain.api.LedgerOptions;
import io.cairn.chain.api.RecordStore;
import io.cairn.chain.api.Role;
import io.cairn.chain.api.Verdict;
import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import io.cairn.node.api.PmemOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cairn bench chain}: the ledger measured alone on one node. Random records are stored in
 * an engine and anchored in blocks (one signed transaction per {@code --tx-records} records, one
 * signed block per {@code --block-records}); then every record is verified by reflection
 * verification from {@code --threads} threads, first on the running ledger, then again on a ledger
 * reopened from disk (cold: the header chain is re-checked and no signature is cached). The engine
 * alone runs the same records first ({@link EngineBaseline}), so the ratios compare in one run.
 * Writes are synced once per block to each of the two databases. The run is measured in a child
 * JVM with a fixed, pre-touched heap ({@link ChildJvm}), after a warm-up on a throw-away ledger,
 * and the engines settle between anchoring and verifying; each measured phase reports GC, JIT,
 * page faults and the engines' state ({@link PhaseCounters}). See {@code docs/chain.md}.
 */
@Command(
    name = "chain",
    mixinStandardHelpOptions = true,
    description = "Ledger throughput: records anchored and verified per second.")
public final class ChainBench implements Callable<Integer> {
  /** The issue's targets, reported beside the measurements. */
  static final long ANCHORED_TARGET_PER_S = 50_000;
  static final long VERIFIED_TARGET_PER_S = 100_000;
  /** The longest the engines are given to settle before the verification passes. */
  static final int SETTLE_MAX_SECONDS = 120;

  @Option(names = "--records", defaultValue = "100000", description = "Records to anchor (default ${DEFAULT-VALUE}).")
  int records;

  @Option(names = "--record-bytes", defaultValue = "1024", description = "Bytes per record (default ${DEFAULT-VALUE}).")
  int recordBytes;

  @Option(names = "--block-records", defaultValue = "1000", description = "Records per block (default ${DEFAULT-VALUE}).")
  int blockRecords;

  @Option(names = "--tx-records", defaultValue = "1000",
      description = "Records per signed anchoring transaction (default ${DEFAULT-VALUE}).")
  int transactionRecords;

  @Option(names = "--threads", description = "Verifying threads (default: available processors).")
  Integer threads;

  @Option(names = "--hash", defaultValue = "sha-256",
      description = "Record key algorithm: sha-256 or improved-sha-256-nonstandard (default ${DEFAULT-VALUE}).")
  String hash;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "A new or empty directory for the databases, kept afterwards (default: a temporary"
          + " directory, deleted afterwards).")
  Path directory;

  @Option(names = "--ledger-write-buffer", paramLabel = "SIZE", converter = PmemOptions.ByteSizeConverter.class,
      description = "Memtable size of the ledger's database, e.g. 8m (default: the engine's, 64 MiB); the records'"
          + " database keeps the engine's default.")
  Long ledgerWriteBufferBytes;

  @Mixin HeapOption heap;

  @Option(names = "--warmup-records", defaultValue = "20000",
      description = "Records anchored first on a throw-away ledger, not measured, so that the JIT has compiled the"
          + " ledger's paths before the measured anchoring (default ${DEFAULT-VALUE}; 0: none).")
  int warmupRecords;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the random records (default ${DEFAULT-VALUE}).")
  long seed;

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    HashAlgorithm algorithm = validate();
    Integer childStatus = heap.runInChild(spec, "bench");
    if (childStatus != null) {
      return childStatus;
    }
    int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    PrintWriter out = spec.commandLine().getOut();
    Path root = directory != null ? directory : temporaryDirectory();
    double loadAtStart = ProcessCpu.loadAverage();
    try {
      Identity member = Identity.generate();
      out.printf("bench chain: %,d records of %,d bytes, %,d per block, %,d per transaction, %s, %d verifying threads,"
          + " %,d warm-up records%n", records, recordBytes, blockRecords, transactionRecords, algorithm, threadCount,
          warmupRecords);
      EngineBaseline baseline = EngineBaseline.run(root.resolve("baseline"), records, recordBytes, blockRecords, seed,
          threadCount);
      if (warmupRecords > 0) {
        // The JIT compiles the ledger's paths here, on a throw-away ledger, not in the measured phase.
        anchor(root.resolve("warmup"), warmupRecords, seed ^ 0x5eed, member, algorithm);
        deleteTree(root.resolve("warmup"));
      }
      Anchoring anchoring = anchor(root, records, seed, member, algorithm);
      Verification verification = verify(root, anchoring.keys, threadCount);
      ParallelChecks warm = verification.warm;
      ParallelChecks cold = verification.cold;
      out.printf("  anchored   %,12.0f records/s  (block of %,d: p50 %.1f ms, p99 %.1f ms; target %,d/s)%n",
          anchoring.perSecond, blockRecords, anchoring.blockMillis.getValueAtPercentile(50) / 1000.0,
          anchoring.blockMillis.getValueAtPercentile(99) / 1000.0, ANCHORED_TARGET_PER_S);
      out.printf("  verified   %,12.0f records/s  (p50 %.1f us, p99 %.1f us; target %,d/s)%n", warm.perSecond(),
          warm.p50Micros(), warm.p99Micros(), VERIFIED_TARGET_PER_S);
      out.printf("  first pass %,12.0f records/s  (p50 %.1f us, p99 %.1f us; just reopened: every transaction and"
          + " header checked in full once, nothing cached)%n", cold.perSecond(), cold.p50Micros(), cold.p99Micros());
      out.printf("  engine alone, same run: stored %,.0f records/s (anchored/stored = %.2f),"
          + " read %,.0f records/s (verified/read = %.2f)%n", baseline.storedPerSecond(),
          anchoring.perSecond / baseline.storedPerSecond(), baseline.read().perSecond(),
          warm.perSecond() / baseline.read().perSecond());
      out.printf("  CPU per record: anchor %.1f us (engine alone stores in %.1f us), verify %.1f us, %.1f of it the"
          + " kernel's (engine alone reads in %.1f us)%n", anchoring.cpuMicrosPerRecord(),
          baseline.storeCpuMicrosPerRecord(), warm.cpuMicrosPerKey(), warm.systemCpuMicrosPerKey(),
          baseline.read().cpuMicrosPerKey());
      out.printf("  anchoring (the records' generation included): %s%n", anchoring.state);
      out.printf("  verified pass ran after the engines settled (%.0f ms) and one first pass: %s%n",
          verification.settleNanos / 1e6, verification.state);
      double loadAtEnd = ProcessCpu.loadAverage();
      out.printf("  machine: %d processors, load average (1 min) %.2f at start, %.2f at end; heap %s%n",
          Runtime.getRuntime().availableProcessors(), loadAtStart, loadAtEnd, ChildJvm.isChild()
              ? "fixed at " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB" : "as this JVM was started");
      int failures = warm.failures() + cold.failures();
      if (failures > 0) {
        spec.commandLine().getErr().println("bench chain: " + failures + " verifications failed, first: "
            + (warm.firstFailure() != null ? warm.firstFailure() : cold.firstFailure()));
      }
      json.write(report(anchoring, warm, cold, baseline, algorithm, threadCount)
          .put("verify_settle_ms", Json.round(verification.settleNanos / 1e6, 1))
          .put("verify_system_cpu_us_per_record", Json.round(warm.systemCpuMicrosPerKey(), 2))
          .put("verify_phase", verification.counters)
          .put("anchor_phase", anchoring.counters)
          .put("machine", Json.object().put("processors", Runtime.getRuntime().availableProcessors())
              .put("java", Runtime.version().toString())
              .put("heap_max_bytes", Runtime.getRuntime().maxMemory())
              .put("heap_fixed", ChildJvm.isChild())
              .put("load_average_1m_start", Json.round(loadAtStart, 2))
              .put("load_average_1m_end", Json.round(loadAtEnd, 2))));
      return failures == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    } finally {
      if (directory == null) {
        deleteTree(root);
      }
    }
  }

  private Options ledgerOptions() {
    return ledgerWriteBufferBytes == null ? Options.defaults()
        : Options.builder().writeBufferBytes(ledgerWriteBufferBytes).build();
  }

  private HashAlgorithm validate() {
    if (warmupRecords < 0) {
      throw new ParameterException(spec.commandLine(), "--warmup-records must be at least 0");
    }
    if (records < 1 || recordBytes < 1 || blockRecords < 1 || transactionRecords < 1
        || (threads != null && threads < 1)) {
      throw new ParameterException(spec.commandLine(), "--records, --record-bytes, --block-records,"
          + " --tx-records and --threads must be at least 1");
    }
    if (ledgerWriteBufferBytes != null && ledgerWriteBufferBytes < 64 << 10) {
      throw new ParameterException(spec.commandLine(), "--ledger-write-buffer must be at least 64k");
    }
    if (transactionRecords > 65_536) {
      throw new ParameterException(spec.commandLine(), "--tx-records must be at most 65536");
    }
    if (directory != null && Files.isDirectory(directory)) {
      try (var entries = Files.list(directory)) {
        if (entries.findAny().isPresent()) {
          throw new ParameterException(spec.commandLine(), "--dir " + directory + " is not empty; give a new directory");
        }
      } catch (IOException e) {
        throw CairnIoException.wrap("list " + directory, e);
      }
    }
    try {
      return HashAlgorithm.fromLabel(hash);
    } catch (InvalidArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private record Anchoring(double perSecond, Histogram blockMillis, List<Hash32> keys, long cpuNanos, String state,
      Json.Obj counters) {
    double cpuMicrosPerRecord() {
      return cpuNanos / 1000.0 / keys.size();
    }
  }

  /** Stores and anchors {@code count} random records (from {@code recordSeed}) in new databases under {@code root}. */
  private Anchoring anchor(Path root, int count, long recordSeed, Identity member, HashAlgorithm algorithm) {
    SplittableRandom random = new SplittableRandom(recordSeed);
    Histogram blockMicros = new Histogram(3);
    List<Hash32> keys = new ArrayList<>(count);
    long elapsedNanos = 0;
    long cpuNanos = 0;
    try (Databases dbs = Databases.open(root, ledgerOptions())) {
      Ledger ledger = Ledger.open(dbs.ledger, LedgerOptions.defaults().withSources(dbs.store()));
      long now = System.currentTimeMillis();
      ledger.apply(Genesis.create("bench-chain", member.key(), now));
      ledger.apply(Admission.issue(member, member.key(), "bench", EnumSet.allOf(Role.class), now));
      LedgerNode node = new LedgerNode(member, ledger, dbs.store(), System::currentTimeMillis, transactionRecords);
      PhaseCounters before = PhaseCounters.now(dbs.records, dbs.ledger);
      for (int done = 0; done < count; done += blockRecords) {
        List<byte[]> block = new ArrayList<>(blockRecords);
        for (int i = 0; i < Math.min(blockRecords, count - done); i++) {
          byte[] raw = new byte[recordBytes];
          random.nextBytes(raw);
          block.add(raw);
        }
        long start = System.nanoTime();
        long cpuAtStart = ProcessCpu.nanos();
        List<AnchorReceipt> receipts = node.anchor(block, algorithm);
        cpuNanos += ProcessCpu.nanos() - cpuAtStart;
        long took = System.nanoTime() - start;
        elapsedNanos += took;
        blockMicros.recordValue(Math.max(1, took / 1000));
        for (AnchorReceipt receipt : receipts) {
          keys.add(receipt.key());
        }
      }
      PhaseCounters after = PhaseCounters.now(dbs.records, dbs.ledger);
      return new Anchoring(count * 1e9 / elapsedNanos, blockMicros, keys, cpuNanos, after.describeSince(before),
          after.since(before));
    }
  }

  /**
   * The verification passes and the state of the measured one: what it found beside it and how
   * long the engines took to settle first.
   */
  private record Verification(ParallelChecks cold, ParallelChecks warm, long settleNanos, String state,
      Json.Obj counters) {}

  /**
   * Reopens the databases, waits for both engines to settle (no flush or compaction runs or waits,
   * so every run verifies against the same engine state), verifies every key once right after
   * opening and once more, measured.
   */
  private Verification verify(Path root, List<Hash32> keys, int threadCount) {
    try (Databases dbs = Databases.open(root, ledgerOptions())) {
      long settleNanos = dbs.settle();
      Ledger ledger = Ledger.open(dbs.ledger, LedgerOptions.defaults().withSources(dbs.store()));
      ParallelChecks cold = ParallelChecks.run(keys, threadCount, seed, key -> failure(ledger.verify(key)));
      PhaseCounters before = PhaseCounters.now(dbs.records, dbs.ledger);
      ParallelChecks warm = ParallelChecks.run(keys, threadCount, seed + 1, key -> failure(ledger.verify(key)));
      PhaseCounters after = PhaseCounters.now(dbs.records, dbs.ledger);
      return new Verification(cold, warm, settleNanos, after.describeSince(before), after.since(before));
    }
  }

  private static String failure(Verdict verdict) {
    return verdict.passed() ? null : verdict.toString();
  }

  private Json.Obj report(Anchoring anchoring, ParallelChecks warm, ParallelChecks cold, EngineBaseline baseline,
      HashAlgorithm algorithm, int threadCount) {
    return Json.object()
        .put("benchmark", "chain")
        .put("records", records)
        .put("warmup_records", warmupRecords)
        .put("record_bytes", recordBytes)
        .put("block_records", blockRecords)
        .put("transaction_records", transactionRecords)
        .put("hash", algorithm.label())
        .put("ledger_write_buffer_bytes", ledgerOptions().writeBufferBytes())
        .put("verify_threads", threadCount)
        .put("anchored_per_s", Math.round(anchoring.perSecond))
        .put("anchor_block_p50_ms", anchoring.blockMillis.getValueAtPercentile(50) / 1000.0)
        .put("anchor_block_p99_ms", anchoring.blockMillis.getValueAtPercentile(99) / 1000.0)
        .put("verified_per_s", Math.round(warm.perSecond()))
        .put("verify_p50_us", warm.p50Micros())
        .put("verify_p99_us", warm.p99Micros())
        .put("verified_first_pass_per_s", Math.round(cold.perSecond()))
        .put("verify_first_pass_p50_us", cold.p50Micros())
        .put("verify_first_pass_p99_us", cold.p99Micros())
        .put("verify_failures", warm.failures() + cold.failures())
        .put("anchor_cpu_us_per_record", Json.round(anchoring.cpuMicrosPerRecord(), 2))
        .put("verify_cpu_us_per_record", Json.round(warm.cpuMicrosPerKey(), 2))
        .put("engine_alone", Json.object()
            .put("stored_per_s", Math.round(baseline.storedPerSecond()))
            .put("read_per_s", Math.round(baseline.read().perSecond()))
            .put("read_p50_us", baseline.read().p50Micros())
            .put("store_cpu_us_per_record", Json.round(baseline.storeCpuMicrosPerRecord(), 2))
            .put("read_cpu_us_per_record", Json.round(baseline.read().cpuMicrosPerKey(), 2))
            .put("anchored_over_stored", anchoring.perSecond / baseline.storedPerSecond())
            .put("verified_over_read", warm.perSecond() / baseline.read().perSecond()))
        .put("targets", Json.object().put("anchored_per_s", ANCHORED_TARGET_PER_S)
            .put("verified_per_s", VERIFIED_TARGET_PER_S));
  }


  /** The two engine databases of the run: records and ledger. */
  private record Databases(Db records, Db ledger) implements AutoCloseable {
    static Databases open(Path root, Options ledgerOptions) {
      Db records = Cairn.open(root.resolve("records"), Options.defaults());
      try {
        return new Databases(records, Cairn.open(root.resolve("ledger"), ledgerOptions));
      } catch (RuntimeException e) {
        records.close();
        throw e;
      }
    }

    /**
     * Waits until neither engine runs or waits for a flush or compaction (at most {@value
     * #SETTLE_MAX_SECONDS} s); returns the nanoseconds waited.
     */
    long settle() {
      long maxNanos = java.util.concurrent.TimeUnit.SECONDS.toNanos(SETTLE_MAX_SECONDS);
      return Settle.await(() -> idle(records) && idle(ledger), maxNanos);
    }

    private static boolean idle(Db db) {
      return Boolean.parseBoolean(db.property("cairn.background-idle"));
    }

    RecordStore store() {
      return new RecordStore(RecordStore.DEFAULT_NAME, records, WriteOptions.SYNC);
    }

    @Override
    public void close() {
      try {
        ledger.close();
      } finally {
        records.close();
      }
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("cairn-bench-chain");
    } catch (IOException e) {
      throw CairnIoException.wrap("create a temporary directory", e);
    }
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Best effort: a temporary directory left behind is not a failed benchmark.
    }
  }
}
