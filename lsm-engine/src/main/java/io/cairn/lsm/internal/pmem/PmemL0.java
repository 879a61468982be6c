package io.cairn.lsm.internal.pmem;

import io.cairn.lsm.api.Options;
import io.cairn.pmem.api.Pmem;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.RegionOptions;
import io.cairn.pmem.l0.L0Options;
import io.cairn.pmem.l0.NvmTableOptions;
import java.nio.file.Path;

/**
 * How the engine's options become the pmem L0's: the directory and its region options (backend,
 * latency model), and the L0 set's limits and table settings. Thread-safety: stateless.
 */
public final class PmemL0 {
  /**
   * User keys up to this many bytes, plus the 8-byte tag, sit inline in their NVMTable slot
   * (longer ones go to the Container): 32-byte keys, as the paper's workload uses, stay inline.
   */
  public static final int INLINE_USER_KEY_BYTES = 32;

  private PmemL0() {}

  /** The region options {@code options} ask for: backend and latency model. */
  public static RegionOptions regionOptions(Options options) {
    return RegionOptions.defaults().withBackend(options.pmemBackend()).withLatencyModel(options.latencyModel());
  }

  /** The pmem directory of the database in {@code databaseDirectory}, created when absent. */
  public static PmemDirectory directory(Options options, Path databaseDirectory) {
    return Pmem.directory(options.pmemDirectoryFor(databaseDirectory), regionOptions(options));
  }

  /**
   * The L0 set's options: the engine's bloom bits, keys of up to {@value #INLINE_USER_KEY_BYTES}
   * bytes inline, and no limits: the engine's version is the one registry of L0 tables, and {@link
   * PmemBudget} (with the count triggers) the one check of L0's bounds, made before a memtable is
   * sealed; the set only holds the open tables.
   */
  public static L0Options l0Options(Options options) {
    NvmTableOptions tables = NvmTableOptions.defaults()
        .withInlineKeyBytes(INLINE_USER_KEY_BYTES + 8)
        .withBloomBitsPerKey(options.bloomBitsPerKey());
    return L0Options.defaults().withMaxTables(Integer.MAX_VALUE).withMaxBytes(Long.MAX_VALUE)
        .withTableOptions(tables);
  }

  /**
   * Log bytes per extent of a WAL segment on pmem: a segment holds about one memtable's worth of
   * writes (it is switched with the memtable), so most segments fit in one extent.
   */
  public static long walExtentBytes(Options options) {
    return Math.max(1L << 20, options.writeBufferBytes() + (options.writeBufferBytes() >> 1));
  }

  /**
   * Pmem bytes the next flush may take at most, for the write stall: slots and container of a
   * full memtable, with room for per-entry overhead.
   */
  public static long nextTableBytes(Options options) {
    return 2 * options.writeBufferBytes();
  }
}
