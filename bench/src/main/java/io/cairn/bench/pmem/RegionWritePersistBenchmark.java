package io.cairn.bench.pmem;

import io.cairn.pmem.api.BackendStatus;
import io.cairn.pmem.api.LatencyModel;
import io.cairn.pmem.api.Pmem;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import io.cairn.pmem.testing.CrashSimulatingRegion;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Cost of making a write durable, per backend and size: {@code write} + {@code persist} of 64 B,
 * 256 B, 4 KiB and 16 KiB, and the one-call {@code writeAndPersist} (libpmem's
 * {@code pmem_memcpy_persist}). Each operation writes a new 256-byte-aligned range of a 64 MiB
 * region, cycling, so no line is flushed twice in a row.
 *
 * <p>Region files go to {@code -Dcairn.bench.pmem.dir=DIR} (default {@code /dev/shm} where it
 * exists, else the temporary directory): on tmpfs "persist" is an msync of page-cache pages, so
 * these numbers are emulated pmem, not Optane. {@code -p latency=optane} adds the latency model.
 * A backend not available here fails its trial with the reason; the others still run.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp "bench/target/classes:bench/target/lib/*" \
 *   org.openjdk.jmh.Main RegionWritePersistBenchmark -p backend=ffm,libpmem -p bytes=64,4096
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class RegionWritePersistBenchmark {
  private static final long REGION_BYTES = 64L << 20;
  private static final long STRIDE_ALIGN = PmemRegion.XPLINE_BYTES;

  @Param({"ffm", "libpmem", "llpl", "crash-sim"})
  public String backend;

  @Param({"64", "256", "4096", "16384"})
  public int bytes;

  @Param({"off"})
  public String latency;

  private Path directory;
  private PmemRegion region;
  private MemorySegment source;
  private long stride;
  private long offset;

  @Setup(Level.Trial)
  public void open() throws IOException {
    PmemBackend chosen = PmemBackend.parse(backend);
    BackendStatus status = Pmem.status(chosen);
    if (!status.available()) {
      throw new IllegalStateException(backend + " is not available here: " + status.reason());
    }
    LatencyModel model = LatencyModel.parse(latency);
    if (chosen == PmemBackend.CRASH_SIMULATION) {
      region = CrashSimulatingRegion.create("bench", REGION_BYTES);
    } else {
      directory = Files.createTempDirectory(baseDirectory(), "cairn-bench-pmem-");
      RegionOptions options = RegionOptions.defaults().withBackend(chosen).withLatencyModel(model);
      region = Pmem.create(directory.resolve("bench.region"), REGION_BYTES, options);
    }
    byte[] data = new byte[bytes];
    new SplittableRandom(bytes).nextBytes(data);
    source = Arena.ofAuto().allocate(bytes, PmemRegion.CACHE_LINE_BYTES);
    MemorySegment.copy(data, 0, source, ValueLayout.JAVA_BYTE, 0, bytes);
    stride = (bytes + STRIDE_ALIGN - 1) / STRIDE_ALIGN * STRIDE_ALIGN;
  }

  private static Path baseDirectory() {
    String configured = System.getProperty("cairn.bench.pmem.dir");
    if (configured != null) {
      return Path.of(configured);
    }
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
  }

  private long nextOffset() {
    long at = offset;
    offset += stride;
    if (offset + stride > REGION_BYTES) {
      offset = 0;
    }
    return at;
  }

  /** Two calls: copy, then flush + fence. */
  @Benchmark
  public void writeThenPersist() {
    long at = nextOffset();
    region.write(at, source);
    region.persist(at, bytes);
  }

  /** One call: libpmem copies with non-temporal stores and persists; others write then persist. */
  @Benchmark
  public void writeAndPersist() {
    region.writeAndPersist(nextOffset(), source);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    if (region != null) {
      region.close();
    }
    if (directory != null) {
      Files.deleteIfExists(directory.resolve("bench.region"));
      Files.deleteIfExists(directory);
    }
  }
}
