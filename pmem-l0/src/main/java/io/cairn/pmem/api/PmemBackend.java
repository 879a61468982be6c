package io.cairn.pmem.api;

import io.cairn.common.InvalidArgumentException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a region reaches persistent memory. Chosen with {@link RegionOptions#backend}; {@link #AUTO}
 * (the default) picks {@link #FFM}, which works on every machine. See {@code docs/persistence.md}
 * for what each one makes durable when.
 */
public enum PmemBackend {
  /** Resolved when a region is opened: {@link #FFM}. A region never reports AUTO. */
  AUTO("auto"),
  /**
   * A file mapped with {@code FileChannel.map(..., Arena)}: MAP_SYNC ({@code READ_WRITE_SYNC},
   * cache-line write-back) on a DAX file system, else a shared mapping made durable with msync.
   */
  FFM("ffm"),
  /** A file mapped by the system's libpmem through {@code io.cairn.ffi} (CPU flushes on real pmem, else msync). */
  LIBPMEM("libpmem"),
  /** A PMDK heap per region file through llpl (JNI over libpmemobj); needs libpmemobj1 and libpmempool1. */
  LLPL("llpl"),
  /** In memory, for tests: {@link io.cairn.pmem.testing.CrashSimulatingRegion}. Not a file backend. */
  CRASH_SIMULATION("crash-sim");

  private final String id;

  PmemBackend(String id) {
    this.id = id;
  }

  /** The name used in options, the command line and reports ("ffm", "libpmem", ...). */
  public String id() {
    return id;
  }

  /**
   * The backend called {@code id} (case-insensitive).
   *
   * @throws InvalidArgumentException naming the valid ids when there is none
   */
  public static PmemBackend parse(String id) {
    for (PmemBackend backend : values()) {
      if (backend.id.equalsIgnoreCase(id.strip())) {
        return backend;
      }
    }
    throw new InvalidArgumentException("unknown pmem backend '" + id + "': expected one of "
        + Arrays.stream(values()).map(PmemBackend::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id.toLowerCase(Locale.ROOT);
  }
}
