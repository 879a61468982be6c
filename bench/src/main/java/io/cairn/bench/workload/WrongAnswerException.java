package io.cairn.bench.workload;

import io.cairn.common.CorruptionException;

/**
 * An engine returned an answer a read cannot have: the run is reported as failed, not measured.
 */
public final class WrongAnswerException extends CorruptionException {
  private static final long serialVersionUID = 1L;

  /** @param message what was read and what came back */
  public WrongAnswerException(String message) {
    super(message);
  }
}
