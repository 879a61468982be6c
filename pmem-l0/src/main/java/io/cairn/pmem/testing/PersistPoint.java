package io.cairn.pmem.testing;

/**
 * One step of a run after which more data is durable than before: a fence (or persist), or the
 * creation, deletion or renaming of a region in a simulated directory. A crash test cuts the power at each
 * in turn ({@code powerCutAt(index)}): the cut happens just before the step takes effect, so the
 * crash image shows everything that was still in flight.
 *
 * @param index position in the run, from 0
 * @param kind what the step is
 * @param region the region it concerns (for a fence: the one it was called on)
 * @param site the caller, "Class.method:line", outside the pmem layer
 * @param linesFlushed cache lines flushed and waiting for this fence (0 for create and delete)
 * @param linesUnflushed cache lines written but not flushed at this point, on every region
 */
public record PersistPoint(int index, Kind kind, String region, String site, int linesFlushed, int linesUnflushed) {
  /** The kinds of persist point. */
  public enum Kind {
    /** A {@code fence()} (also the one inside {@code persist}). */
    FENCE,
    /** A region created in a simulated directory. */
    CREATE,
    /** A region deleted from a simulated directory. */
    DELETE,
    /** A region renamed in a simulated directory ({@code region} is the old name). */
    RENAME
  }

  @Override
  public String toString() {
    String what = switch (kind) {
      case FENCE -> "fence on " + region + " completing " + linesFlushed + " flushed line(s)";
      case CREATE -> "create of " + region;
      case DELETE -> "delete of " + region;
      case RENAME -> "rename of " + region;
    };
    return "#" + index + " " + what + " at " + site + " (" + linesUnflushed + " line(s) unflushed)";
  }
}
