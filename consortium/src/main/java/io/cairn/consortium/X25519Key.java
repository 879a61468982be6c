package io.cairn.consortium;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An HQ node's X25519 encryption key pair (JDK {@code XDH}), kept as its RFC 7748 32-byte secret
 * and public value. Enterprises seal uploads to the public value ({@link UploadCipher}).
 *
 * <p>Thread-safety: immutable.
 */
public final class X25519Key {
  static final int BYTES = 32;

  private final PrivateKey privateKey;
  private final byte[] publicRaw;

  private X25519Key(byte[] secret) {
    try {
      KeyFactory factory = KeyFactory.getInstance("XDH");
      this.privateKey = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, secret.clone()));
      this.publicRaw = publicFromSecret(secret);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK provides X25519", e);
    }
  }

  /** The key pair whose RFC 7748 secret is {@code secret} (32 bytes). */
  public static X25519Key fromSecret(byte[] secret) {
    if (secret.length != BYTES) {
      throw new io.cairn.common.InvalidArgumentException("an X25519 secret is 32 bytes, got " + secret.length);
    }
    return new X25519Key(secret);
  }

  /** A new key pair from {@code random}. */
  public static X25519Key generate(SecureRandom random) {
    byte[] secret = new byte[BYTES];
    random.nextBytes(secret);
    return new X25519Key(secret);
  }

  /** The 32-byte public value (u-coordinate, little-endian). */
  public byte[] publicKey() {
    return publicRaw.clone();
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  /** The u-coordinate of the base point multiplied by {@code secret}: agreement with u = 9. */
  private static byte[] publicFromSecret(byte[] secret) throws GeneralSecurityException {
    javax.crypto.KeyAgreement agreement = javax.crypto.KeyAgreement.getInstance("XDH");
    KeyFactory factory = KeyFactory.getInstance("XDH");
    agreement.init(factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, secret.clone())));
    agreement.doPhase(publicKey(basePoint()), true);
    return agreement.generateSecret();
  }

  private static byte[] basePoint() {
    byte[] nine = new byte[BYTES];
    nine[0] = 9;
    return nine;
  }

  /** The JDK public key of the 32-byte little-endian u-coordinate {@code raw}. */
  static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
    byte[] bigEndian = new byte[BYTES];
    for (int i = 0; i < BYTES; i++) {
      bigEndian[i] = raw[BYTES - 1 - i];
    }
    bigEndian[0] &= 0x7f; // RFC 7748 §5: the top bit of the last byte is ignored
    return FACTORY.get().generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, bigEndian)));
  }

  /** One key factory per thread: looking one up costs more than decoding a key. */
  private static final ThreadLocal<KeyFactory> FACTORY = ThreadLocal.withInitial(() -> {
    try {
      return KeyFactory.getInstance("XDH");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK provides X25519", e);
    }
  });

  @Override
  public boolean equals(Object other) {
    return other instanceof X25519Key k && Arrays.equals(publicRaw, k.publicRaw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicRaw);
  }

  @Override
  public String toString() {
    return "X25519[" + HexFormat.of().formatHex(publicRaw, 0, 6) + "]";
  }
}
