package io.cairn.chain.api;

/**
 * The outcome of verifying one record, naming the first check that failed. Checks run in this
 * order: the anchor is found, the record is read back through its read parameters, its hash is
 * recomputed, the Merkle proofs lead to the block header, the signatures hold, and the header is
 * in the ledger's chain.
 */
public enum VerdictCode {
  /** Every check passed: the record is the one anchored, in a block of this chain. */
  VERIFIED(0, true),
  /** The ledger holds no anchor for this key. */
  UNKNOWN_ANCHOR(1, false),
  /**
   * An index disagrees with the blocks: the record-hash index or the block-by-hash index is
   * corrupt, or points to a place that does not anchor this key.
   */
  BAD_INDEX(2, false),
  /** The read parameters lead to no record: unknown store, or no record under the key. */
  MISSING_DATA(3, false),
  /** The record read back does not hash to the anchored key: it was changed. */
  TAMPERED_DATA(4, false),
  /**
   * The stored anchor (entry, transaction, Merkle path) does not lead to the block header's Merkle
   * root, or is unreadable.
   */
  BAD_PROOF(5, false),
  /**
   * A signature does not verify, or was made by a key that is not an admitted member with the
   * needed role: the requester's on the transaction or the proposer's on the block header.
   */
  BAD_SIGNATURE(6, false),
  /**
   * The block header is not linked into the ledger's header chain: missing, corrupt, at the wrong
   * height, or a previous-hash link between it and the ledger's head does not hold.
   */
  BROKEN_CHAIN(7, false);

  private final int id;
  private final boolean passed;

  VerdictCode(int id, boolean passed) {
    this.id = id;
    this.passed = passed;
  }

  /** The code's byte in signed verdicts ({@code docs/formats/transaction.md}); never reused. */
  public int id() {
    return id;
  }

  /**
   * The code with byte {@code id}.
   *
   * @throws io.cairn.common.InvalidArgumentException for an unknown byte
   */
  public static VerdictCode fromId(int id) {
    for (VerdictCode code : values()) {
      if (code.id == id) {
        return code;
      }
    }
    throw new io.cairn.common.InvalidArgumentException("unknown verdict code " + id);
  }

  /** Whether this code means the record verified. */
  public boolean passed() {
    return passed;
  }
}
