package io.cairn.common;

/** A caller passed a value outside the documented contract; nothing was changed. */
public class InvalidArgumentException extends CairnException {
  private static final long serialVersionUID = 1L;

  /** @param message what failed; see {@link CairnException#CairnException(ErrorCode, String, Throwable)} */
  public InvalidArgumentException(String message) {
    super(ErrorCode.INVALID_ARGUMENT, message, null);
  }

  /** @param message what failed @param cause the underlying failure, or null */
  public InvalidArgumentException(String message, Throwable cause) {
    super(ErrorCode.INVALID_ARGUMENT, message, cause);
  }
}
