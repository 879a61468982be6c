package io.cairn.pgm;

/**
 * An approximate answer of {@link PgmIndex#search}: the lower bound of the searched key (the
 * position of its first occurrence, or where it would be inserted) lies in {@code [lo, hi]}, both
 * ends included. {@code 0 <= lo <= hi <= keyCount} and {@code hi - lo <= 2ε + 1}, so the range
 * holds at most {@code 2ε + 2} positions.
 *
 * @param lo the smallest position the answer can have
 * @param hi the largest position the answer can have; {@code keyCount} means "after every key"
 */
public record PgmRange(int lo, int hi) {
  /** @throws IllegalArgumentException when {@code lo > hi} or {@code lo < 0} */
  public PgmRange {
    if (lo < 0 || lo > hi) {
      throw new IllegalArgumentException("bad range [" + lo + ", " + hi + "]");
    }
  }

  /** Whether {@code position} is in the range. */
  public boolean contains(int position) {
    return lo <= position && position <= hi;
  }

  /** {@code hi - lo}: one less than the number of positions in the range. */
  public int width() {
    return hi - lo;
  }
}
