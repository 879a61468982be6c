package io.cairn.pmem.testing;

/**
 * Thrown by a crash-simulating region when the simulated power goes off: at the persist point
 * chosen with {@code powerCutAt}, and by every call after it on any region of the same simulated
 * machine. An {@link Error}, so that code under test which handles ordinary failures does not
 * swallow it; the crash test catches it and takes a crash image.
 */
public final class PowerCutException extends Error {
  private static final long serialVersionUID = 1L;

  private final transient PersistPoint point;

  PowerCutException(String message, PersistPoint point) {
    super(message);
    this.point = point;
  }

  /** The persist point at which the power went off. */
  public PersistPoint point() {
    return point;
  }
}
