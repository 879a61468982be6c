package io.cairn.ffi;

import io.cairn.common.CairnIoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which cache-flush instructions this CPU has, read from the {@code flags} line of {@code
 * /proc/cpuinfo} (Linux, x86-64). The JDK's {@code MemorySegment.force} on a MAP_SYNC mapping and
 * libpmem's {@code pmem_flush} pick the best of them themselves; this class only reports which,
 * for {@code cairn pmem check} and benchmark reports.
 *
 * <p>Thread-safety: immutable.
 */
public final class CacheFlushSupport {
  private static final Path CPUINFO = Path.of("/proc/cpuinfo");

  private final Set<FlushInstruction> supported;
  private final String source;

  private CacheFlushSupport(Set<FlushInstruction> supported, String source) {
    this.supported = Collections.unmodifiableSet(supported.isEmpty()
        ? EnumSet.noneOf(FlushInstruction.class) : EnumSet.copyOf(supported));
    this.source = source;
  }

  /**
   * Reads {@code /proc/cpuinfo}. Where it does not exist (not Linux) the result supports nothing
   * and {@link #source()} says so.
   *
   * @throws CairnIoException when the file exists but cannot be read
   */
  public static CacheFlushSupport detect() {
    try {
      return parse(Files.readString(CPUINFO));
    } catch (NoSuchFileException e) {
      return new CacheFlushSupport(Set.of(), "no " + CPUINFO + " (not Linux): instructions unknown");
    } catch (IOException e) {
      throw CairnIoException.wrap("read " + CPUINFO, e);
    }
  }

  /**
   * Parses the text of a {@code /proc/cpuinfo}: the first {@code flags} line (every core of a
   * machine reports the same). Text without one (e.g. an ARM CPU's {@code Features} line)
   * supports none of the x86 instructions.
   */
  public static CacheFlushSupport parse(String cpuinfo) {
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0 || !line.substring(0, colon).strip().equals("flags")) {
        continue;
      }
      Set<String> flags = Arrays.stream(line.substring(colon + 1).strip().split("\\s+"))
          .collect(Collectors.toSet());
      Set<FlushInstruction> found = EnumSet.noneOf(FlushInstruction.class);
      for (FlushInstruction instruction : FlushInstruction.values()) {
        if (flags.contains(instruction.cpuFlag())) {
          found.add(instruction);
        }
      }
      return new CacheFlushSupport(found, CPUINFO.toString());
    }
    return new CacheFlushSupport(Set.of(), "no x86 flags line in cpuinfo: instructions unknown");
  }

  /** The instructions this CPU has; empty when unknown. */
  public Set<FlushInstruction> supported() {
    return supported;
  }

  /** The best instruction available (CLWB, else CLFLUSHOPT, else CLFLUSH), if any is known. */
  public Optional<FlushInstruction> best() {
    return supported.stream().findFirst();
  }

  /** Where the answer came from, or why it is unknown. */
  public String source() {
    return source;
  }

  /** E.g. {@code "clwb (also clflushopt, clflush)"}, or {@code "none known: <why>"}. */
  public String describe() {
    if (supported.isEmpty()) {
      return "none known: " + source;
    }
    String best = best().orElseThrow().cpuFlag();
    String others = supported.stream().skip(1).map(FlushInstruction::cpuFlag).collect(Collectors.joining(", "));
    return others.isEmpty() ? best : best + " (also " + others + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
