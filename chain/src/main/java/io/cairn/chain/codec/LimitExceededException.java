package io.cairn.chain.codec;

import io.cairn.common.CorruptionException;

/**
 * Bytes that claim a size beyond a format's limit (too many entries, too long a transaction or
 * block). A kind of corruption to the caller; a ledger reports it as an oversized entry.
 */
public final class LimitExceededException extends CorruptionException {
  private static final long serialVersionUID = 1L;

  /** @param message which size, its value and the limit */
  public LimitExceededException(String message) {
    super(message);
  }
}
