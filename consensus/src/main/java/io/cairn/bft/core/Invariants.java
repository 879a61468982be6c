package io.cairn.bft.core;

/** A broken protocol invariant is a crash, never a silent return. */
final class Invariants {
  private Invariants() {}

  /** Throws {@link IllegalStateException} naming {@code what} unless {@code condition} holds. */
  static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("BFT invariant broken: " + what);
    }
  }
}
