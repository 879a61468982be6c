package io.cairn.pmem.api;

import io.cairn.common.CairnException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.ffi.CacheFlushSupport;
import io.cairn.ffi.LibPmem;
import io.cairn.pmem.testing.CrashSimulatingDirectory;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * What {@code cairn pmem check} reports: whether a directory is real pmem, which backends work
 * here, and whether each working one passes a write → persist → reopen → read self-test in that
 * directory. The first thing to run on a new Optane box.
 *
 * <p>The self-test creates one region ({@value #SELF_TEST_BYTES} bytes; an llpl heap is at least
 * 8 MiB) named {@code cairn-pmem-check-<backend>-<pid>}, writes bytes, ints, longs, a fill, a
 * copy-and-persist and a commit word, persists them, closes, reopens, compares, and deletes the
 * region again. The crash simulator's "reopen" is a crash image, in which persisted data must
 * survive.
 *
 * <p>Thread-safety: stateless.
 */
public final class PmemCheck {
  /** Payload bytes of the self-test region. */
  public static final long SELF_TEST_BYTES = 1 << 20;
  private static final long COMMIT_WORD = 0xC0FFEE_0000_5AFEL;
  private static final long SEED = 20_240_404L;
  private static final long BLOCK_OFFSET = 8192;
  private static final long INT_OFFSET = 100;
  private static final long LONG_OFFSET = 1001;
  private static final long FILL_OFFSET = 256 * 1024;
  private static final int FILL_BYTES = 256;
  private static final long COPY_OFFSET = 512 * 1024;
  private static final long COMMIT_OFFSET = SELF_TEST_BYTES - 8;

  /**
   * One backend's line of the report.
   *
   * @param backend the backend
   * @param available whether it works here
   * @param reason why not; empty when available
   * @param selfTest "ok" or "failed: why" when it ran; null when the backend is not available
   * @param mode what flush did in the self-test's region; null when it did not run that far
   */
  public record BackendResult(PmemBackend backend, boolean available, String reason, String selfTest, DurabilityMode mode) {
    /** Unavailable, or available and the self-test passed. */
    public boolean passed() {
      return !available || "ok".equals(selfTest);
    }
  }

  /**
   * The whole report.
   *
   * @param directory the directory checked
   * @param dax whether it is on real pmem
   * @param cacheFlush the CPU's cache-flush instructions
   * @param autoFlush whether the platform flushes caches on power failure (eADR), per libpmem
   * @param backends one line per backend
   */
  public record Report(Path directory, DaxStatus dax, String cacheFlush, String autoFlush, List<BackendResult> backends) {
    /** Whether every available backend passed its self-test. */
    public boolean passed() {
      return backends.stream().allMatch(BackendResult::passed);
    }
  }

  private PmemCheck() {}

  /**
   * Checks {@code directory}, which must exist.
   *
   * @throws InvalidArgumentException when it is not a directory
   */
  public static Report run(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new InvalidArgumentException("not a directory: " + directory);
    }
    Path absolute = directory.toAbsolutePath().normalize();
    DaxStatus dax = Pmem.probeDax(absolute);
    List<BackendResult> results = new ArrayList<>();
    for (BackendStatus status : Pmem.backends()) {
      if (!status.available()) {
        results.add(new BackendResult(status.backend(), false, status.reason(), null, null));
        continue;
      }
      results.add(selfTest(status.backend(), absolute));
    }
    return new Report(absolute, dax, CacheFlushSupport.detect().describe(), autoFlush(), List.copyOf(results));
  }

  private static String autoFlush() {
    if (!LibPmem.availability().available()) {
      return "unknown (libpmem not available)";
    }
    return switch (LibPmem.load().hasAutoFlush()) {
      case 1 -> "yes (eADR: CPU caches are in the power-fail domain)";
      case 0 -> "no (ADR: CPU caches must be flushed)";
      default -> "unknown (libpmem cannot tell)";
    };
  }

  /** Runs the self-test of one available backend in {@code directory}. */
  static BackendResult selfTest(PmemBackend backend, Path directory) {
    String name = "cairn-pmem-check-" + backend.id() + "-" + ProcessHandle.current().pid();
    PmemDirectory regions;
    UnaryOperator<PmemDirectory> restart;
    if (backend == PmemBackend.CRASH_SIMULATION) {
      regions = new CrashSimulatingDirectory("pmem-check");
      restart = before -> ((CrashSimulatingDirectory) before).crash(SEED);
    } else {
      regions = Pmem.directory(directory, RegionOptions.defaults().withBackend(backend));
      restart = UnaryOperator.identity();
    }
    DurabilityMode mode = null;
    try {
      Expected expected;
      try (PmemRegion region = regions.create(name, SELF_TEST_BYTES)) {
        mode = region.durabilityMode();
        expected = writeAndPersist(region);
      }
      try (PmemRegion reopened = restart.apply(regions).open(name)) {
        String mismatch = compare(reopened, expected);
        return new BackendResult(backend, true, "", mismatch == null ? "ok" : "failed: " + mismatch, mode);
      }
    } catch (CairnException | IllegalStateException | IndexOutOfBoundsException e) {
      return new BackendResult(backend, true, "", "failed: " + e.getMessage(), mode);
    } finally {
      try {
        regions.delete(name);
      } catch (CairnException e) {
        // The result already says what went wrong; a leftover test file is named for its process.
      }
    }
  }

  private record Expected(byte[] block, int intValue, long longValue, byte[] copied) {}

  private static Expected writeAndPersist(PmemRegion region) {
    SplittableRandom random = new SplittableRandom(SEED);
    byte[] block = new byte[64 * 1024];
    byte[] copied = new byte[4096];
    random.nextBytes(block);
    random.nextBytes(copied);
    Expected expected = new Expected(block, random.nextInt(), random.nextLong(), copied);
    region.write(BLOCK_OFFSET, block);
    region.writeInt(INT_OFFSET, expected.intValue());
    region.writeLong(LONG_OFFSET, expected.longValue());
    region.fill(FILL_OFFSET, FILL_BYTES, (byte) 0x5A);
    region.flush(BLOCK_OFFSET, block.length);
    region.flush(INT_OFFSET, Integer.BYTES);
    region.flush(LONG_OFFSET, Long.BYTES);
    region.flush(FILL_OFFSET, FILL_BYTES);
    region.fence();
    region.writeAndPersist(COPY_OFFSET, MemorySegment.ofArray(copied));
    region.storeLongAtomic(COMMIT_OFFSET, COMMIT_WORD);
    region.persist(COMMIT_OFFSET, Long.BYTES);
    return expected;
  }

  /** What differs, or null. */
  private static String compare(PmemRegion region, Expected expected) {
    if (region.size() != SELF_TEST_BYTES) {
      return "reopened region has " + region.size() + " bytes, not " + SELF_TEST_BYTES;
    }
    if (region.readLongAtomic(COMMIT_OFFSET) != COMMIT_WORD) {
      return "commit word lost";
    }
    byte[] block = new byte[expected.block().length];
    region.read(BLOCK_OFFSET, block, 0, block.length);
    MemorySegment view = region.view(BLOCK_OFFSET, block.length);
    if (!Arrays.equals(block, expected.block()) || view.mismatch(MemorySegment.ofArray(expected.block())) != -1) {
      return "block at " + BLOCK_OFFSET + " differs";
    }
    if (region.readInt(INT_OFFSET) != expected.intValue() || region.readLong(LONG_OFFSET) != expected.longValue()) {
      return "int or long differs";
    }
    byte[] fill = new byte[FILL_BYTES];
    region.read(FILL_OFFSET, fill, 0, FILL_BYTES);
    for (byte b : fill) {
      if (b != 0x5A) {
        return "fill at " + FILL_OFFSET + " differs";
      }
    }
    byte[] copied = new byte[expected.copied().length];
    region.read(COPY_OFFSET, MemorySegment.ofArray(copied));
    if (!Arrays.equals(copied, expected.copied())) {
      return "write-and-persist at " + COPY_OFFSET + " differs";
    }
    return region.readByte(SELF_TEST_BYTES - 9) == 0 ? null : "bytes never written are not zero";
  }
}
