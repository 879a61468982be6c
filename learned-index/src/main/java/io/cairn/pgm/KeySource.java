package io.cairn.pgm;

/**
 * The sorted keys a model was built over, read by position: lets {@link PgmIndex#rank(long,
 * KeySource)} finish a search without the keys being a Java array (an NVMTable reads them from
 * persistent memory, one entry slot at a time).
 *
 * <p>Implementations must return, for every position in {@code [0, keyCount)}, the same unsigned
 * key the model was built with at that position; they are called from the thread that calls
 * {@code rank}.
 */
@FunctionalInterface
public interface KeySource {
  /** The unsigned 64-bit key at {@code position}, {@code 0 <= position < keyCount}. */
  long keyAt(int position);

  /**
   * Called by {@link PgmIndex#rank(long, KeySource)} once per lookup, before it reads keys, with
   * the model's window {@code [lo, hi)} (inside {@code [0, keyCount)}, maybe empty): a source on
   * slow memory may fetch those keys as one read. Does nothing by default.
   */
  default void window(int lo, int hi) {}
}
