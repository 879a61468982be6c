package io.cairn.common;

/** An operation or backend is not available here; the message says why and what to install or configure. */
public class NotSupportedException extends CairnException {
  private static final long serialVersionUID = 1L;

  /** @param message what failed; see {@link CairnException#CairnException(ErrorCode, String, Throwable)} */
  public NotSupportedException(String message) {
    super(ErrorCode.NOT_SUPPORTED, message, null);
  }

  /** @param message what failed @param cause the underlying failure, or null */
  public NotSupportedException(String message, Throwable cause) {
    super(ErrorCode.NOT_SUPPORTED, message, cause);
  }
}
