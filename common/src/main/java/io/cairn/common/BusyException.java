package io.cairn.common;

/** The resource is held by someone else, for example a DB directory locked by another process. */
public class BusyException extends CairnException {
  private static final long serialVersionUID = 1L;

  /** @param message what failed; see {@link CairnException#CairnException(ErrorCode, String, Throwable)} */
  public BusyException(String message) {
    super(ErrorCode.BUSY, message, null);
  }

  /** @param message what failed @param cause the underlying failure, or null */
  public BusyException(String message, Throwable cause) {
    super(ErrorCode.BUSY, message, cause);
  }
}
