package io.cairn.bench.engine;

import io.cairn.bench.chain.ApplyingThreadCost;
import io.cairn.lsm.api.KeyComparator;
import io.cairn.lsm.api.MemTableRep;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.key.Lookup;
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
 * The memtable get alone (issue #14, session 14), beside {@link MemTableInsertBenchmark}: a
 * memtable holding {@code preload} random 33-byte keys with 260-byte values (the ledger's index
 * rows), added in sorted batches of 400 as a block writes them, then {@value #GETS} lookups of
 * keys it holds, in random order, each returning a copy of the value. The score is the time per
 * get; each iteration also prints the thread's own CPU per get ({@code cpu_ns_per_record}), which
 * holds on the loaded development machine where the time does not.
 *
 * <pre>
 * ./cairn bench jmh MemTableGet -f 1
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 5)
@Measurement(iterations = 10)
public class MemTableGetBenchmark {
  static final int GETS = 20_000;
  private static final int BATCH = 400;
  private static final int KEY_BYTES = 33;
  private static final int VALUE_BYTES = 260;
  private static final InternalKeyComparator ORDER = new InternalKeyComparator(KeyOrder.of(KeyComparator.BYTEWISE));

  /** Keys in the memtable (a 64 MiB ledger memtable holds about 130,000 records). */
  @Param({"65536", "262144"})
  public int preload;

  /**
   * The memtable's representation ({@code MemTableRep}): the skiplist (the engine's default) or
   * sorted runs (session 16), whose batch publication and merges count in the insert.
   */
  @Param({"SKIPLIST", "SORTED_RUNS"})
  public MemTableRep rep;

  private final ApplyingThreadCost cost = new ApplyingThreadCost();
  private MemTable memtable;
  private byte[][] keys;
  private long sequence;
  private SplittableRandom picks;
  private Lookup[] lookups;

  /** The memtable and its keys (once per trial, not measured). */
  @Setup(Level.Trial)
  public void fill() {
    SplittableRandom random = new SplittableRandom(14);
    memtable = new MemTable(ORDER, 1L << 30, rep);
    keys = new byte[preload][];
    byte[] value = new byte[VALUE_BYTES];
    for (int at = 0; at < preload; at += BATCH) {
      int count = Math.min(BATCH, preload - at);
      byte[][] batch = new byte[count][KEY_BYTES];
      for (byte[] key : batch) {
        random.nextBytes(key);
        key[0] = 'a';
      }
      Arrays.sort(batch, Arrays::compareUnsigned);
      for (int i = 0; i < count; i++) {
        random.nextBytes(value);
        memtable.add(++sequence, InternalKeyFormat.TYPE_VALUE, batch[i], 0, KEY_BYTES, value, 0, VALUE_BYTES);
        keys[at + i] = batch[i];
      }
      memtable.endBatch();
    }
    picks = new SplittableRandom(15);
  }

  /** The iteration's lookups (not measured). */
  @Setup(Level.Iteration)
  public void pick() {
    lookups = new Lookup[GETS];
    for (int i = 0; i < GETS; i++) {
      lookups[i] = new Lookup(keys[picks.nextInt(preload)], sequence);
    }
  }

  /** {@value #GETS} gets of present keys. */
  @Benchmark
  @OperationsPerInvocation(GETS)
  public long get() {
    cost.start();
    long found = 0;
    for (Lookup lookup : lookups) {
      if (memtable.get(lookup)) {
        found += lookup.value().length;
      }
    }
    cost.stop(GETS);
    if (found != (long) GETS * VALUE_BYTES) {
      throw new IllegalStateException("a present key was not found");
    }
    return found;
  }

  /** Prints this iteration's thread CPU per get. */
  @TearDown(Level.Iteration)
  public void report() {
    cost.report("");
    lookups = null;
  }
}
