package io.cairn.chain.contract.exec;

/**
 * Thrown by a {@link ReadSource} when the value to read is an ESTIMATE of call {@code blocker}:
 * the execution stops, and runs again once {@code blocker} has been executed again. Carries no
 * stack trace (it is control flow).
 */
final class ReadBlocked extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int blocker;

  ReadBlocked(int blocker) {
    super("blocked on call " + blocker, null, false, false);
    this.blocker = blocker;
  }
}
