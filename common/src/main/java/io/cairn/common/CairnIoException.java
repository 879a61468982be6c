package io.cairn.common;

/** The operating system refused an I/O operation; the cause is the original {@link java.io.IOException}. */
public class CairnIoException extends CairnException {
  private static final long serialVersionUID = 1L;

  /** @param message what failed; see {@link CairnException#CairnException(ErrorCode, String, Throwable)} */
  public CairnIoException(String message) {
    super(ErrorCode.IO_ERROR, message, null);
  }

  /** @param message what failed @param cause the underlying failure, or null */
  public CairnIoException(String message, Throwable cause) {
    super(ErrorCode.IO_ERROR, message, cause);
  }

  /**
   * Wraps an {@link java.io.IOException} with what Cairn was doing, e.g. {@code wrap("append to
   * /db/000012.log", e)}. A full disk keeps the JDK's message ("No space left on device").
   */
  public static CairnIoException wrap(String doing, java.io.IOException cause) {
    return new CairnIoException("I/O error while trying to " + doing + ": " + cause.getMessage(), cause);
  }
}
