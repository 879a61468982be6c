package io.cairn.bench.report;

import java.util.Locale;

/** Figures in the units reports use. */
public final class Units {
  private Units() {}

  /** Bytes in binary units with one decimal, e.g. "1.5 GiB"; plain bytes below 1 KiB. */
  public static String bytes(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = bytes;
    int unit = 0;
    while (Math.abs(value) >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
