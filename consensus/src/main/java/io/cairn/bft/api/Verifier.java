package io.cairn.bft.api;

/** Checks signatures against every replica's public key (replicas are numbered 0..n-1). Thread-safe. */
public interface Verifier {
  /** Whether {@code signature} is {@code replica}'s signature of {@code payload}; false for unknown replicas. */
  boolean verify(int replica, byte[] payload, byte[] signature);

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
