package io.cairn.common;

/** The resource was used after it was closed. */
public class ClosedException extends CairnException {
  private static final long serialVersionUID = 1L;

  /** @param message what failed; see {@link CairnException#CairnException(ErrorCode, String, Throwable)} */
  public ClosedException(String message) {
    super(ErrorCode.CLOSED, message, null);
  }

  /** @param message what failed @param cause the underlying failure, or null */
  public ClosedException(String message, Throwable cause) {
    super(ErrorCode.CLOSED, message, cause);
  }
}
