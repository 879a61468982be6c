package io.cairn.pmem.backend;

import io.cairn.common.InvalidArgumentException;
import io.cairn.ffi.Availability;
import io.cairn.ffi.LibPmem;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import java.nio.file.Path;

/**
 * Creates and opens region files with the backend the options name, wrapped in the latency model
 * when one is set, and says which backends work here.
 *
 * <p>Thread-safety: stateless.
 */
public final class Backends {
  private Backends() {}

  /** Whether {@code backend} works here, and if not, why. Never throws. */
  public static Availability availability(PmemBackend backend) {
    return switch (backend) {
      case AUTO, FFM, CRASH_SIMULATION -> Availability.yes();
      case LIBPMEM -> LibPmem.availability();
      case LLPL -> LlplSupport.availability();
    };
  }

  /**
   * Creates a zero-filled region file of {@code size} bytes and opens it.
   *
   * @throws io.cairn.common.NotSupportedException when the backend is not available here
   * @throws InvalidArgumentException when the file exists, the size is out of range, or the
   *     backend is the crash simulator (which has no files)
   */
  public static PmemRegion create(Path file, long size, RegionOptions options) {
    PmemBackend backend = options.resolvedBackend();
    PmemRegion region = switch (backend) {
      case FFM -> {
        RegionFiles.create(file, size);
        yield FfmRegion.open(file, options);
      }
      case LIBPMEM -> {
        LibPmem.load();
        RegionFiles.create(file, size);
        yield LibPmemRegion.open(file);
      }
      case LLPL -> LlplRegion.create(file, size);
      case AUTO, CRASH_SIMULATION -> throw noFiles(backend);
    };
    return withLatency(region, options);
  }

  /**
   * Opens an existing region file.
   *
   * @throws io.cairn.common.NotSupportedException when the backend is not available here
   * @throws InvalidArgumentException when there is no such file
   * @throws io.cairn.common.CorruptionException when its header or length is wrong
   */
  public static PmemRegion open(Path file, RegionOptions options) {
    PmemBackend backend = options.resolvedBackend();
    PmemRegion region = switch (backend) {
      case FFM -> FfmRegion.open(file, options);
      case LIBPMEM -> LibPmemRegion.open(file);
      case LLPL -> LlplRegion.open(file);
      case AUTO, CRASH_SIMULATION -> throw noFiles(backend);
    };
    return withLatency(region, options);
  }

  private static PmemRegion withLatency(PmemRegion region, RegionOptions options) {
    return options.latencyModel().isOff() ? region : new LatencyRegion(region, options.latencyModel());
  }

  private static InvalidArgumentException noFiles(PmemBackend backend) {
    return new InvalidArgumentException("the " + backend.id() + " backend has no region files: use"
        + " io.cairn.pmem.testing.CrashSimulatingRegion or CrashSimulatingDirectory");
  }
}
