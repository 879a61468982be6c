package io.cairn.chain.api;

import java.util.Objects;

/**
 * The answer of {@link Ledger#verify}: a {@link VerdictCode}, a sentence that names exactly which
 * check failed (or what passed), and where the record is anchored when that is known.
 *
 * @param key the record key that was verified
 * @param code the outcome
 * @param detail one sentence: which check failed and with what values, or where it verified
 * @param position where the anchor is, or null when none was found
 */
public record Verdict(Hash32 key, VerdictCode code, String detail, AnchorPosition position) {
  public Verdict {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(detail, "detail");
  }

  /** Whether the record verified. */
  public boolean passed() {
    return code.passed();
  }

  @Override
  public String toString() {
    return code + ": " + detail;
  }
}
