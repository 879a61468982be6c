package io.cairn.testing;

/**
 * Thrown by {@link Property#check} when a case fails: carries the seed that replays it and the
 * (shrunk) case. The message holds both and the replay command; the cause is the failure of the
 * smallest case.
 */
public final class PropertyFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final long seed;
  private final transient Object smallestCase;

  PropertyFailure(String message, long seed, Object smallestCase, Throwable cause) {
    super(message, cause);
    this.seed = seed;
    this.smallestCase = smallestCase;
  }

  /** The seed whose generated case failed; {@code -Dcairn.seed} with it replays the failure. */
  public long seed() {
    return seed;
  }

  /** The smallest failing case found by shrinking (the generated case when nothing shrank). */
  public Object smallestCase() {
    return smallestCase;
  }
}
