package io.cairn.bench.nvmtable;

import io.cairn.pmem.api.LatencyModel;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.l0.ContainerVerification;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.l0.NvmTableOptions;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * JMH: one whole NVMTable build (a memtable flush: container records, entry blocks, meta blocks,
 * model, filter, super block, commit, each persisted), single shot, ms per build; with 100,000
 * entries of 32 + 4,096 bytes a build writes 413 MB of keys and values. Divide to get MB/s, or
 * read {@code cairn bench nvmtable}'s {@code build_mb_per_s}.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp "bench/target/classes:bench/target/lib/*" \
 *     org.openjdk.jmh.Main NvmTableBuildBenchmark -p valueSize=4096,16384
 * </pre>
 *
 * <p>A memtable-sized flush, both formats side by side (what the engine's flush of a 4 MiB
 * memtable of 4 KiB values costs): {@code ./cairn bench jmh NvmTableBuild -p entries=1000 -p
 * valueSize=4096 -p formatVersion=2,1 -wi 20 -i 50}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
public class NvmTableBuildBenchmark {
  @Param({"100000"})
  public int entries;

  @Param({"4096"})
  public int valueSize;

  @Param({"ffm"})
  public String backend;

  /** NVMTable format: 2 writes one region per table, 1 a table and a Container region (the old flush). */
  @Param({"2", "1"})
  public int formatVersion;

  private byte[][] keys;
  private byte[] values;
  private Path folder;
  private PmemDirectory directory;
  private NvmTableOptions options;

  @Setup(Level.Trial)
  public void prepare() {
    options = NvmTableOptions.defaults().withFormatVersion(formatVersion);
    String configured = System.getProperty("cairn.bench.pmem.dir");
    Path base = configured != null ? Path.of(configured)
        : Files.isWritable(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
    BenchTable.Settings settings = new BenchTable.Settings(entries, valueSize, PmemBackend.parse(backend), base,
        options.epsilon(), LatencyModel.OFF, ContainerVerification.ON_OPEN, 42);
    keys = BenchTable.sortedHashKeys(entries, 42);
    values = BenchTable.values(settings);
    folder = BenchTable.createFolder(settings);
    directory = BenchTable.directory(settings, folder);
  }

  /** The build alone: keys and values are ready in DRAM, the table does not exist yet. */
  @Benchmark
  public void build() {
    BenchTable.write(directory, 1, options, keys, values, valueSize).close();
  }

  @TearDown(Level.Invocation)
  public void deleteTable() {
    BenchTable.deleteTable(directory, 1);
  }

  @TearDown(Level.Trial)
  public void deleteFolder() {
    BenchTable.deleteFolder(folder);
  }
}
