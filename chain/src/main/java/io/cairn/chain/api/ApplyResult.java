package io.cairn.chain.api;

import java.util.Set;

/**
 * What {@link Ledger#apply(long, byte[])} did with one log entry. A rejected entry changes
 * nothing but the ledger's applied log index, the same way on every node.
 *
 * @param logIndex the entry's index in the log
 * @param outcome applied, rejected, or skipped (already applied before)
 * @param rejection why it was rejected, or null
 * @param detail one sentence for logs
 * @param anchoredElsewhere for an applied block, the record hashes among its entries whose first
 *     anchor is elsewhere (an earlier block, or an earlier entry of this block); every other entry
 *     is its record's anchor, so a node can hand out receipts without reading the index back.
 *     Empty for anything else.
 */
public record ApplyResult(long logIndex, Outcome outcome, Rejection rejection, String detail,
    Set<Hash32> anchoredElsewhere) {
  /** A result with no anchored-elsewhere hashes. */
  public ApplyResult(long logIndex, Outcome outcome, Rejection rejection, String detail) {
    this(logIndex, outcome, rejection, detail, Set.of());
  }

  /** Copies {@code anchoredElsewhere}. */
  public ApplyResult {
    anchoredElsewhere = Set.copyOf(anchoredElsewhere);
  }

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
