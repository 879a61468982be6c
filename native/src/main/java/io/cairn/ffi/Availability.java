package io.cairn.ffi;

import java.util.Objects;

/**
 * Whether a native facility (a library, a CPU feature, a backend) can be used here, and if not,
 * why: a sentence an operator can act on, such as {@code "libpmem.so.1 not found (install the
 * libpmem1 package)"}.
 *
 * <p>Thread-safety: immutable.
 *
 * @param available true when the facility can be used
 * @param reason why it cannot be used; empty when {@code available}
 */
public record Availability(boolean available, String reason) {
  /** @throws NullPointerException if {@code reason} is null */
  public Availability {
    Objects.requireNonNull(reason, "reason");
  }

  /** The facility works here. */
  public static Availability yes() {
    return new Availability(true, "");
  }

  /** The facility cannot be used, for the given reason. */
  public static Availability no(String reason) {
    return new Availability(false, reason);
  }

  @Override
  public String toString() {
    return available ? "available" : "not available: " + reason;
  }
}
