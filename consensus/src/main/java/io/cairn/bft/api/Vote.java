package io.cairn.bft.api;

/**
 * One replica's signature inside a certificate: the signature it put on its own {@link Prepare},
 * {@link Commit} or {@link Checkpoint} for the certificate's fields. A certificate's votes are
 * kept in strictly ascending replica order (plain Ed25519 multi-signature).
 */
public record Vote(int replica, byte[] signature) {
  public Vote {
    if (replica < 0) {
      throw new IllegalArgumentException("replica " + replica);
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
