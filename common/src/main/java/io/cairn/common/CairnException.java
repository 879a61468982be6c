package io.cairn.common;

import java.util.Objects;

/**
 * The root of Cairn's unchecked exception hierarchy. Every failure that crosses a module's API
 * is a {@code CairnException} carrying an {@link ErrorCode}; subclasses exist for each code so
 * callers can catch the kind they handle.
 *
 * <p>Thread-safety: immutable.
 */
public class CairnException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /**
   * @param code the kind of failure; never null
   * @param message a sentence naming what failed and, where it applies, the file and offset
   * @param cause the underlying failure, or null
   */
  public CairnException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** Same as {@code CairnException(code, message, null)}. */
  public CairnException(ErrorCode code, String message) {
    this(code, message, null);
  }

  /** The kind of failure. */
  public ErrorCode code() {
    return code;
  }
}
