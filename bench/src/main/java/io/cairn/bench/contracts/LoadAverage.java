package io.cairn.bench.contracts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load averages over 1, 5 and 15 minutes, as {@code uptime} prints them. */
final class LoadAverage {
  private LoadAverage() {}

  /** "1.02 0.80 0.55", or "unknown" where {@code /proc/loadavg} cannot be read. */
  static String read() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "unknown";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
