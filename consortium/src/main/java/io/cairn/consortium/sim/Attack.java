package io.cairn.consortium.sim;

/** What a malicious HQ node does in the simulation (docs/consortium.md, threat model). */
public enum Attack {
  /** Honest. */
  NONE,
  /** Puts a forged record (an admitted enterprise's key, a wrong signature) into its data sets and blocks. */
  FORGED_RECORD,
  /** As leader, signs its blocks with a key that is not its own. */
  BAD_BLOCK_SIGNATURE,
  /** As leader, proposes blocks whose Merkle root is not the data sets' root. */
  WRONG_MERKLE_ROOT,
  /** As slave, sends no results and no replies. */
  WITHHOLD_RESULTS,
  /** As slave, signs VALID to the other slaves and a failure to the leader. */
  CONTRADICTORY_RESULTS
}
