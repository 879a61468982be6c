package io.cairn.bench.workload.ycsb;

import io.cairn.bench.workload.RunStep;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * YCSB's core workloads A-F, with the operation mix, request distribution and scan lengths of
 * YCSB's {@code workloads/workload[a-f]} files (records of 10 fields of 100 bytes, all fields read,
 * one field updated, keys in hashed insert order, for every one).
 */
public enum YcsbWorkload implements RunStep {
  /** Update heavy: 50 % reads, 50 % updates, zipfian. */
  A(0.50, 0.50, 0, 0, 0, RequestDistribution.ZIPFIAN),
  /** Read mostly: 95 % reads, 5 % updates, zipfian. */
  B(0.95, 0.05, 0, 0, 0, RequestDistribution.ZIPFIAN),
  /** Read only: 100 % reads, zipfian. */
  C(1.00, 0, 0, 0, 0, RequestDistribution.ZIPFIAN),
  /** Read latest: 95 % reads, 5 % inserts, the newest records most popular. */
  D(0.95, 0, 0.05, 0, 0, RequestDistribution.LATEST),
  /** Short ranges: 95 % scans of 1-100 records (uniform), 5 % inserts, zipfian start keys. */
  E(0, 0, 0.05, 0.95, 0, RequestDistribution.ZIPFIAN),
  /** Read-modify-write: 50 % reads, 50 % read-modify-writes, zipfian. */
  F(0.50, 0, 0, 0, 0.50, RequestDistribution.ZIPFIAN);

  /** Scan lengths are uniform over {@code [1, MAX_SCAN_LENGTH]} (workload E's {@code maxscanlength}). */
  public static final int MAX_SCAN_LENGTH = 100;

  private final double[] proportions;
  private final RequestDistribution distribution;

  YcsbWorkload(double read, double update, double insert, double scan, double rmw,
      RequestDistribution distribution) {
    this.proportions = new double[] {read, update, insert, scan, rmw};
    this.distribution = distribution;
  }

  /** {@code ycsb-a} .. {@code ycsb-f}. */
  @Override
  public String label() {
    return "ycsb-" + name().toLowerCase(Locale.ROOT);
  }

  /** The share of operations that are {@code operation}, in [0, 1]. */
  public double proportion(Operation operation) {
    return proportions[operation.ordinal()];
  }

  /** How records are chosen. */
  public RequestDistribution distribution() {
    return distribution;
  }

  /** A chooser of operations in this workload's proportions. */
  public OperationChooser operations() {
    return new OperationChooser(proportions.clone());
  }

  /** The workload labelled {@code label} (case-insensitive), if any. */
  public static Optional<YcsbWorkload> byLabel(String label) {
    return Arrays.stream(values()).filter(w -> w.label().equalsIgnoreCase(label)).findFirst();
  }
}
