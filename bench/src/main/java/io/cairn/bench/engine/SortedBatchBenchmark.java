package io.cairn.bench.engine;

import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.api.WriteBatch;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the ledger's block write does to the engine, in key order or not (issue 15): a batch of
 * 1,000 random 33-byte keys with 260-byte values (an anchor index put) written into a memtable
 * that already holds {@code preload} random keys, sorted first ({@code sorted=true}: the memtable's
 * finger insert) or as generated; and 1,000 lookups of absent keys, as one {@code multiGet} of
 * sorted keys or as {@code get} per key in random order. Time per batch of 1,000, sorting
 * included. The database is reopened for every iteration, so each starts from the same memtable.
 *
 * <pre>
 * ./cairn bench jmh SortedBatch -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SortedBatchBenchmark {
  private static final int BATCH = 1_000;
  private static final int KEY_BYTES = 33;
  private static final int VALUE_BYTES = 260;

  /** Random keys in the memtable before each iteration. */
  @Param("200000")
  public int preload;

  /** Whether each batch's keys are sorted before they are written or looked up. */
  @Param({"true", "false"})
  public boolean sorted;

  /** Where the database lives. */
  @Param("/tmp/cairn-sorted-batch-bench")
  public String directory;

  private Db db;
  private final SplittableRandom random = new SplittableRandom(15);
  private final byte[] value = new byte[VALUE_BYTES];

  /** A fresh database whose memtable holds {@link #preload} random keys (no flush: 1 GiB buffer). */
  @Setup(Level.Iteration)
  public void open() {
    Path path = Path.of(directory);
    EngineBenchmark.deleteRecursively(path);
    db = Cairn.open(path, Options.builder().writeBufferBytes(1L << 30).build());
    for (int written = 0; written < preload; written += BATCH) {
      db.write(batch(sortedKeys()));
    }
  }

  /** Closes and deletes the database. */
  @TearDown(Level.Iteration)
  public void close() {
    db.close();
    EngineBenchmark.deleteRecursively(Path.of(directory));
  }

  /** One block's anchor puts. */
  @Benchmark
  public void writeBatch() {
    db.write(batch(sorted ? sortedKeys() : keys()));
  }

  /** One block's "anchored before?" lookups (all absent). */
  @Benchmark
  public int lookUp() {
    int found = 0;
    if (sorted) {
      for (byte[] stored : db.multiGet(sortedKeys(), ReadOptions.DEFAULT)) {
        found += stored == null ? 0 : 1;
      }
    } else {
      for (byte[] key : keys()) {
        found += db.get(key) == null ? 0 : 1;
      }
    }
    return found;
  }

  private WriteBatch batch(byte[][] keys) {
    WriteBatch batch = new WriteBatch(keys.length * (KEY_BYTES + VALUE_BYTES + 8));
    for (byte[] key : keys) {
      batch.put(key, value);
    }
    return batch;
  }

  private byte[][] keys() {
    byte[][] keys = new byte[BATCH][KEY_BYTES];
    for (byte[] key : keys) {
      random.nextBytes(key);
      key[0] = 'A';
    }
    return keys;
  }

  private byte[][] sortedKeys() {
    byte[][] keys = keys();
    Arrays.sort(keys, Arrays::compareUnsigned);
    return keys;
  }
}
