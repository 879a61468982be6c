package io.cairn.node.api;

import io.cairn.common.InvalidArgumentException;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import io.cairn.pmem.api.LatencyModel;
import io.cairn.pmem.api.PmemBackend;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The engine's persistent-memory options on the command line, shared by {@code cairn db} and the
 * benchmarks ({@code @Mixin PmemOptions pmem;}): where the pmem L0 lives, its budget, the region
 * backend and the latency model, and whether the WAL goes to pmem too. A bad value is a usage
 * error (exit status 2) naming the option and what it accepts.
 *
 * <p>Thread-safety: filled by picocli, then read by one command.
 */
public final class PmemOptions {
  @Option(names = "--pmem-dir", paramLabel = "DIR",
      description = "Directory of the pmem L0 (a DAX mount for real pmem; any directory, e.g. under /dev/shm,"
          + " for emulated pmem). Default: <db>/pmem, mapped files beside the database (cairn db); the"
          + " benchmarks use /dev/shm/cairn-bench-PID where /dev/shm is writable.")
  Path directory;

  @Option(names = "--pmem-budget", paramLabel = "SIZE", converter = ByteSizeConverter.class,
      description = "Most pmem bytes the L0 may hold, e.g. 512m, 4g (default: 4g); writes stall at it.")
  Long budgetBytes;

  @Option(names = "--pmem-backend", paramLabel = "BACKEND", converter = BackendConverter.class,
      description = "How pmem regions are mapped: auto, ffm, libpmem or llpl (default: auto = ffm).")
  PmemBackend backend;

  @Option(names = "--latency-model", paramLabel = "MODEL", converter = LatencyModelConverter.class,
      description = "Extra pmem latency on DRAM-backed emulation: off (default), optane, or"
          + " read=NS,readLine=NS,flushLine=NS,fence=NS. Figures with it are modelled, not measured.")
  LatencyModel latencyModel;

  @Option(names = "--wal-on-pmem", arity = "0..1", paramLabel = "true|false", fallbackValue = "true",
      description = "Keep the write-ahead log on pmem: appends persisted with cache-line flushes and a fence"
          + " instead of fsync, each segment's pmem extent prepared or recycled in the background (default: true"
          + " with the pmem L0, the engine's own default since session 15; --wal-on-pmem=false keeps it in a file"
          + " beside the tables; a database reopens with either: its segments are replayed wherever they are;"
          + " docs/engine.md, \"The WAL on pmem by default in the engine\").")
  Boolean walOnPmem;

  /** The pmem directory given, or null. */
  public Path directory() {
    return directory;
  }

  /** The backend given, or {@link PmemBackend#AUTO}. */
  public PmemBackend backend() {
    return backend == null ? PmemBackend.AUTO : backend;
  }

  /** The latency model given, or {@link LatencyModel#OFF}. */
  public LatencyModel latencyModel() {
    return latencyModel == null ? LatencyModel.OFF : latencyModel;
  }

  /** The pmem budget given, or null for the engine's default. */
  public Long budgetBytes() {
    return budgetBytes;
  }

  /**
   * Whether the WAL goes to pmem (with the pmem L0): as given, else the engine's default for the
   * pmem L0 ({@link Options#defaultWalOnPmem}: true since session 15; the command line followed it
   * from session 14). The engine decides the default; this class never keeps one of its own.
   */
  public boolean walOnPmem() {
    return walOnPmem == null ? Options.defaultWalOnPmem(L0Mode.PMEM) : walOnPmem;
  }

  /** Whether any pmem option was given (they imply the pmem L0 unless the mode says otherwise). */
  public boolean anyGiven() {
    return directory != null || budgetBytes != null || backend != null || latencyModel != null
        || Boolean.TRUE.equals(walOnPmem);
  }

  /**
   * Sets the given options on {@code builder} (those not given keep the engine's defaults).
   *
   * @throws InvalidArgumentException when {@code mode} is SSD but pmem options were given
   */
  public Options.Builder applyTo(Options.Builder builder, L0Mode mode) {
    if (mode == L0Mode.SSD && anyGiven()) {
      throw new InvalidArgumentException("the pmem options (--pmem-dir, --pmem-budget, --pmem-backend,"
          + " --latency-model, --wal-on-pmem) need the pmem L0; drop them or use --l0 pmem");
    }
    builder.l0Mode(mode).pmemDirectory(directory).pmemBackend(backend()).latencyModel(latencyModel());
    if (walOnPmem != null) {
      builder.walOnPmem(mode == L0Mode.PMEM && walOnPmem);
    }
    if (budgetBytes != null) {
      builder.pmemBudgetBytes(budgetBytes);
    }
    return builder;
  }

  /**
   * A byte size: digits with an optional suffix k, m, g or t (binary: 1k = 1024), e.g. 512m.
   *
   * @throws InvalidArgumentException for anything else, or a size of 0 or more than 2^62
   */
  public static long parseBytes(String text) {
    String trimmed = text.strip().toLowerCase(Locale.ROOT);
    int shift = 0;
    if (!trimmed.isEmpty()) {
      switch (trimmed.charAt(trimmed.length() - 1)) {
        case 'k' -> shift = 10;
        case 'm' -> shift = 20;
        case 'g' -> shift = 30;
        case 't' -> shift = 40;
        default -> shift = -1;
      }
    }
    String digits = shift > 0 ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    shift = Math.max(shift, 0);
    try {
      long value = Long.parseLong(digits);
      if (value <= 0 || value > (1L << 62) >> shift) {
        throw new NumberFormatException();
      }
      return value << shift;
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("bad size '" + text + "': expected a positive number of bytes,"
          + " optionally with k, m, g or t (e.g. 512m, 4g)");
    }
  }

  /** Picocli converter for {@code --pmem-budget}. */
  public static final class ByteSizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return parseBytes(value);
      } catch (InvalidArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Picocli converter for {@code --pmem-backend}: the crash simulator is for tests only. */
  public static final class BackendConverter implements ITypeConverter<PmemBackend> {
    @Override
    public PmemBackend convert(String value) {
      try {
        PmemBackend backend = PmemBackend.parse(value);
        if (backend == PmemBackend.CRASH_SIMULATION) {
          throw new InvalidArgumentException("pmem backend crash-sim is for tests; expected auto, ffm, libpmem or llpl");
        }
        return backend;
      } catch (InvalidArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Picocli converter for {@code --latency-model}. */
  public static final class LatencyModelConverter implements ITypeConverter<LatencyModel> {
    @Override
    public LatencyModel convert(String value) {
      try {
        return LatencyModel.parse(value);
      } catch (InvalidArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
