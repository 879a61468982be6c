package io.cairn.bench.workload;

/**
 * One workload of {@code ./cairn bench run}: a db_bench workload ({@link Workload}) or a YCSB
 * core workload ({@link io.cairn.bench.workload.ycsb.YcsbWorkload}). {@link RunSteps#parse} reads
 * a list of them from the command line.
 */
public interface RunStep {
  /** The name on the command line and in reports. */
  String label();
}
