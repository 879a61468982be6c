package io.cairn.bench;

import io.cairn.bench.kv.PmemSettings;
import io.cairn.bench.kv.StoreSettings;
import io.cairn.bench.runner.HeapOption;
import io.cairn.bench.workload.Seeds;
import io.cairn.node.api.JsonOption;
import io.cairn.node.api.PmemOptions;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options {@code bench paper} and {@code bench run} share: engines, directories, outputs. */
public final class SharedOptions {
  @Option(names = "--engines", split = ",", paramLabel = "ENGINE",
      description = "Engines to run, comma-separated (default: ${DEFAULT-VALUE}). cairn-pmem-kv is accepted as an"
          + " alias of cairn-pmem (key-value separation is the pmem mode's default); cairn-pmem-inline keeps values inline.",
      defaultValue = "cairn-pmem,cairn-ssd,cairn-pmem-budget,rocksdb,leveldb-java")
  List<String> engines;

  @Mixin HeapOption heap;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where the databases go: a new or empty directory on the device to measure"
          + " (default: a new folder in the system's temporary directory, removed afterwards).")
  Path dir;

  @Option(names = "--keep", description = "Keep the databases after the run (default: remove each one when its run ends).")
  boolean keep;

  @Option(names = "--quick", description = "A short smoke run (10,000 records, 1,000 warm-up ops) instead of the full one.")
  boolean quick;

  @Option(names = "--warmup", paramLabel = "OPS",
      description = "Writes and reads on a throw-away store before each measured run, not counted"
          + " (default: 10,000; 1,000 with --quick).")
  Integer warmupOps;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
      description = "Repeat the whole run N times, engine order rotated each time; rounds are merged (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--warmup-rounds", paramLabel = "N", defaultValue = "0",
      description = "Whole rounds of every engine run first and not counted (the first value size only), so that"
          + " the JIT has compiled the code the Cairn engines share before any engine is measured; with engines in"
          + " one JVM the first Cairn engine of a round pays it otherwise (default: ${DEFAULT-VALUE}).")
  int warmupRounds;

  @Option(names = "--seed", paramLabel = "N",
      description = "Seed of every key, value and random choice (default: a fixed seed, so runs are comparable).")
  long seed = Seeds.DEFAULT;

  @Option(names = "--l0-limit", paramLabel = "TABLES",
      description = "L0 tables at which writes stop, for the engines that let it be set (default: the tuning's:"
          + " " + StoreSettings.PAPER_L0_LIMIT + " with paper, as the paper; 36 with today).")
  Integer l0Limit;

  @Option(names = "--tuning", paramLabel = "NAME", defaultValue = "paper",
      description = "Settings every engine gets: paper (LevelDB's 2011 defaults with the paper's L0 limit of 10:"
          + " 4 MiB memtables, four of them, 2 MiB tables, 10 MiB L1) or today (the engine's defaults: 64 MiB memtables, four"
          + " of them, 64 MiB tables, 256 MiB L1, L0 at 4/20/36, 64 MiB block cache, 4 subcompactions)."
          + " Default: ${DEFAULT-VALUE}.")
  String tuning;

  @Option(names = "--write-buffer", paramLabel = "SIZE", converter = PmemOptions.ByteSizeConverter.class,
      description = "Memtable size for every engine, e.g. 8m, overriding the tuning's (4 MiB with paper, 64 MiB with"
          + " today): a small one makes a short run hold a data set many times the memtables.")
  Long writeBufferBytes;

  @Option(names = "--write-buffers", paramLabel = "N",
      description = "Memtables each engine holds at once, the one being written included (RocksDB's"
          + " max_write_buffer_number), overriding the tuning's (16 with paper, 4 with today): with more, a"
          + " flush that falls behind the writers does not stop them at once. The paper does not fix it;"
          + " leveldb-java always has 2 and its rows say so (settings.write_buffers).")
  Integer writeBuffers;

  @Option(names = "--l0-merge-max", paramLabel = "SIZE", converter = MergeBoundConverter.class,
      description = "Cairn's intra-L0 merges: the most bytes an L0 table may grow to by merging the newest L0"
          + " tables beside a busy L0 to L1 compaction, e.g. 256m; 0 turns them off (default: the engine's,"
          + " 512 MiB).")
  Long l0MergeMaxBytes;

  @Option(names = "--sync", description = "fsync the WAL on every write, for every engine (default: WAL on, no fsync per write).")
  boolean sync;

  @Option(names = "--io", paramLabel = "MODE",
      description = "Table I/O of every engine that can choose: direct (O_DIRECT: SSTable reads, flushes and"
          + " compactions bypass the page cache, so every block-cache miss pays the device) or buffered"
          + " (through the page cache). Default: direct where the directory's file system allows it, else"
          + " buffered with a note.")
  String io;

  @Option(names = "--baseline", paramLabel = "ENGINE",
      description = "Engine the 'vs' column divides by (default: cairn-ssd when it ran, else the first engine that ran).")
  String baseline;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Also write a Markdown report with PNG charts into DIR.")
  Path report;

  @Mixin JsonOption json;

  @Mixin PmemOptions pmem;

  /** Picocli converter for {@code --l0-merge-max}: a size, or 0 (off). */
  static final class MergeBoundConverter implements picocli.CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return value.strip().equals("0") ? 0L : new PmemOptions.ByteSizeConverter().convert(value);
    }
  }

  /** Warm-up operations: as given, else 10,000 (1,000 with {@code --quick}). */
  int warmupOps() {
    return warmupOps != null ? warmupOps : quick ? 1_000 : 10_000;
  }

  /**
   * Where and how cairn-pmem keeps its L0, from --pmem-dir, --pmem-backend, --latency-model and
   * friends. Without --pmem-dir the L0 goes to {@link DefaultPmemRoot} (emulated pmem in DRAM under
   * {@code /dev/shm} where the machine has it), not beside the database on the disk: mapped files on
   * the databases' own disk would pay the device for every flush and would not be pmem at all.
   */
  PmemSettings pmemSettings() {
    Path root = pmem.directory() != null ? pmem.directory() : DefaultPmemRoot.forThisRun();
    return new PmemSettings(root == null ? null : root.toAbsolutePath().normalize(),
        pmem.backend(), pmem.latencyModel(), pmem.budgetBytes(), pmem.walOnPmem());
  }

  /** The store settings every engine gets, with table I/O direct or buffered as resolved from {@code --io}. */
  StoreSettings storeSettings(boolean directIo) {
    StoreSettings base = StoreSettings.tuning(tuning);
    if (writeBufferBytes != null) {
      base = base.withWriteBuffer(writeBufferBytes);
    }
    if (l0MergeMaxBytes != null) {
      base = base.withL0MergeMaxBytes(l0MergeMaxBytes);
    }
    if (writeBuffers != null) {
      base = base.withMaxWriteBufferNumber(writeBuffers);
    }
    return (l0Limit == null ? base : base.withL0Limit(l0Limit)).withSyncWrites(sync).withDirectIo(directIo);
  }
}
