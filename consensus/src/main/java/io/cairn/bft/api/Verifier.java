package io.cairn.bft.api;

/** Checks signatures against every replica's public key (replicas are numbered 0..n-1). Thread-safe. */
public interface Verifier {
  /** Whether {@code signature} is {@code replica}'s signature of {@code payload}; false for unknown replicas. */
  boolean verify(int replica, byte[] payload, byte[] signature);

  /**
   * Whether every {@code signatures[i]} is replica {@code replicas[i]}'s signature of {@code
   * payloads[i]}: the votes of one certificate or proof, which a verifier may check as one batch
   * (cheaper per signature, all or nothing; docs/bft.md §7, "Batch verification"). By default one by
   * one.
   */
  default boolean verifyAll(int[] replicas, byte[][] payloads, byte[][] signatures) {
    for (int i = 0; i < replicas.length; i++) {
      if (!verify(replicas[i], payloads[i], signatures[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code signature} is the admission authority's (the regulator's) signature of an
   * {@link AddReplica} transaction's signed bytes. By default no key admits anyone: a group whose
   * verifier does not override this never grows. The verifier must also know the admitted
   * replica's key by its number ({@link #verify}) once the transaction executes.
   */
  default boolean verifyAdmission(byte[] payload, byte[] signature) {
    return false;
  }
}
