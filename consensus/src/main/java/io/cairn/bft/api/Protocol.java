package io.cairn.bft.api;

/** Which Byzantine agreement a {@link BftReplica} runs: the same view change and checkpoints, two normal cases. */
public enum Protocol {
  /** Castro-Liskov PBFT: pre-prepare, all-to-all prepare and commit (O(n²) messages a decision). */
  PBFT,
  /** SBFT's linear path: shares to a collector, which broadcasts one certificate; fast path when all n answer. */
  SBFT
}
