package io.cairn.common;

/**
 * What kind of failure a {@link CairnException} reports, in the spirit of LevelDB's {@code Status}.
 * Callers branch on the code, not on message text.
 */
public enum ErrorCode {
  /** Stored bytes failed a checksum, magic, version or structural check. Data is not trusted. */
  CORRUPTION,
  /** The operating system refused an I/O operation (disk full, permission, device error). */
  IO_ERROR,
  /** The caller passed a value outside the documented contract. Nothing was changed. */
  INVALID_ARGUMENT,
  /** The operation or backend is not available on this machine or in this configuration. */
  NOT_SUPPORTED,
  /** The resource was already closed. */
  CLOSED,
  /** The resource is held by someone else (for example a DB directory locked by another process). */
  BUSY
}
