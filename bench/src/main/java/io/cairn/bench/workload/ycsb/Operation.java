package io.cairn.bench.workload.ycsb;

import java.util.Locale;

/**
 * The operations of YCSB's core workloads, as run on a key-value store that keeps a record as one
 * value (how YCSB's RocksDB and LevelDB bindings store it):
 *
 * <ul>
 *   <li>{@link #READ}: get the record (YCSB's workloads read all fields);
 *   <li>{@link #UPDATE}: replace one field: get the record, decode it, replace the field, encode
 *       and put it back (the binding's read-merge-write; YCSB's {@code writeallfields=false});
 *   <li>{@link #INSERT}: put a new record of all fields under the next record number's key;
 *   <li>{@link #SCAN}: open a cursor, seek to the record's key and read up to the scan length
 *       records in key order;
 *   <li>{@link #RMW}: read-modify-write: a {@link #READ} then an {@link #UPDATE} of the same
 *       record, timed as one operation.
 * </ul>
 */
public enum Operation {
  READ,
  UPDATE,
  INSERT,
  SCAN,
  RMW;

  /** The name in reports and JSON: {@code read}, {@code update}, {@code insert}, {@code scan}, {@code rmw}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
