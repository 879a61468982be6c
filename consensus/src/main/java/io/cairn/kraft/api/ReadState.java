package io.cairn.kraft.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * The answer to {@link RawKraft#readIndex}: once this node has applied the log up to {@code
 * index}, a read that was requested with {@code context} may be served from its state machine
 * and is linearizable (Raft thesis §6.4).
 *
 * <p>Thread-safety: immutable as long as nobody writes into {@code context}.
 *
 * @param index the commit index the leader confirmed with a quorum
 * @param context the caller's bytes given to {@code readIndex}, unchanged
 */
public record ReadState(long index, byte[] context) {
  /** Checks the components. */
  public ReadState {
    Objects.requireNonNull(context, "context");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ReadState state && index == state.index && Arrays.equals(context, state.context);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(index) * 31 + Arrays.hashCode(context);
  }

  @Override
  public String toString() {
    return "ReadState[" + index + ", " + context.length + "B]";
  }
}
