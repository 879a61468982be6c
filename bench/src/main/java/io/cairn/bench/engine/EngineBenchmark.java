package io.cairn.bench.engine;

import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The engine alone, db_bench style (16-byte keys, 100-byte values that compress to about half,
 * default options, L0 on SSD, writes without sync): fillseq, fillrandom, readrandom and readseq
 * over {@code records} records. Times are per operation; MB/s = (16 + 100) / (µs per op).
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * java -cp 'bench/target/classes:bench/target/lib/*' org.openjdk.jmh.Main EngineBenchmark \
 *     -p records=1000000 -p directory=/tmp/cairn-engine-bench
 * </pre>
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--enable-native-access=ALL-UNNAMED"})
public class EngineBenchmark {
  static final int KEY_BYTES = 16;
  static final int VALUE_BYTES = 100;
  private static final int RECORDS = 1_000_000;

  /** Records per fill and in the database read by the read benchmarks. */
  @Param("1000000")
  public int records;

  /** Where the databases live (a directory on the device under test). */
  @Param("/tmp/cairn-engine-bench")
  public String directory;

  /** A database filled with {@code records} random keys for the read benchmarks. */
  @State(Scope.Benchmark)
  public static class Filled {
    Db db;
    int records;
    SplittableRandom random = new SplittableRandom(301);
    final byte[] key = new byte[KEY_BYTES];

    @Setup(Level.Trial)
    public void fill(EngineBenchmark bench) {
      records = bench.records;
      Path path = Path.of(bench.directory, "filled");
      deleteRecursively(path);
      db = Cairn.open(path, Options.defaults());
      SplittableRandom order = new SplittableRandom(17);
      byte[] value = new byte[VALUE_BYTES];
      for (int i = 0; i < records; i++) {
        fillValue(value, order);
        db.put(key(order.nextInt(records), key), value);
      }
      // Make sure every key read exists: fillrandom leaves about 37% of them unset.
      for (int i = 0; i < records; i++) {
        if (i % 3 == 0) {
          fillValue(value, order);
          db.put(key(i, key), value);
        }
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      db.close();
    }
  }

  /** A fresh, empty database per fill. */
  @State(Scope.Benchmark)
  public static class Empty {
    Db db;
    Path path;

    @Setup(Level.Invocation)
    public void open(EngineBenchmark bench) {
      path = Path.of(bench.directory, "fill");
      deleteRecursively(path);
      db = Cairn.open(path, Options.defaults());
    }

    @TearDown(Level.Invocation)
    public void close() {
      db.close();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OperationsPerInvocation(RECORDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public void fillseq(Empty empty) {
    byte[] key = new byte[KEY_BYTES];
    byte[] value = new byte[VALUE_BYTES];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < records; i++) {
      fillValue(value, random);
      empty.db.put(key(i, key), value);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OperationsPerInvocation(RECORDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public void fillrandom(Empty empty) {
    byte[] key = new byte[KEY_BYTES];
    byte[] value = new byte[VALUE_BYTES];
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < records; i++) {
      fillValue(value, random);
      empty.db.put(key(random.nextInt(records), key), value);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Warmup(iterations = 2, time = 5)
  @Measurement(iterations = 3, time = 10)
  public byte[] readrandom(Filled filled) {
    return filled.db.get(key(filled.random.nextInt(filled.records) / 3 * 3, filled.key));
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OperationsPerInvocation(RECORDS)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  public void readseq(Filled filled, Blackhole sink) {
    try (DbIterator iterator = filled.db.newIterator()) {
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        sink.consume(iterator.key());
        sink.consume(iterator.value());
      }
    }
  }

  /** db_bench's key: the number in 16 decimal digits, written into {@code key} (reused: the engine copies). */
  static byte[] key(int number, byte[] key) {
    for (int i = KEY_BYTES - 1; i >= 0; i--) {
      key[i] = (byte) ('0' + number % 10);
      number /= 10;
    }
    return key;
  }

  /** Half random bytes, half a repeat of them, so LZ4 halves the value as db_bench's generator does. */
  static void fillValue(byte[] value, SplittableRandom random) {
    int half = value.length / 2;
    for (int i = 0; i < half; i++) {
      value[i] = (byte) (' ' + random.nextInt(95));
    }
    System.arraycopy(value, 0, value, half, value.length - half);
  }

  static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path entry : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(entry);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
