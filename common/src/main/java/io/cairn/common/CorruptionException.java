package io.cairn.common;

/** Stored bytes failed a checksum, magic, version or structural check. The message names the file and, where known, the offset. */
public class CorruptionException extends CairnException {
  private static final long serialVersionUID = 1L;

  /** @param message what failed; see {@link CairnException#CairnException(ErrorCode, String, Throwable)} */
  public CorruptionException(String message) {
    super(ErrorCode.CORRUPTION, message, null);
  }

  /** @param message what failed @param cause the underlying failure, or null */
  public CorruptionException(String message, Throwable cause) {
    super(ErrorCode.CORRUPTION, message, cause);
  }

  /**
   * The usual way to report bad stored bytes: names the file and the offset, so an operator can
   * look at the exact place.
   *
   * @param file the file (or region) that holds the bad bytes
   * @param offset the byte offset of the bad record or block inside {@code file}
   * @param what which check failed, e.g. "block checksum mismatch"
   */
  public static CorruptionException at(Object file, long offset, String what) {
    return new CorruptionException("corruption in " + file + " at offset " + offset + ": " + what);
  }
}
