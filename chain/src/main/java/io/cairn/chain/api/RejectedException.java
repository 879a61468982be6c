package io.cairn.chain.api;

import io.cairn.common.InvalidArgumentException;

/**
 * A ledger refused an entry; nothing was changed. {@link #reason()} says which rule failed and the
 * message says where (which block, transaction, member).
 */
public final class RejectedException extends InvalidArgumentException {
  private static final long serialVersionUID = 1L;

  private final Rejection reason;

  /** @param reason the rule that failed @param message where and why, in one sentence */
  public RejectedException(Rejection reason, String message) {
    super("rejected (" + reason + "): " + message);
    this.reason = reason;
  }

  /** @param reason the rule that failed @param message where and why @param cause the decoder's error */
  public RejectedException(Rejection reason, String message, Throwable cause) {
    super("rejected (" + reason + "): " + message, cause);
    this.reason = reason;
  }

  /** The rule that failed. */
  public Rejection reason() {
    return reason;
  }
}
