package io.cairn.bench.dag;

import io.cairn.chain.dag.ConfluxOrder;
import io.cairn.chain.dag.DagBlock;
import io.cairn.chain.dag.DagBlockCodec;
import io.cairn.chain.dag.DagId;
import io.cairn.chain.dag.DagNode;
import io.cairn.chain.dag.DagSimulation;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import io.cairn.common.CairnIoException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn bench dag}: the DAG chain measured in one process (docs/dag.md, "Measured").
 *
 * <ol>
 *   <li><b>Throughput</b> ({@code --network tcp}, the default): {@code --nodes} members in this
 *       process, each gossiping over its own TCP transport on loopback ({@link LoopbackThroughput}),
 *       generate blocks from their pools while {@code --txs} anchored keys are submitted to them;
 *       {@code ordered_tx_per_s} is the transactions over the wall time from the first submission
 *       until every member has ordered all of them. With {@code --network sim}: the seeded
 *       simulator instead ({@link DagSimulation}: delay 1..2 ticks, no loss, one thread), the
 *       transactions ordered by node 0 over the run's wall time. {@code onchain_bytes_per_record}
 *       is the encoded bytes of all blocks over the records ordered.
 *   <li><b>Incremental ordering</b>: a DAG of {@code --blocks} blocks shaped like the nodes
 *       generating in lock step ({@link LockstepDag}) is added block by block to a fresh {@link
 *       ConfluxOrder}, {@code --rounds} times; {@code order_us_per_block} is the best round's time
 *       over the blocks.
 * </ol>
 */
@Command(name = "dag", mixinStandardHelpOptions = true,
    description = "DAG chain: ordered transactions/s with N simulated nodes, incremental ordering time per block,"
        + " on-chain bytes per anchored record.")
public final class DagBench implements Callable<Integer> {
  /** The targets, printed beside the figures. */
  static final double TX_PER_S_TARGET = 20_000;
  static final double US_PER_BLOCK_TARGET = 20;
  static final double BYTES_PER_RECORD_TARGET = 48;

  @Option(names = "--nodes", defaultValue = "5", description = "Simulated nodes (default ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--txs", defaultValue = "200000", description = "Transactions submitted in the throughput run (default ${DEFAULT-VALUE}).")
  int txs;

  @Option(names = "--network", defaultValue = "tcp",
      description = "tcp: members gossiping over loopback TCP transports; sim: the in-memory simulator (default ${DEFAULT-VALUE}).")
  String network;

  @Option(names = "--block-txs", defaultValue = "2000", description = "Most transactions per block (default ${DEFAULT-VALUE}).")
  int blockTxs;

  @Option(names = "--blocks", defaultValue = "100000", description = "Blocks in the ordering run (default ${DEFAULT-VALUE}).")
  int blocks;

  @Option(names = "--rounds", defaultValue = "3", description = "Ordering runs; the best is reported (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulation and the DAG (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--storage", split = ",", paramLabel = "N,...",
      description = "Also run the storage experiment of seed 004 §5.3-5.4 for these record counts (e.g. 1000,5000,20000).")
  List<Integer> storageRecords;

  @Option(names = "--record-bytes", defaultValue = "1024", description = "Bytes per record in the storage experiment (default ${DEFAULT-VALUE}).")
  int recordBytes;

  @Option(names = "--charts", paramLabel = "DIR", description = "Write the storage experiment's PNG charts to DIR.")
  Path charts;

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (nodes < 1 || txs < 1 || blockTxs < 1 || blocks < 2 || rounds < 1 || !List.of("tcp", "sim").contains(network)) {
      spec.commandLine().getErr().println("cairn bench dag: --nodes, --txs, --block-txs, --rounds must be positive,"
          + " --blocks at least 2, --network tcp or sim");
      return ExitCodes.USAGE;
    }
    PrintWriter out = spec.commandLine().getOut();
    Throughput throughput;
    if (network.equals("tcp")) {
      LoopbackThroughput.Result r = LoopbackThroughput.run(nodes, txs, blockTxs, seed);
      throughput = new Throughput(r.ordered(), r.blocks(), r.bytes(), r.seconds(), r.cpuSeconds());
      out.printf("throughput: %d members over loopback TCP, %d transactions ordered by every member in %.2f s:"
          + " %.0f tx/s (target >= %.0f); the process used %.2f s of CPU (%.0f tx per CPU second, all members"
          + " together; wall and CPU differ when the machine is busy)%n", nodes, throughput.ordered,
          throughput.seconds, throughput.txPerS(), TX_PER_S_TARGET, throughput.cpuSeconds,
          throughput.ordered / throughput.cpuSeconds);
    } else {
      throughput = throughput();
      out.printf("throughput: %d simulated nodes, %d transactions ordered in %.2f s: %.0f tx/s (target >= %.0f); the"
              + " run's thread used %.2f s of CPU (%.0f tx per CPU second; the two differ when the machine is busy)%n",
          nodes, throughput.ordered, throughput.seconds, throughput.txPerS(), TX_PER_S_TARGET, throughput.cpuSeconds,
          throughput.ordered / throughput.cpuSeconds);
    }
    out.printf("on chain: %d blocks, %.1f bytes per anchored record (target <= %.0f)%n", throughput.blocks,
        throughput.bytesPerRecord(), BYTES_PER_RECORD_TARGET);
    out.flush();
    double usPerBlock = orderingMicrosPerBlock(out);
    out.printf("ordering: %d blocks, best of %d rounds: %.2f us per block, %.2f s in all (target <= %.0f us, <= 2 s)%n",
        blocks, rounds, usPerBlock, usPerBlock * blocks / 1e6, US_PER_BLOCK_TARGET);
    out.flush();
    if (storageRecords != null && !storageRecords.isEmpty()) {
      storage(out);
    }
    json.write(Json.object()
        .put("ordered_tx_per_s", Json.round(throughput.txPerS(), 1))
        .put("order_us_per_block", Json.round(usPerBlock, 3))
        .put("onchain_bytes_per_record", Json.round(throughput.bytesPerRecord(), 2))
        .put("nodes", nodes));
    return ExitCodes.OK;
  }

  private record Throughput(long ordered, int blocks, long bytes, double seconds, double cpuSeconds) {
    double txPerS() {
      return ordered / seconds;
    }

    double bytesPerRecord() {
      return ordered == 0 ? Double.NaN : (double) bytes / ordered;
    }
  }

  private Throughput throughput() {
    int ticks = 50;
    int perTick = Math.max(1, txs / ticks);
    DagSimulation.Config config = new DagSimulation.Config(nodes, seed, ticks, 0.5, perTick, blockTxs, 1, 2, 0.0, 5, 0.0);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    DagSimulation sim = new DagSimulation(config);
    boolean converged = sim.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    if (!converged) {
      throw new IllegalStateException("the simulated nodes did not converge (seed " + seed + ")");
    }
    DagNode first = sim.nodes().getFirst();
    long bytes = 0;
    int count = 0;
    for (DagId id : first.order().blockOrder()) {
      bytes += DagBlockCodec.encodedSize(first.order().block(id).orElseThrow());
      count++;
    }
    for (DagId id : first.order().unorderedBlocks()) {
      bytes += DagBlockCodec.encodedSize(first.order().block(id).orElseThrow());
      count++;
    }
    return new Throughput(first.order().orderedTxCount(), count, bytes, seconds, cpuSeconds);
  }

  private void storage(PrintWriter out) {
    DagStorageExperiment experiment = new DagStorageExperiment(recordBytes, 1000, 100, seed);
    List<DagStorageExperiment.Result> results = new ArrayList<>();
    out.printf("storage (seed 004 5.3-5.4), %d-byte records, blocks of 1000, one enterprise state per 100 records:%n", recordBytes);
    out.printf("  %-14s %10s %16s %14s %10s%n", "mode", "records", "bytes on chain", "bytes/record", "seconds");
    for (int n : storageRecords) {
      for (DagStorageExperiment.Mode mode : DagStorageExperiment.Mode.values()) {
        Path dir = temporaryDirectory();
        try {
          DagStorageExperiment.Result r = experiment.run(mode, n, dir);
          results.add(r);
          out.printf("  %-14s %10d %16d %14.1f %10.3f%n", mode, n, r.onChainBytes(), (double) r.onChainBytes() / n, r.seconds());
          out.flush();
        } finally {
          deleteRecursively(dir);
        }
      }
    }
    if (charts != null) {
      DagStorageCharts.write(results, charts);
      out.println("charts: " + charts.resolve("dag-storage-time.png") + ", " + charts.resolve("dag-storage-bytes.png"));
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("cairn-bench-dag");
    } catch (IOException e) {
      throw new CairnIoException("cannot create a temporary directory: " + e.getMessage(), e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new CairnIoException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }

  private double orderingMicrosPerBlock(PrintWriter out) {
    List<DagBlock> dag = LockstepDag.make(blocks, nodes, 0, 0.2, seed);
    double best = Double.MAX_VALUE;
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      ConfluxOrder order = new ConfluxOrder();
      for (DagBlock b : dag) {
        order.add(b);
      }
      double us = (System.nanoTime() - start) / 1e3 / dag.size();
      out.printf("  round %d: %.2f us per block, pivot chain %d blocks%n", r + 1, us, order.pivotLength());
      best = Math.min(best, us);
    }
    return best;
  }
}
