package io.cairn.chain.api;

/**
 * What {@link Ledger#apply(long, byte[])} did with one log entry. A rejected entry changes
 * nothing but the ledger's applied log index, the same way on every node.
 *
 * @param logIndex the entry's index in the log
 * @param outcome applied, rejected, or skipped (already applied before)
 * @param rejection why it was rejected, or null
 * @param detail one sentence for logs
 */
public record ApplyResult(long logIndex, Outcome outcome, Rejection rejection, String detail) {
  /** What happened to the entry. */
  public enum Outcome {
    /** The entry changed the ledger. */
    APPLIED,
    /** The entry broke a rule; only the applied index moved. */
    REJECTED,
    /** The entry's index was at or below the ledger's applied index: nothing was done. */
    SKIPPED
  }
}
