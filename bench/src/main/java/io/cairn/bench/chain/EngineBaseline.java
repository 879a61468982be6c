package io.cairn.bench.chain;

import io.cairn.bench.runner.Settle;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.lsm.api.WriteOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The engine alone on the same workload, measured in the same run as the ledger: the same records
 * written under their SHA-256 in batches of one block, each batch synced (what storing without
 * anchoring costs), then every key read back twice from the same number of threads, the second
 * pass measured (what fetching the record alone costs, one of the six reads a verification makes). The ledger's figures divided by
 * these say how much the chain adds, independently of how busy the machine is.
 *
 * @param storedPerSecond records hashed and written per second
 * @param storeCpuNanos CPU time the process spent storing, all threads
 * @param records records stored
 * @param read the parallel read pass
 */
record EngineBaseline(double storedPerSecond, long storeCpuNanos, int records, ParallelChecks read) {
  /** CPU time of storing one record, in microseconds. */
  double storeCpuMicrosPerRecord() {
    return storeCpuNanos / 1000.0 / records;
  }

  static EngineBaseline run(Path directory, int records, int recordBytes, int blockRecords, long seed, int threads) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Hash32> keys = new ArrayList<>(records);
    long elapsedNanos = 0;
    long cpuNanos = 0;
    try (Db db = Cairn.open(directory, Options.defaults())) {
      for (int done = 0; done < records; done += blockRecords) {
        List<byte[]> block = new ArrayList<>(blockRecords);
        for (int i = 0; i < Math.min(blockRecords, records - done); i++) {
          byte[] raw = new byte[recordBytes];
          random.nextBytes(raw);
          block.add(raw);
        }
        long start = System.nanoTime();
        long cpuAtStart = ProcessCpu.nanos();
        WriteBatch batch = new WriteBatch();
        for (byte[] raw : block) {
          Hash32 key = HashAlgorithm.SHA_256.hash(raw);
          batch.put(key.bytes(), raw);
          keys.add(key);
        }
        db.write(batch, WriteOptions.SYNC);
        cpuNanos += ProcessCpu.nanos() - cpuAtStart;
        elapsedNanos += System.nanoTime() - start;
      }
    }
    try (Db db = Cairn.open(directory, Options.defaults())) {
      // Like the verification passes: settled, one pass right after opening, then the measured one.
      Settle.await(() -> Boolean.parseBoolean(db.property("cairn.background-idle")),
          TimeUnit.SECONDS.toNanos(ChainBench.SETTLE_MAX_SECONDS));
      ParallelChecks.run(keys, threads, seed, key -> db.get(key.bytes()) == null ? "missing " + key : null);
      ParallelChecks read = ParallelChecks.run(keys, threads, seed + 1,
          key -> db.get(key.bytes()) == null ? "missing " + key : null);
      return new EngineBaseline(records * 1e9 / elapsedNanos, cpuNanos, records, read);
    }
  }
}
