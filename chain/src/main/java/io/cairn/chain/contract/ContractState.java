package io.cairn.chain.contract;

/**
 * The only thing a {@link Contract} can touch: the key-value state in its own namespace. Keys are
 * 0..{@value GasSchedule#KEY_BYTES_MAX} bytes, values 0..{@value GasSchedule#VALUE_BYTES_MAX}
 * bytes. A call sees its own writes; other calls of the same block see them only once the call
 * succeeded, exactly as if the block ran one call after the other.
 *
 * <p>Each method charges the call's gas first ({@link GasSchedule}); when the call declared its
 * read and write sets, a key outside them fails the call with {@code UNDECLARED_ACCESS} before
 * anything is read. Both failures end the call: the contract cannot catch them into success.
 *
 * <p>Arrays passed in are copied; arrays returned belong to the caller.
 */
public interface ContractState {
  /** The value under {@code key}, or {@code null} when there is none. */
  byte[] get(byte[] key);

  /** Sets {@code key} to {@code value}. */
  void put(byte[] key, byte[] value);

  /** Removes {@code key}; a no-op when absent (still charged). */
  void delete(byte[] key);

  /**
   * Charges {@code steps} (&gt;= 0) steps of computation ({@link GasSchedule#STEP} gas each) to
   * the call's budget: a contract calls it in every loop, with the steps the loop's body takes
   * (one per iteration of a small body), so that a loop that touches no state is bounded too. Out of
   * budget the call ends with {@code OUT_OF_GAS}, like an access; a negative count fails the call.
   */
  void meter(long steps);
}
