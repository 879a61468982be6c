package io.cairn.chain.crypto;

import io.cairn.common.InvalidArgumentException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 (RFC 8032) through the JDK's provider, with keys in their raw RFC 8032 forms: a 32-byte
 * public key and a 32-byte secret seed. The JDK speaks DER (X.509 SubjectPublicKeyInfo, PKCS#8);
 * for Ed25519 both are a fixed 12- or 16-byte prefix (RFC 8410) followed by the raw key, which is
 * how this class converts.
 *
 * <p>Public keys from outside (a transaction, a block, the network) are raw bytes: {@link
 * #usable(byte[])} and {@link #verify(byte[], byte[], byte[])} screen and decode each key once per
 * process (one cache keyed by the raw bytes, in {@link Ed25519Verifier}), refusing anything that
 * is not the canonical encoding of a curve point of large order (see {@code docs/chain.md},
 * "Keys"). {@link #verify} never throws: any failure is an invalid signature; the check itself runs
 * through BouncyCastle (several times cheaper than the JDK's provider); keys stay on the JDK. The
 * ledger's identities sign through {@link SigningKey} (BouncyCastle, the same signatures, about a
 * fourteenth of the CPU); {@link #sign} remains the JDK's, the reference it is tested against.
 *
 * <p>Thread-safety: every method is safe to call from any thread; {@link Signature} objects are
 * kept one per thread, bound to one provider, and dropped after any failure, so a failure never
 * leaves a broken object behind for the next call on that thread (the JDK's provider-choosing
 * {@code Signature} stays unusable for good when its first key is refused).
 */
public final class Ed25519 {
  /** Bytes of a raw public key. */
  public static final int PUBLIC_KEY_BYTES = 32;
  /** Bytes of a raw secret seed. */
  public static final int SEED_BYTES = 32;
  /** Bytes of a signature. */
  public static final int SIGNATURE_BYTES = 64;

  /** SubjectPublicKeyInfo header for id-Ed25519 (RFC 8410 §4). */
  private static final byte[] X509_PREFIX = hex("302a300506032b6570032100");
  /** PKCS#8 OneAsymmetricKey header for id-Ed25519 with a 32-byte CurvePrivateKey (RFC 8410 §7). */
  private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");

  /** The provider every Ed25519 object comes from (the JDK's SunEC). */
  private static final Provider PROVIDER = provider();

  private static final ThreadLocal<Signature> SIGNATURES = ThreadLocal.withInitial(Ed25519::newSignature);

  private Ed25519() {}

  /** A fresh key pair from the system's strong random source. */
  public static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has Ed25519 since 15", e);
    }
  }

  /** The key pair whose RFC 8032 secret is {@code seed} (32 bytes). */
  public static KeyPair fromSeed(byte[] seed) {
    requireLength(seed, SEED_BYTES, "Ed25519 secret seed");
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      // The JDK's generator draws exactly the 32-byte secret from the random source it is given.
      generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has Ed25519 since 15", e);
    }
  }

  /** The raw 32-byte public key of {@code key}. */
  public static byte[] rawPublicKey(PublicKey key) {
    byte[] encoded = key.getEncoded();
    if (encoded.length != X509_PREFIX.length + PUBLIC_KEY_BYTES
        || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
      throw new InvalidArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
    }
    return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
  }

  /** The raw 32-byte secret seed of {@code key}. */
  public static byte[] seed(PrivateKey key) {
    byte[] encoded = key.getEncoded();
    if (encoded == null || encoded.length != PKCS8_PREFIX.length + SEED_BYTES
        || !Arrays.equals(encoded, 0, PKCS8_PREFIX.length, PKCS8_PREFIX, 0, PKCS8_PREFIX.length)) {
      throw new InvalidArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
    }
    return Arrays.copyOfRange(encoded, PKCS8_PREFIX.length, encoded.length);
  }

  /**
   * The JDK public key for raw bytes {@code raw}.
   *
   * @throws InvalidArgumentException when {@code raw} is not 32 bytes or {@link #decodePublicKey}
   *     refuses it
   */
  public static PublicKey publicKey(byte[] raw) {
    requireLength(raw, PUBLIC_KEY_BYTES, "Ed25519 public key");
    PublicKey key = decodePublicKey(raw);
    if (key == null) {
      String weakness = WeakKeys.weakness(raw);
      throw new InvalidArgumentException("not a valid Ed25519 public key: "
          + (weakness != null ? weakness : "not a point on the curve"));
    }
    return key;
  }

  /**
   * The JDK public key for {@code raw}, decoded and checked: null when {@code raw} is not 32 bytes,
   * not the canonical encoding of a curve point (y at or above the field prime, x = 0 with its sign
   * bit set, no square root), or one of the eight points of small order. Never throws. Not cached:
   * the ledger's checks go through {@link #usable(byte[])} and {@link #verify(byte[], byte[],
   * byte[])}, whose one cache ({@link Ed25519Verifier}) calls this once per key.
   */
  public static PublicKey decodePublicKey(byte[] raw) {
    if (raw == null || raw.length != PUBLIC_KEY_BYTES || WeakKeys.weakness(raw) != null) {
      return null;
    }
    try {
      PublicKey key = KeyFactory.getInstance("Ed25519", PROVIDER)
          .generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw)));
      // The provider decodes the point only here: a key it cannot decode fails now.
      SIGNATURES.get().initVerify(key);
      return key;
    } catch (GeneralSecurityException | RuntimeException e) {
      SIGNATURES.remove();
      return null;
    }
  }

  /**
   * Whether {@code raw} can sign: 32 bytes that {@link #decodePublicKey} accepts (screened once per
   * process and remembered). Never throws.
   */
  public static boolean usable(byte[] raw) {
    return Ed25519Verifier.usable(raw);
  }

  /** The JDK private key for a PKCS#8 DER encoding (as found in a PEM key file). */
  public static PrivateKey privateKeyFromPkcs8(byte[] der) {
    try {
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new InvalidArgumentException("not an Ed25519 PKCS#8 private key", e);
    }
  }

  /** The Ed25519 signature (64 bytes) of {@code message} by {@code key}. */
  public static byte[] sign(PrivateKey key, byte[] message) {
    Signature signature = SIGNATURES.get();
    try {
      signature.initSign(key);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      SIGNATURES.remove();
      throw new InvalidArgumentException("cannot sign with this key: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      SIGNATURES.remove();
      throw e;
    }
  }

  /**
   * Whether {@code signatureBytes} is a valid signature of {@code message} by {@code key}. Never
   * throws: any malformed input (wrong length, non-canonical encoding, a key that is not Ed25519)
   * is simply invalid. The check runs in {@link Ed25519Verifier}, which keeps no per-thread state,
   * so a failed check cannot affect a later one.
   */
  public static boolean verify(PublicKey key, byte[] message, byte[] signatureBytes) {
    if (key == null) {
      return false;
    }
    byte[] raw;
    try {
      raw = rawPublicKey(key);
    } catch (RuntimeException e) {
      return false;
    }
    return verify(raw, message, signatureBytes);
  }

  /**
   * Whether {@code signatureBytes} is a valid signature of {@code message} by the raw 32-byte
   * public key {@code rawKey}: false for a key that is not {@link #usable(byte[]) usable} and for
   * any malformed input. Never throws, keeps no per-thread state. The key is screened and decoded
   * once per process ({@link Ed25519Verifier}'s cache, keyed by the raw bytes); the check runs
   * through BouncyCastle, whose check cost about a sixth of the JDK's.
   */
  public static boolean verify(byte[] rawKey, byte[] message, byte[] signatureBytes) {
    return Ed25519Verifier.verify(rawKey, message, signatureBytes);
  }

  private static Signature newSignature() {
    try {
      return Signature.getInstance("Ed25519", PROVIDER);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has Ed25519 since 15", e);
    }
  }

  private static Provider provider() {
    try {
      return KeyFactory.getInstance("Ed25519").getProvider();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has Ed25519 since 15", e);
    }
  }

  private static void requireLength(byte[] bytes, int length, String what) {
    if (bytes == null || bytes.length != length) {
      throw new InvalidArgumentException(
          what + " must be " + length + " bytes, was " + (bytes == null ? "null" : bytes.length));
    }
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] out = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, out, first.length, second.length);
    return out;
  }

  private static byte[] hex(String text) {
    return java.util.HexFormat.of().parseHex(text);
  }

  /** A "random" source that hands out one fixed seed: how a key pair is rebuilt from its secret. */
  private static final class FixedBytes extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;
    private boolean used;

    FixedBytes(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] target) {
      if (used || target.length != bytes.length) {
        throw new IllegalStateException("the Ed25519 generator asked for unexpected randomness");
      }
      used = true;
      System.arraycopy(bytes, 0, target, 0, target.length);
    }
  }
}
