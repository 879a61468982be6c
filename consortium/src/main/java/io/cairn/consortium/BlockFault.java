package io.cairn.consortium;

/** A slave's verification verdict on a block ({@link #VALID} or the first check that failed), with its wire code. */
public enum BlockFault {
  VALID(0),
  WRONG_HEIGHT(1),
  WRONG_PREVIOUS_HASH(2),
  WRONG_PROPOSER(3),
  BAD_BLOCK_SIGNATURE(4),
  BAD_MERKLE_ROOT(5),
  BAD_PROOF_OF_WORK(6),
  BAD_DATA_SET(7),
  BAD_RECORD(8);

  private final int code;

  BlockFault(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The fault with wire code {@code code}, or null. */
  static BlockFault of(int code) {
    for (BlockFault fault : values()) {
      if (fault.code == code) {
        return fault;
      }
    }
    return null;
  }
}
