package io.cairn.testing;

import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where seeds come from. By default each run draws a fresh base seed, so repeated runs explore new
 * cases; {@code -Dcairn.seed=N} (decimal or {@code 0x} hex) replays exactly one case, and
 * {@code -Dcairn.trials=N} changes how many cases a property runs.
 *
 * <p>Thread-safety: stateless.
 */
public final class Seeds {
  /** System property that replays one seed. */
  public static final String SEED_PROPERTY = "cairn.seed";
  /** System property that overrides the number of trials. */
  public static final String TRIALS_PROPERTY = "cairn.trials";

  private Seeds() {}

  /** The seed requested with {@code -Dcairn.seed}, if any (an empty value means none). */
  public static OptionalLong requested() {
    String text = System.getProperty(SEED_PROPERTY, "").trim();
    if (text.isEmpty()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(parse(text));
  }

  /** The trial count requested with {@code -Dcairn.trials}, else {@code defaultTrials}. */
  public static int trials(int defaultTrials) {
    String text = System.getProperty(TRIALS_PROPERTY, "").trim();
    return text.isEmpty() ? defaultTrials : Integer.parseInt(text);
  }

  /** A fresh base seed for this run. */
  public static long fresh() {
    return ThreadLocalRandom.current().nextLong();
  }

  /**
   * The seed of trial {@code trial} under {@code baseSeed}: a mix of both, so neighbouring trials
   * get unrelated streams and each trial's seed alone replays it.
   */
  public static long forTrial(long baseSeed, int trial) {
    return new SplittableRandom(baseSeed + 0x9E3779B97F4A7C15L * trial).nextLong();
  }

  /** Parses a seed written as decimal or {@code 0x}-prefixed hex (as {@link #format} prints). */
  public static long parse(String text) {
    String trimmed = text.trim();
    if (trimmed.startsWith("0x") || trimmed.startsWith("0X")) {
      return HexFormat.fromHexDigitsToLong(trimmed.substring(2));
    }
    return Long.parseLong(trimmed);
  }

  /** A seed as {@code 0x} followed by 16 hex digits. */
  public static String format(long seed) {
    return "0x" + HexFormat.of().toHexDigits(seed);
  }
}
