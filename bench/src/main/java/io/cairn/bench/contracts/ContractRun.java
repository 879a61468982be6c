package io.cairn.bench.contracts;

import io.cairn.node.api.Json;

/**
 * One measured configuration of {@code bench contracts}: an executor at a thread count and a
 * conflict rate, its median transfers per second over the measured blocks, and that median over
 * the serial executor's median on the same blocks, measured in the same rounds; beside them the
 * median CPU time of all Java threads per transfer (the executor's pool included; see {@link JavaThreadsCpu}) and
 * that over the serial executor's, which the machine's other load does not inflate; and the
 * median bytes all Java threads allocated per transfer and the collector's time per transfer over
 * the measured blocks (see {@link JavaThreadsCpu}), which the CPU figure leaves out; and the CPU
 * time of the collector's threads per transfer over the measured blocks ({@link
 * JavaThreadsCpu#collectorNanos}), the work a young collection takes from the executor's cores;
 * and in how many of the measured blocks a collection ran (session 11: a young pause stops both
 * threads and lasts about as long as a block, so a block it lands in is an outlier the median
 * leaves out only while such blocks are fewer than half). Since session 14 the spread of the
 * speedup beside it ({@link Spread}): per round, the configuration's rate over serial's in the same
 * round, and per repeat of the whole sweep ({@code --repeats}), its speedup in that repeat alone.
 *
 * <p>Session 17: {@code speedupVsSerial} stays the figure, over the serial executor on the
 * block as a member receives it (no declared sets); {@code speedupVsSerialDeclared} is over the
 * serial executor's loop on the same blocks with their sets declared, as the task-parallel executor
 * gets them; {@code ceilingShare} is the configuration's rate over its ceiling's (as many copies
 * of the serial loop at once as it has threads, on the same kind of block, {@link SerialCopies};
 * for one thread, serial on that kind of block). Both are medians over the rounds of the ratio to
 * the other configuration in the same round (NaN where a report has none).
 */
record ContractRun(String executor, int threads, double conflictRate, double txPerSecond, double speedupVsSerial,
    double cpuMicrosPerTx, double cpuVsSerial, double allocBytesPerTx, double gcMicrosPerTx,
    double gcCpuMicrosPerTx, int gcBlocks, Spread spread, double speedupVsSerialDeclared, double ceilingShare) {
  /**
   * How far the speedup over serial moves (session 14). {@code pairedP10}, {@code pairedMedian},
   * {@code pairedP90}: quantiles over the measured rounds of every repeat of this configuration's
   * transfers/s over serial's <em>in the same round</em> (the two run a few milliseconds apart, so a
   * slow phase of the machine that lasts longer than a round slows both and cancels out); {@code
   * repeats}: the speedup ({@code speedup_vs_serial}'s ratio of medians) of each repeat alone, in
   * the order they ran, minutes apart in one JVM; {@code rounds} (session 15): every measured
   * round's ratio over serial's, in the order they ran (empty in a merged report of forks), which
   * the merge of {@code --forks} takes its quantiles over.
   */
  record Spread(double pairedP10, double pairedMedian, double pairedP90, double[] repeats, double[] rounds) {
    Json.Obj toJson() {
      Json.Arr perRepeat = Json.array();
      for (double speedup : repeats) {
        perRepeat.add(Json.round(speedup, 3));
      }
      Json.Obj spread = Json.object().put("p10", Json.round(pairedP10, 3)).put("median", Json.round(pairedMedian, 3))
          .put("p90", Json.round(pairedP90, 3)).put("repeats", perRepeat);
      if (rounds.length > 0) {
        Json.Arr perRound = Json.array();
        for (double ratio : rounds) {
          perRound.add(Json.round(ratio, 3));
        }
        spread.put("rounds", perRound);
      }
      return spread;
    }
  }

  Json.Obj toJson() {
    return Json.object()
        .put("executor", executor)
        .put("threads", threads)
        .put("conflict_rate", conflictRate)
        .put("tx_per_s", Math.round(txPerSecond))
        .put("speedup_vs_serial", Json.round(speedupVsSerial, 3))
        .put("cpu_us_per_tx", Json.round(cpuMicrosPerTx, 3))
        .put("cpu_vs_serial", Json.round(cpuVsSerial, 3))
        .put("alloc_bytes_per_tx", Math.round(allocBytesPerTx))
        .put("gc_us_per_tx", Json.round(gcMicrosPerTx, 3))
        .put("gc_cpu_us_per_tx", Json.round(gcCpuMicrosPerTx, 3))
        .put("gc_blocks", gcBlocks)
        .put("speedup_spread", spread.toJson())
        .put("speedup_vs_serial_declared", Json.round(speedupVsSerialDeclared, 3))
        .put("ceiling_share", Json.round(ceilingShare, 3));
  }
}
