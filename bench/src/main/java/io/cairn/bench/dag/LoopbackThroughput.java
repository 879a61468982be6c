package io.cairn.bench.dag;

import io.cairn.chain.dag.ConfluxOrder;
import io.cairn.chain.dag.DagBlockCodec;
import io.cairn.chain.dag.DagId;
import io.cairn.chain.dag.DagTx;
import io.cairn.replication.dag.DagGossip;
import io.cairn.replication.dag.LoopbackDagMembers;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The DAG chain's ordered transactions per second with N members generating blocks in this
 * process, each over its own TCP transport on loopback ({@link LoopbackDagMembers}: the gossip
 * that {@code node start --dag} runs, without the ledger). Anchored keys (32 random bytes) are
 * submitted in batches of 1,000 to the members in turn as fast as the members take them; the
 * clock runs from the first submission until every member has ordered every transaction.
 */
final class LoopbackThroughput {
  private LoopbackThroughput() {}

  /** Ordered transactions, blocks and bytes on member 1, and the wall time until all ordered all. */
  record Result(long ordered, int blocks, long bytes, double seconds, double cpuSeconds) {}

  static Result run(int members, int txs, int blockTxs, long seed) throws InterruptedException {
    SplittableRandom random = new SplittableRandom(seed);
    List<List<DagTx>> batches = new ArrayList<>();
    for (int from = 0; from < txs; from += 1_000) {
      List<DagTx> batch = new ArrayList<>();
      for (int i = from; i < Math.min(txs, from + 1_000); i++) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        batch.add(DagTx.of(DagId.of(key)));
      }
      batches.add(batch);
    }
    DagGossip.Options options = new DagGossip.Options(10, 200, blockTxs, 0);
    try (LoopbackDagMembers cluster = LoopbackDagMembers.start(members, options, (from, to) -> false)) {
      List<DagGossip> gossips = cluster.gossips();
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      for (int b = 0; b < batches.size(); b++) {
        gossips.get(b % members).submit(batches.get(b));
      }
      long deadline = start + 600_000_000_000L;
      while (!gossips.stream().allMatch(g -> g.read(ConfluxOrder::orderedTxCount) >= txs)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the members did not order " + txs + " transactions within 10 minutes");
        }
        Thread.sleep(5);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
      long[] counted = gossips.getFirst().read(order -> {
        long bytes = 0;
        int blocks = 0;
        for (List<DagId> ids : List.of(order.blockOrder(), order.unorderedBlocks())) {
          for (DagId id : ids) {
            bytes += DagBlockCodec.encodedSize(order.block(id).orElseThrow());
            blocks++;
          }
        }
        return new long[] {order.orderedTxCount(), blocks, bytes};
      });
      return new Result(counted[0], (int) counted[1], counted[2], seconds, cpuSeconds);
    }
  }

  /** CPU time of the whole process (every member's threads, the transports', the collector's). */
  private static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
  }
}
