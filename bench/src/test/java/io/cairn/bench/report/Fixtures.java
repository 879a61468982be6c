package io.cairn.bench.report;

import io.cairn.bench.kv.StoreStats;
import io.cairn.node.api.Json;
import java.nio.file.Path;
import java.util.List;

/** Hand-made results with known figures, for the report tests. */
final class Fixtures {
  private Fixtures() {}

  static PhaseMeasurement phase(boolean reads, long nanosEach, int ops) {
    PhaseMeasurement phase = new PhaseMeasurement(reads);
    for (int i = 0; i < ops; i++) {
      phase.record(nanosEach);
      if (reads) {
        phase.found();
      }
    }
    phase.addElapsed(nanosEach * ops);
    return phase;
  }

  static RunResult paperRow(String engine, int valueBytes, long writeNanos, long readNanos) {
    return new RunResult(engine, "paper", 32, valueBytes, 100, phase(false, writeNanos, 100),
        phase(true, readNanos, 100), new StoreStats(3L, 1.5, 2.25), 12345);
  }

  static BenchResults paperResults() {
    MachineInfo machine = new MachineInfo("Test CPU", 2, 1L << 34, "Linux test", "JVM test",
        MountInfo.fromMountTable(Path.of("/tmp/x"), List.of("/dev/vda / ext4 rw 0 0")),
        PmemPlacement.ENGINE_DEFAULT);
    List<RunResult> runs = List.of(
        paperRow("cairn-ssd", 4096, 20_000, 10_000),
        paperRow("rocksdb", 4096, 10_000, 5_000),
        paperRow("cairn-ssd", 8192, 40_000, 20_000),
        paperRow("rocksdb", 8192, 30_000, 30_000));
    return new BenchResults(machine, Json.object().put("seed", 1).put("warmup_ops", 0).put("rounds", 1),
        "WAL on, no fsync per write", "memtable 4 MiB",
        List.of(new EngineInfo("cairn-ssd", "Cairn", List.of(), 4),
            new EngineInfo("rocksdb", "RocksDB", List.of("a setting it cannot take"), 4),
            new EngineInfo("cairn-pmem", "Cairn on pmem", List.of(), 4)),
        runs,
        List.of(new EngineOutcome("cairn-pmem", "all runs", "not built yet")),
        List.of(new EngineOutcome("rocksdb", "paper 16384 B round 1", "disk full")));
  }
}
