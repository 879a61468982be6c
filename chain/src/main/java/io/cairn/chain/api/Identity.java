package io.cairn.chain.api;

import io.cairn.chain.crypto.Ed25519;
import io.cairn.chain.crypto.SigningKey;
import java.security.KeyPair;
import java.security.PrivateKey;

/**
 * An Ed25519 key pair: a member, a proposer or the regulator. Made fresh with {@link #generate()},
 * rebuilt from its RFC 8032 secret with {@link #fromSeed}, kept on disk with {@link KeyFiles}.
 *
 * <p>Invariant (checked when made): {@link #key()} is the public key of the secret that {@link
 * #sign} uses, so every signature it makes verifies under {@link #key()}.
 *
 * <p>Thread-safety: immutable; {@link #sign} may be called from any thread. The secret never
 * leaves this object except through {@link KeyFiles}.
 */
public final class Identity {
  private final PrivateKey privateKey;
  private final MemberKey memberKey;
  /** The same secret, signing through BouncyCastle (same signatures, several times less CPU). */
  private final SigningKey signingKey;

  private Identity(KeyPair pair) {
    this.privateKey = pair.getPrivate();
    this.memberKey = MemberKey.of(pair.getPublic());
    this.signingKey = SigningKey.fromSeed(Ed25519.seed(privateKey));
    // The invariant signed objects rely on: what sign() signs verifies under key() (RFC 8032), so
    // a transaction or block made here is known valid without checking its signature.
    if (!java.util.Arrays.equals(signingKey.publicKey(), memberKey.bytes())) {
      throw new io.cairn.common.InvalidArgumentException("key pair " + memberKey.shortHex()
          + ": the public key is not the secret's");
    }
  }

  /** A new identity from the system's strong random source. */
  public static Identity generate() {
    return new Identity(Ed25519.generate());
  }

  /** The identity whose RFC 8032 secret key is {@code seed} (32 bytes; copied). */
  public static Identity fromSeed(byte[] seed) {
    return new Identity(Ed25519.fromSeed(seed));
  }

  /** The public half: what others know this identity by. */
  public MemberKey key() {
    return memberKey;
  }

  /** The Ed25519 signature (64 bytes, new array) of {@code message}. */
  public byte[] sign(byte[] message) {
    return signingKey.sign(message);
  }

  /** The Ed25519 signature (64 bytes, new array) of {@code length} bytes of {@code message} from {@code offset}. */
  public byte[] sign(byte[] message, int offset, int length) {
    return signingKey.sign(message, offset, length);
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  @Override
  public String toString() {
    return "Identity[" + memberKey.shortHex() + "]";
  }
}
