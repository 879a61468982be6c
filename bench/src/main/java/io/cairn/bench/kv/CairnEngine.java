package io.cairn.bench.kv;

import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Compression;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.DbStats;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.api.WriteOptions;
import io.cairn.common.CairnIoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.List;

/**
 * Cairn through its public API ({@link Cairn#open}), with L0 on SSD (SSTables: the paper's
 * baseline) or on persistent memory (NVMTables), every other option from {@link StoreSettings}.
 */
final class CairnEngine implements Engine {
  private final String name;
  private final L0Mode l0Mode;
  private final PmemSettings pmem;
  /** Whether the pmem L0 is bounded by the pmem budget alone ({@code Options.pmemSizedL0}). */
  private final boolean pmemSized;
  /**
   * How values are kept with the pmem L0 ({@code Options.pmemValueSeparation}, relocation GC):
   * the engine default (separated, relocated), inline (copied down to SSTables as the paper
   * does), or separated without relocation (garbage kept, for comparison).
   */
  enum Values { DEFAULT, INLINE, SEPARATED_NO_GC }

  private final Values values;

  CairnEngine(String name, L0Mode l0Mode, boolean pmemSized) {
    this(name, l0Mode, PmemSettings.ENGINE_DEFAULT, pmemSized, Values.DEFAULT);
  }

  /** The paper's L0 on pmem with values kept as {@code values} says. */
  static CairnEngine withValues(String name, Values values) {
    return new CairnEngine(name, L0Mode.PMEM, PmemSettings.ENGINE_DEFAULT, false, values);
  }

  private CairnEngine(String name, L0Mode l0Mode, PmemSettings pmem, boolean pmemSized, Values values) {
    if ((pmemSized || values != Values.DEFAULT) && l0Mode != L0Mode.PMEM) {
      throw new IllegalArgumentException("a pmem-sized L0 and the choice of value placement need the pmem L0");
    }
    this.name = name;
    this.l0Mode = l0Mode;
    this.pmem = pmem;
    this.pmemSized = pmemSized;
    this.values = values;
  }

  /** This engine with its pmem L0 placed as {@code settings} says (the SSD engine is unchanged). */
  CairnEngine withPmem(PmemSettings settings) {
    return l0Mode == L0Mode.PMEM ? new CairnEngine(name, l0Mode, settings, pmemSized, values) : this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return l0Mode == L0Mode.PMEM
        ? "Cairn with L0 as NVMTables on persistent memory" + (pmemSized
            ? ", sized by the pmem budget (" + (pmem.budgetBytes() == null ? "engine default"
                : pmem.budgetBytes() + " bytes") + "; NVMTables merged on pmem, the L0 table limit not applied)"
            : ", at most the L0 limit of tables") + switch (values) {
              case DEFAULT -> ", key-value separation with relocation GC (the pmem mode's default: values stay in"
                  + " pmem Containers through compaction, SSTables hold references)";
              case INLINE -> ", values inline (copied down to SSTables, as the paper does)";
              case SEPARATED_NO_GC -> ", key-value separation without relocation GC (dead values kept)";
            } + " (" + (pmem.root() == null
            ? "emulated: mapped files in <db>/pmem" : pmem.root().toString()) + ", backend " + pmem.backend()
            + ", latency model " + pmem.latencyModel() + (pmem.walOnPmem() ? ", WAL on pmem" : "") + ")"
        : "Cairn with L0 as SSTables on SSD (the paper's baseline)";
  }

  @Override
  public List<String> deviations(StoreSettings settings) {
    return pmemSized
        ? List.of("L0 is bounded by the pmem budget, not by the L0 table triggers (compaction/slowdown/stop at "
            + settings.l0CompactionTrigger() + "/" + settings.l0SlowdownTrigger() + "/" + settings.l0StopTrigger()
            + " tables are not applied)")
        : List.of();
  }

  @Override
  public KvStore open(Path directory, StoreSettings settings) {
    Options.Builder builder = Options.builder()
        .createIfMissing(true)
        .errorIfExists(true)
        .writeBufferBytes(settings.writeBufferBytes())
        .blockBytes(settings.blockBytes())
        .blockCacheBytes(settings.blockCacheBytes())
        .bloomBitsPerKey(settings.bloomBitsPerKey())
        .compression(Compression.NONE)
        .maxOpenFiles(settings.maxOpenFiles())
        .l0CompactionTrigger(settings.l0CompactionTrigger())
        .l0SlowdownTrigger(settings.l0SlowdownTrigger())
        .l0StopTrigger(settings.l0StopTrigger())
        .level1MaxBytes(settings.level1MaxBytes())
        .targetFileBytes(settings.targetFileBytes())
        .maxWriteBufferNumber(settings.maxWriteBufferNumber())
        .maxSubcompactions(settings.maxSubcompactions())
        .l0MergeMaxBytes(settings.l0MergeMaxBytes())
        .directIo(settings.directIo())
        .l0Mode(l0Mode);
    if (l0Mode == L0Mode.PMEM) {
      builder.pmemDirectory(pmem.directoryFor(directory)).pmemBackend(pmem.backend())
          .latencyModel(pmem.latencyModel()).walOnPmem(pmem.walOnPmem()).pmemSizedL0(pmemSized);
      if (values == Values.INLINE) {
        builder.pmemValueSeparation(false);
      } else if (values == Values.SEPARATED_NO_GC) {
        builder.pmemValueGcOff();
      }
      if (pmem.budgetBytes() != null) {
        builder.pmemBudgetBytes(pmem.budgetBytes());
      }
    }
    Options options = builder.build();
    return new Store(Cairn.open(directory, options),
        settings.syncWrites() ? WriteOptions.SYNC : WriteOptions.DEFAULT);
  }

  @Override
  public void removeOutside(Path directory) {
    Path pmemDirectory = l0Mode == L0Mode.PMEM ? pmem.directoryFor(directory) : null;
    if (pmemDirectory != null && Files.exists(pmemDirectory)) {
      try (Stream<Path> files = Files.walk(pmemDirectory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      } catch (IOException e) {
        throw CairnIoException.wrap("remove the pmem directory " + pmemDirectory, e);
      }
    }
  }

  /** The adapter: Cairn's API already matches {@link KvStore}, so each call is one call. */
  private static final class Store implements KvStore {
    private final Db db;
    private final WriteOptions writeOptions;

    Store(Db db, WriteOptions writeOptions) {
      this.db = db;
      this.writeOptions = writeOptions;
    }

    @Override
    public void put(byte[] key, byte[] value) {
      db.put(key, value, writeOptions);
    }

    @Override
    public byte[] get(byte[] key) {
      return db.get(key, ReadOptions.DEFAULT);
    }

    @Override
    public KvCursor cursor() {
      DbIterator iterator = db.newIterator(ReadOptions.DEFAULT);
      return new KvCursor() {
        @Override public void seekToFirst() { iterator.seekToFirst(); }
        @Override public void seek(byte[] target) { iterator.seek(target); }
        @Override public boolean isValid() { return iterator.isValid(); }
        @Override public void next() { iterator.next(); }
        @Override public byte[] key() { return iterator.key(); }
        @Override public byte[] value() { return iterator.value(); }
        @Override public void close() { iterator.close(); }
      };
    }

    @Override
    public void compactAll() {
      db.compactRange(null, null);
    }

    @Override
    public int level0Tables() {
      return Integer.parseInt(db.property("cairn.num-files-at-level0"));
    }

    @Override
    public boolean backgroundIdle() {
      return Boolean.parseBoolean(db.property("cairn.background-idle"));
    }

    @Override
    public StoreStats stats() {
      DbStats stats = db.stats();
      // Bytes written to the SSD directory per user byte: for cairn-pmem the L0 flushes go to
      // pmem and are not counted (db stats reports them); for cairn-ssd it is all flushes.
      return new StoreStats(stats.writeStalls(), stats.writeStallNanos() / 1e6,
          stats.ssdWriteAmplification(), null, stats.stallShare(), stats.blockCacheHitRate(), readPath(stats),
          stats.valueContainerBytes(), new StoreStats.L0Merge(stats.l0Merges(), stats.l0MergeEntries(),
              stats.l0MergeBytesWritten(), stats.l0MergeValueBytesKept(), stats.userBytesWritten() == 0 ? 0
              : (double) stats.l0MergeBytesWritten() / stats.userBytesWritten()), stallCauses(stats));
    }

    private static StoreStats.StallCauses stallCauses(DbStats stats) {
      DbStats.WriteStallCauses causes = stats.stallCauses();
      DbStats.FlushTimes flushes = stats.flushTimes();
      return new StoreStats.StallCauses(causes.slowdownNanos() / 1e6, causes.flushBehindNanos() / 1e6,
          causes.l0StopNanos() / 1e6, causes.pmemBudgetNanos() / 1e6, causes.switchNanos() / 1e6, stats.flushes(),
          flushes.memTables(), flushes.tableNanos() / 1e6, flushes.installNanos() / 1e6);
    }

    private static StoreStats.ReadPath readPath(DbStats stats) {
      if (stats.gets() == 0) {
        return null;
      }
      return new StoreStats.ReadPath(stats.perGet(stats.getL0TablesAsked()), stats.perGet(stats.getDeeperTablesAsked()),
          stats.perGet(stats.getFilterSkips()), stats.perGet(stats.getL0Answers()), stats.blockReadsPerGet(),
          stats.tableOpens());
    }

    @Override
    public void close() {
      db.close();
    }
  }
}
