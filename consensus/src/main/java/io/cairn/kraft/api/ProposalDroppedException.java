package io.cairn.kraft.api;

import io.cairn.common.CairnException;
import io.cairn.common.ErrorCode;

/**
 * A proposal or membership change was refused and nothing was appended; the caller may retry
 * (on the leader named by {@link RawKraft#status()}, or later). Code {@link ErrorCode#BUSY}.
 */
public final class ProposalDroppedException extends CairnException {
  private static final long serialVersionUID = 1L;

  /** Why it was refused. */
  public enum Reason {
    /** This node is not the leader. */
    NOT_LEADER,
    /** The leader is handing leadership over and takes no proposals meanwhile. */
    TRANSFERRING_LEADERSHIP,
    /** A configuration change is appended but not yet committed (one at a time, thesis §4.1). */
    CONFIGURATION_CHANGE_PENDING,
    /** The leader has not yet committed an entry of its own term (thesis §4.1, the 2015 fix). */
    NOTHING_COMMITTED_IN_TERM,
    /** A learner promotion is already running. */
    PROMOTION_RUNNING
  }

  private final Reason reason;

  /** @param reason why @param message a sentence for people */
  public ProposalDroppedException(Reason reason, String message) {
    super(ErrorCode.BUSY, message);
    this.reason = reason;
  }

  /** Why the proposal was refused. */
  public Reason reason() {
    return reason;
  }
}
