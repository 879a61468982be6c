package io.cairn.bench.workload.ycsb;

import java.util.SplittableRandom;

/**
 * The operations of one YCSB phase, a batch at a time: the load phase (YCSB's {@code -load}:
 * {@code records} inserts of whole records, record numbers in order, so keys in hashed order) or
 * a workload's run phase (YCSB's {@code -t}: {@code operations} operations in the workload's mix).
 * A source is a pure function of its seed and the key space it starts from: every engine gets the
 * same operations with the same bytes.
 *
 * <p>Record numbers are taken from the {@link YcsbKeySpace} as inserts are generated, and reads
 * choose among the records present at that point of the sequence; the runner executes a batch
 * in order, so every chosen record has been inserted before it is read.
 *
 * <p>Thread-safety: one thread.
 */
public final class YcsbSource {
  private final YcsbWorkload workload;
  private final YcsbKeySpace keySpace;
  private final long total;
  private final SplittableRandom random;
  private final OperationChooser operations;
  private final KeyChooser keys;
  private long produced;

  private YcsbSource(YcsbWorkload workload, YcsbKeySpace keySpace, long total, long seed) {
    if (total < 0) {
      throw new IllegalArgumentException("operation count must not be negative");
    }
    this.workload = workload;
    this.keySpace = keySpace;
    this.total = total;
    this.random = new SplittableRandom(seed);
    if (workload == null) {
      this.operations = null;
      this.keys = null;
    } else {
      long expectedInserts = (long) (total * workload.proportion(Operation.INSERT));
      this.operations = workload.operations();
      this.keys = workload.distribution().chooser(keySpace.records(), expectedInserts);
    }
  }

  /** The load phase: {@code records} inserts into {@code keySpace}. */
  public static YcsbSource load(YcsbKeySpace keySpace, long records, long seed) {
    return new YcsbSource(null, keySpace, records, seed);
  }

  /**
   * The run phase of {@code workload} over the records of {@code keySpace}.
   *
   * @throws IllegalArgumentException when the key space is empty (nothing loaded)
   */
  public static YcsbSource run(YcsbWorkload workload, YcsbKeySpace keySpace, long operations, long seed) {
    return new YcsbSource(workload, keySpace, operations, seed);
  }

  /** Operations in the phase. */
  public long total() {
    return total;
  }

  /** Clears {@code batch} and fills it with the next operations; leaves it empty when done. */
  public void fill(YcsbBatch batch) {
    batch.clear();
    while (produced < total && !batch.isFull()) {
      produced++;
      Operation operation = workload == null ? Operation.INSERT : operations.next(random);
      switch (operation) {
        case INSERT -> {
          byte[] key = YcsbKeys.key(keySpace.nextInsert());
          batch.add(operation, key, 0, YcsbRecord.newRecord(key, random));
        }
        case READ -> batch.add(operation, chosenKey(), 0, null);
        case SCAN -> batch.add(operation, chosenKey(), 1 + random.nextInt(YcsbWorkload.MAX_SCAN_LENGTH), null);
        case UPDATE, RMW -> {
          byte[] key = chosenKey();
          int field = random.nextInt(YcsbRecord.FIELDS);
          batch.add(operation, key, field, YcsbRecord.fieldValue(key, random));
        }
      }
    }
  }

  private byte[] chosenKey() {
    return YcsbKeys.key(keys.next(random, keySpace.records()));
  }
}
