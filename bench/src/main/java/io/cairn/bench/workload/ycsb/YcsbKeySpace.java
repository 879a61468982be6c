package io.cairn.bench.workload.ycsb;

/**
 * The records a YCSB database holds: record numbers {@code [0, records())}, each stored under
 * {@link YcsbKeys#key}. The load phase and the inserts of workloads D and E take the next number;
 * every read, update, scan and read-modify-write picks one below {@link #records()}, which is
 * what lets the runner require that each of them finds its record.
 *
 * <p>One per database, shared by the workloads that run on it in sequence. Thread-safety: one
 * thread.
 */
public final class YcsbKeySpace {
  private long records;

  /** Records inserted so far. */
  public long records() {
    return records;
  }

  /** The record number of the next insert, now counted as present. */
  public long nextInsert() {
    return records++;
  }
}
