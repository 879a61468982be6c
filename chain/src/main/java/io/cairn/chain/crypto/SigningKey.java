package io.cairn.chain.crypto;

import io.cairn.common.InvalidArgumentException;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * An Ed25519 secret key that signs through BouncyCastle: pure Ed25519 (RFC 8032 §5.1.6, no
 * context), so the signature of a message is a function of the key and the message alone and
 * equals, byte for byte, what the JDK's provider ({@link Ed25519#sign}) gives for the same seed
 * (tested on RFC 8032's vectors and on random keys and messages). A JDK signature spent most of
 * its time in the provider's generic field arithmetic: 12% of the anchoring path's CPU in {@code
 * bench chain} was the two signatures of each block (docs/chain.md, issue 15's sixth round).
 *
 * <p>Thread-safety: immutable; {@link #sign} may be called from any thread (BouncyCastle's key
 * parameters hold the seed and its public key, computed once, and nothing per call).
 */
public final class SigningKey {
  /** BouncyCastle's code for pure Ed25519 ({@code Ed25519.Algorithm.Ed25519}). */
  private static final int PURE_ED25519 = 0;

  private final Ed25519PrivateKeyParameters key;

  private SigningKey(Ed25519PrivateKeyParameters key) {
    this.key = key;
  }

  /**
   * The key whose RFC 8032 secret is {@code seed} (32 bytes, copied).
   *
   * @throws InvalidArgumentException when {@code seed} is not 32 bytes
   */
  public static SigningKey fromSeed(byte[] seed) {
    if (seed == null || seed.length != Ed25519.SEED_BYTES) {
      throw new InvalidArgumentException("an Ed25519 secret seed is " + Ed25519.SEED_BYTES + " bytes, was "
          + (seed == null ? "null" : seed.length));
    }
    Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(seed, 0);
    key.generatePublicKey(); // computed once here, reused by every signature
    return new SigningKey(key);
  }

  /** The raw 32-byte public key. */
  public byte[] publicKey() {
    Ed25519PublicKeyParameters publicKey = key.generatePublicKey();
    return publicKey.getEncoded();
  }

  /** The signature (64 bytes, new array) of {@code message}. */
  public byte[] sign(byte[] message) {
    return sign(message, 0, message.length);
  }

  /** The signature (64 bytes, new array) of {@code length} bytes of {@code message} from {@code offset}. */
  public byte[] sign(byte[] message, int offset, int length) {
    byte[] signature = new byte[Ed25519.SIGNATURE_BYTES];
    key.sign(PURE_ED25519, null, message, offset, length, signature, 0);
    return signature;
  }
}
