package io.cairn.kraft.lincheck;

/**
 * The sequential specification of one key-value register: a state (the current value, or
 * {@link Operation#ABSENT}) and a step function that says whether an operation with its observed
 * output is possible in a state, and what state it leaves.
 *
 * <p>Thread-safety: stateless.
 */
final class RegisterModel {
  /** Returned by {@link #step} when the operation cannot happen in the state. */
  static final long IMPOSSIBLE = Long.MIN_VALUE;

  private RegisterModel() {}

  /** The state after {@code op} in {@code state}, or {@link #IMPOSSIBLE}. */
  static long step(long state, Operation op) {
    return switch (op.kind()) {
      case PUT -> op.value();
      case GET -> op.outcomeUnknown() || op.result() == state ? state : IMPOSSIBLE;
      case CAS -> {
        boolean swaps = state == op.expected();
        if (op.outcomeUnknown()) {
          yield swaps ? op.value() : state;
        }
        if (swaps != (op.result() == 1)) {
          yield IMPOSSIBLE;
        }
        yield swaps ? op.value() : state;
      }
    };
  }
}
