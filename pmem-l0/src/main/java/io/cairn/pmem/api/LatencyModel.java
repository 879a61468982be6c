package io.cairn.pmem.api;

import io.cairn.common.InvalidArgumentException;
import java.util.Locale;

/**
 * Extra delay added to region calls so that benchmarks on DRAM-backed emulation approximate
 * Optane DC persistent memory. Off by default; results measured with it are "modelled", never
 * "measured on pmem". The {@link #OPTANE} figures and their sources are in {@code
 * docs/persistence.md}.
 *
 * <p>Charges: a read call (primitive, copy, or the creation of a view) costs {@code readNanos}
 * for its first 256-byte XPLine plus {@code readLineNanos} for each further XPLine it touches
 * (sequential lines are cheaper than a random one); a flush costs {@code flushLineNanos} per
 * XPLine it covers; a fence costs {@code fenceNanos}. Writes themselves cost nothing extra (they
 * land in the CPU cache). Reads through a view after it is created are not charged: the model
 * cannot see them. Delays are spun, not slept, so that nanoseconds are honoured.
 *
 * <p>Thread-safety: immutable.
 *
 * @param readNanos extra ns for the first XPLine of a read
 * @param readLineNanos extra ns for every further XPLine of the same read
 * @param flushLineNanos extra ns per flushed XPLine
 * @param fenceNanos extra ns per fence
 */
public record LatencyModel(long readNanos, long readLineNanos, long flushLineNanos, long fenceNanos) {
  /** No delay anywhere: the default. */
  public static final LatencyModel OFF = new LatencyModel(0, 0, 0, 0);
  /**
   * Optane DC PMM (1st generation) over DRAM: +220 ns random line read (305 vs ~85 ns), +90 ns per
   * sequential line (169 vs ~80 ns), +110 ns per flushed 256-B line (256 B at 2.3 GB/s per DIMM),
   * fences free.
   */
  public static final LatencyModel OPTANE = new LatencyModel(220, 90, 110, 0);

  /** @throws InvalidArgumentException when a figure is negative */
  public LatencyModel {
    if (readNanos < 0 || readLineNanos < 0 || flushLineNanos < 0 || fenceNanos < 0) {
      throw new InvalidArgumentException("latency model figures must not be negative: read=" + readNanos
          + ",readLine=" + readLineNanos + ",flushLine=" + flushLineNanos + ",fence=" + fenceNanos);
    }
  }

  /** Whether any delay is added. */
  public boolean isOff() {
    return readNanos == 0 && readLineNanos == 0 && flushLineNanos == 0 && fenceNanos == 0;
  }

  /** Nanoseconds a read of {@code length} bytes at {@code offset} costs. */
  public long readCostNanos(long offset, long length) {
    long lines = xplines(offset, length);
    return lines == 0 ? 0 : readNanos + (lines - 1) * readLineNanos;
  }

  /** Nanoseconds a flush of {@code length} bytes at {@code offset} costs. */
  public long flushCostNanos(long offset, long length) {
    return xplines(offset, length) * flushLineNanos;
  }

  private static long xplines(long offset, long length) {
    if (length <= 0) {
      return 0;
    }
    long first = offset / PmemRegion.XPLINE_BYTES;
    long last = (offset + length - 1) / PmemRegion.XPLINE_BYTES;
    return last - first + 1;
  }

  /**
   * Parses {@code "off"}, {@code "optane"}, or {@code "read=220,readLine=90,flushLine=110,fence=0"}
   * (any subset; missing figures are 0).
   *
   * @throws InvalidArgumentException for anything else
   */
  public static LatencyModel parse(String text) {
    String trimmed = text.strip().toLowerCase(Locale.ROOT);
    if (trimmed.equals("off") || trimmed.equals("none")) {
      return OFF;
    }
    if (trimmed.equals("optane")) {
      return OPTANE;
    }
    long read = 0;
    long readLine = 0;
    long flushLine = 0;
    long fence = 0;
    for (String part : trimmed.split(",")) {
      String[] pair = part.split("=", 2);
      if (pair.length != 2) {
        throw badModel(text);
      }
      long value;
      try {
        value = Long.parseLong(pair[1].strip());
      } catch (NumberFormatException e) {
        throw badModel(text);
      }
      switch (pair[0].strip()) {
        case "read" -> read = value;
        case "readline" -> readLine = value;
        case "flushline" -> flushLine = value;
        case "fence" -> fence = value;
        default -> throw badModel(text);
      }
    }
    return new LatencyModel(read, readLine, flushLine, fence);
  }

  private static InvalidArgumentException badModel(String text) {
    return new InvalidArgumentException("bad latency model '" + text
        + "': expected off, optane, or read=NS,readLine=NS,flushLine=NS,fence=NS");
  }

  @Override
  public String toString() {
    if (equals(OFF)) {
      return "off";
    }
    String figures = "read=" + readNanos + ",readLine=" + readLineNanos + ",flushLine=" + flushLineNanos + ",fence=" + fenceNanos;
    return equals(OPTANE) ? "optane(" + figures + ")" : figures;
  }
}
