package io.cairn.bft.api;

/** Checks signatures against every replica's public key (replicas are numbered 0..n-1). Thread-safe. */
public interface Verifier {
  /** Whether {@code signature} is {@code replica}'s signature of {@code payload}; false for unknown replicas. */
  boolean verify(int replica, byte[] payload, byte[] signature);
}
