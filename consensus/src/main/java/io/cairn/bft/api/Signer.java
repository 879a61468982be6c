package io.cairn.bft.api;

/**
 * Signs with one replica's private key. The core signs every message it sends through this; the
 * node wires in the member's Ed25519 key from {@code chain}, the simulator a per-replica test key.
 */
public interface Signer {
  /** The signature of {@code payload} (the signed bytes of a message, {@link BftCodec#signedBytes}). */
  byte[] sign(byte[] payload);
}
