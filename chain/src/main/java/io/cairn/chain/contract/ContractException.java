package io.cairn.chain.contract;

import io.cairn.common.CairnException;
import io.cairn.common.ErrorCode;

/**
 * Thrown by a contract to refuse a call (insufficient balance, not permitted, malformed
 * arguments): the call's receipt is {@code REVERTED} with this message and its writes are
 * dropped. The message must depend only on the call and the state read, so that every executor
 * writes the same receipt.
 */
public final class ContractException extends CairnException {
  private static final long serialVersionUID = 1L;

  public ContractException(String message) {
    super(ErrorCode.INVALID_ARGUMENT, message);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // a refusal is an answer, not a bug: no stack trace to build on the hot path
  }
}
