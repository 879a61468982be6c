package io.cairn.bench.chain;

import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.lsm.api.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ledger's "anchored before?" question as the engine sees it: one sorted {@link Db#multiGet}
 * of a block's 1,000 record-hash index keys (33 bytes, random) against a memtable that holds
 * 150,000 such keys with 250-byte values (about 53 MB of a 64 MiB write buffer, so nothing is
 * flushed), for keys that are absent (new records: the usual answer) and keys that are present.
 * Without a memtable filter both cost a skiplist search per key; with one ({@code
 * MemTableFilter}) an absent key costs a hash and a cache line. Time per 1,000 keys:
 *
 * <pre>
 * ./cairn bench jmh AbsentKeyBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AbsentKeyBenchmark {
  private static final int HELD = 150_000;
  private static final int PER_BLOCK = 1_000;
  private static final int BLOCKS = 64;

  private Path directory;
  private Db db;
  private final List<byte[][]> absent = new ArrayList<>();
  private final List<byte[][]> present = new ArrayList<>();
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    directory = Files.createTempDirectory("cairn-absent-keys");
    db = Cairn.open(directory, Options.defaults());
    SplittableRandom random = new SplittableRandom(7);
    List<byte[]> held = new ArrayList<>(HELD);
    for (int done = 0; done < HELD; done += PER_BLOCK) {
      byte[][] keys = sortedKeys(random, PER_BLOCK);
      WriteBatch batch = new WriteBatch(PER_BLOCK * 300);
      for (byte[] key : keys) {
        byte[] value = new byte[250];
        random.nextBytes(value);
        batch.put(key, value);
        held.add(key);
      }
      db.write(batch, WriteOptions.DEFAULT);
    }
    for (int b = 0; b < BLOCKS; b++) {
      absent.add(sortedKeys(random, PER_BLOCK));
      byte[][] hits = new byte[PER_BLOCK][];
      for (int i = 0; i < PER_BLOCK; i++) {
        hits[i] = held.get(random.nextInt(HELD));
      }
      Arrays.sort(hits, Arrays::compareUnsigned);
      present.add(hits);
    }
    if (absentKeys() != 0 || presentKeys() != PER_BLOCK) {
      throw new IllegalStateException("the benchmark's keys are not absent and present as built");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    db.close();
    try (var paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** One block's lookups of new record hashes; the number found (0). */
  @Benchmark
  public int absentKeys() {
    return found(db.multiGet(absent.get(next++ & (BLOCKS - 1)), ReadOptions.DEFAULT));
  }

  /** One block's lookups of held keys; the number found (1,000). */
  @Benchmark
  public int presentKeys() {
    return found(db.multiGet(present.get(next++ & (BLOCKS - 1)), ReadOptions.DEFAULT));
  }

  private static int found(byte[][] values) {
    int found = 0;
    for (byte[] value : values) {
      found += value != null ? 1 : 0;
    }
    return found;
  }

  private static byte[][] sortedKeys(SplittableRandom random, int count) {
    byte[][] keys = new byte[count][33];
    for (byte[] key : keys) {
      random.nextBytes(key);
      key[0] = 'A';
    }
    Arrays.sort(keys, Arrays::compareUnsigned);
    return keys;
  }
}
