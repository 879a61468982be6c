package io.cairn.bench.engine;

import io.cairn.bench.chain.ApplyingThreadCost;
import io.cairn.lsm.api.KeyComparator;
import io.cairn.lsm.api.MemTableRep;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.memtable.MemTable;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The memtable insert alone, as a follower's block write does it (issue 15, session 13): batches
 * of {@value #BATCH} random 33-byte keys with 260-byte values (the ledger's record-hash index
 * rows, sorted within the block by {@code putAnchors}) added one by one to a memtable that already
 * holds {@code preload} such keys, in ascending order ({@code sorted=true}) or as generated. Each
 * iteration starts from a fresh memtable and adds {@value #BATCHES} batches; the score is the time
 * per key, and each iteration also prints the thread's own CPU per key ({@code cpu_ns_per_record}),
 * which holds on the loaded development machine where the time does not.
 *
 * <pre>
 * ./cairn bench jmh MemTableInsert -f 1
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 5)
@Measurement(iterations = 10)
public class MemTableInsertBenchmark {
  static final int BATCH = 400;
  static final int BATCHES = 50;
  private static final int KEY_BYTES = 33;
  private static final int VALUE_BYTES = 260;
  private static final InternalKeyComparator ORDER = new InternalKeyComparator(KeyOrder.of(KeyComparator.BYTEWISE));

  /** Keys in the memtable before each iteration's batches (a 64 MiB ledger memtable holds about 130,000 records). */
  @Param({"65536", "262144"})
  public int preload;

  /** Whether each batch is added in ascending key order. */
  @Param({"true", "false"})
  public boolean sorted;

  private final SplittableRandom random = new SplittableRandom(15);
  private final byte[] value = new byte[VALUE_BYTES];
  /**
   * The memtable's representation ({@code MemTableRep}): the skiplist (the engine's default) or
   * sorted runs (session 16), whose batch publication and merges count in the insert.
   */
  @Param({"SKIPLIST", "SORTED_RUNS"})
  public MemTableRep rep;

  private final ApplyingThreadCost cost = new ApplyingThreadCost();
  private MemTable memtable;
  private byte[][][] batches;
  private long sequence;

  /** A fresh memtable with {@link #preload} keys, and the iteration's batches (not measured). */
  @Setup(Level.Iteration)
  public void fill() {
    memtable = new MemTable(ORDER, 1L << 30, rep);
    sequence = 0;
    for (int added = 0; added < preload; added += BATCH) {
      add(keys(true));
    }
    batches = new byte[BATCHES][][];
    for (int b = 0; b < BATCHES; b++) {
      batches[b] = keys(sorted);
    }
  }

  /** {@value #BATCHES} batches of one block's index rows. */
  @Benchmark
  @OperationsPerInvocation(BATCH * BATCHES)
  public MemTable insert() {
    cost.start();
    for (byte[][] batch : batches) {
      add(batch);
    }
    cost.stop(BATCH * BATCHES);
    return memtable;
  }

  /** Prints this iteration's thread CPU per key. */
  @TearDown(Level.Iteration)
  public void report() {
    cost.report("");
    memtable = null;
    batches = null;
  }

  private void add(byte[][] keys) {
    for (byte[] key : keys) {
      memtable.add(++sequence, InternalKeyFormat.TYPE_VALUE, key, 0, key.length, value, 0, value.length);
    }
    memtable.endBatch(); // one write batch: the sorted-runs memtable publishes (and merges) here
  }

  private byte[][] keys(boolean ascending) {
    byte[][] keys = new byte[BATCH][KEY_BYTES];
    for (byte[] key : keys) {
      random.nextBytes(key);
      key[0] = 'a';
    }
    if (ascending) {
      Arrays.sort(keys, Arrays::compareUnsigned);
    }
    return keys;
  }
}
