package io.cairn.consortium;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a {@link StateUpload} to an HQ node and opens it there, with the JDK only: ephemeral-static
 * X25519 (a fresh sender key per upload, the HQ's static key), HKDF-SHA-256 (RFC 5869, built on the
 * JDK's {@code HmacSHA256}) to derive a one-time AES-256 key and GCM nonce from the shared secret,
 * the ephemeral value and the HQ's public value, and AES-256-GCM with the envelope header (sender,
 * HQ number, ephemeral value) as associated data. A key is used for one message only, so the
 * derived nonce never repeats under a key.
 *
 * <p>Thread-safety: stateless; JDK engines are kept per thread.
 */
public final class UploadCipher {
  private static final byte[] SALT = "cairn consortium upload v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] SESSION_INFO = "session".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int TAG_BITS = 128;
  private static final ThreadLocal<Engines> ENGINES = ThreadLocal.withInitial(Engines::new);

  private UploadCipher() {}

  private static final class Engines {
    final Mac mac;
    final Cipher cipher;
    final KeyAgreement agreement;
    final KeyPairGenerator generator;

    Engines() {
      try {
        mac = Mac.getInstance("HmacSHA256");
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        agreement = KeyAgreement.getInstance("XDH");
        generator = KeyPairGenerator.getInstance("XDH");
        generator.initialize(NamedParameterSpec.X25519);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK provides X25519, HmacSHA256 and AES-GCM", e);
      }
    }
  }

  /** Seals {@code upload} (signed by its enterprise) for the HQ whose X25519 public value is {@code hqPublic}. */
  public static UploadEnvelope seal(StateUpload upload, byte[] hqPublic, SecureRandom random) {
    return seal(upload, upload.enterprise(), hqPublic, random);
  }

  /** Seals {@code upload} under the envelope sender {@code sender} (an honest sender is the upload's enterprise). */
  public static UploadEnvelope seal(StateUpload upload, io.cairn.chain.api.MemberKey sender, byte[] hqPublic,
      SecureRandom random) {
    Engines engines = ENGINES.get();
    try {
      engines.generator.initialize(NamedParameterSpec.X25519, random);
      KeyPair ephemeral = engines.generator.generateKeyPair();
      byte[] ephemeralRaw = littleEndian(((XECPublicKey) ephemeral.getPublic()).getU());
      engines.agreement.init(ephemeral.getPrivate());
      engines.agreement.doPhase(X25519Key.publicKey(hqPublic), true);
      byte[] shared = engines.agreement.generateSecret();
      UploadEnvelope header = new UploadEnvelope(sender, upload.hq(), ephemeralRaw, new byte[0]);
      byte[] ciphertext = crypt(engines, Cipher.ENCRYPT_MODE, shared, ephemeralRaw, hqPublic, header.header(),
          upload.encode());
      return new UploadEnvelope(sender, upload.hq(), ephemeralRaw, ciphertext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing an upload failed", e);
    }
  }

  /** The plaintext of {@code envelope} for {@code hqKey}, or null when it does not authenticate. */
  public static byte[] open(UploadEnvelope envelope, X25519Key hqKey) {
    Engines engines = ENGINES.get();
    try {
      engines.agreement.init(hqKey.privateKey());
      engines.agreement.doPhase(X25519Key.publicKey(envelope.ephemeral()), true);
      byte[] shared = engines.agreement.generateSecret();
      return crypt(engines, Cipher.DECRYPT_MODE, shared, envelope.ephemeral(), hqKey.publicKey(), envelope.header(),
          envelope.ciphertext());
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException | IllegalStateException e) {
      return null; // e.g. an all-zero shared secret from a small-order ephemeral value
    }
  }

  /** The X25519 shared secret of {@code own} and {@code peerPublic}; null for an unusable peer value. */
  static byte[] agree(X25519Key own, byte[] peerPublic) {
    Engines engines = ENGINES.get();
    try {
      engines.agreement.init(own.privateKey());
      engines.agreement.doPhase(X25519Key.publicKey(peerPublic), true);
      return engines.agreement.generateSecret();
    } catch (GeneralSecurityException | IllegalStateException e) {
      return null; // e.g. an all-zero shared secret from a small-order value
    }
  }

  /**
   * A session's AES-256 key and 4-byte nonce prefix (36 bytes): HKDF-SHA-256 of {@code shared} with
   * info {@code "session" || session public value || HQ public value} (docs/formats/consortium.md).
   */
  static byte[] sessionSecret(byte[] shared, byte[] sessionPublic, byte[] hqPublic) {
    try {
      byte[] info = concat(SESSION_INFO, concat(sessionPublic, hqPublic));
      return hkdf(ENGINES.get().mac, shared, info, 36);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK provides HmacSHA256", e);
    }
  }

  /**
   * AES-256-GCM under a session's {@code secret} (key, nonce prefix) with the nonce {@code prefix ||
   * counter} (big-endian): encrypts ({@code encrypt}) or opens, null when it does not authenticate.
   */
  static byte[] sessionCrypt(boolean encrypt, byte[] secret, long counter, byte[] associated, byte[] input) {
    Cipher cipher = ENGINES.get().cipher;
    byte[] nonce = new byte[12];
    System.arraycopy(secret, 32, nonce, 0, 4);
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (counter >>> (56 - 8 * i));
    }
    try {
      cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(secret, 0, 32, "AES"),
          new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associated);
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      if (encrypt) {
        throw new IllegalStateException("sealing an upload failed", e);
      }
      return null;
    }
  }

  private static byte[] crypt(Engines engines, int mode, byte[] shared, byte[] ephemeral, byte[] hqPublic,
      byte[] associated, byte[] input) throws GeneralSecurityException {
    byte[] okm = hkdf(engines.mac, shared, concat(ephemeral, hqPublic), 44);
    engines.cipher.init(mode, new SecretKeySpec(okm, 0, 32, "AES"), new GCMParameterSpec(TAG_BITS, okm, 32, 12));
    engines.cipher.updateAAD(associated);
    return engines.cipher.doFinal(input);
  }

  /** RFC 5869 HKDF-SHA-256: extract with the fixed salt, expand to {@code length} bytes. */
  static byte[] hkdf(Mac mac, byte[] inputKey, byte[] info, int length) throws GeneralSecurityException {
    mac.init(new SecretKeySpec(SALT, "HmacSHA256"));
    byte[] prk = mac.doFinal(inputKey);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    byte[] out = new byte[length];
    byte[] block = new byte[0];
    for (int done = 0, counter = 1; done < length; counter++) {
      mac.update(block);
      mac.update(info);
      mac.update((byte) counter);
      block = mac.doFinal();
      int take = Math.min(block.length, length - done);
      System.arraycopy(block, 0, out, done, take);
      done += take;
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] littleEndian(java.math.BigInteger u) {
    byte[] bigEndian = u.toByteArray();
    byte[] out = new byte[X25519Key.BYTES];
    for (int i = 0; i < Math.min(bigEndian.length, X25519Key.BYTES); i++) {
      out[i] = bigEndian[bigEndian.length - 1 - i];
    }
    return out;
  }
}
