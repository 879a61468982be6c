package io.cairn.bench.workload;

/**
 * The operations of one phase, in order, produced a batch at a time outside the timed region.
 * A source is a pure function of its seed: two sources made alike produce the same operations,
 * which is how every engine gets the same keys and values.
 *
 * <p>Thread-safety: one thread.
 */
public interface OpSource {
  /** Total operations the phase runs. */
  long total();

  /** Clears {@code batch} and fills it with the next operations; leaves it empty when done. */
  void fill(OpBatch batch);

  /** Bytes per value written (0 for reads): sizes the batches. */
  int valueBytes();

  /** Whether the operations are writes ({@link OpBatch#value} set) rather than reads. */
  boolean writes();

  /**
   * Checks the answer of a read of {@code key} and says whether the key was found.
   *
   * @param value what the engine returned, {@code null} for "absent"
   * @throws WrongAnswerException when the answer cannot be right (a value of the wrong size or
   *     content, or an absent key the source knows was written)
   */
  boolean check(byte[] key, byte[] value);
}
