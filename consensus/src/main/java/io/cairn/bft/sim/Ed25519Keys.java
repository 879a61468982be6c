package io.cairn.bft.sim;

import io.cairn.bft.api.Signer;
import io.cairn.bft.api.Verifier;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;

/**
 * Real Ed25519 keys from the JDK ({@code java.security}), generated deterministically from a seed,
 * for tests and simulator runs that exercise true signatures. The node does not use this class: it
 * wires in the members' Ed25519 keys that {@code chain} already manages (docs/bft.md §5).
 */
public final class Ed25519Keys implements KeyRing, Verifier {
  private final KeyPair[] pairs;
  private final PublicKey[] publicKeys;
  private final KeyPair admission;

  public Ed25519Keys(int replicas, long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(ByteBuffer.allocate(8).putLong(seed).array());
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, random);
      pairs = new KeyPair[replicas];
      publicKeys = new PublicKey[replicas];
      for (int i = 0; i < replicas; i++) {
        pairs[i] = generator.generateKeyPair();
        publicKeys[i] = pairs[i].getPublic();
      }
      admission = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK provides Ed25519", e);
    }
  }

  @Override
  public Signer signer(int replica) {
    KeyPair pair = pairs[replica];
    return payload -> sign(pair, payload);
  }

  private static byte[] sign(KeyPair pair, byte[] payload) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(pair.getPrivate());
      signature.update(payload);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  @Override
  public Signer admission() {
    return payload -> sign(admission, payload);
  }

  /** The X.509 encoding's last 32 bytes: the raw Ed25519 public key. */
  @Override
  public byte[] identity(int replica) {
    byte[] encoded = publicKeys[replica].getEncoded();
    return java.util.Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
  }

  @Override
  public boolean verifyAdmission(byte[] payload, byte[] signature) {
    return check(admission.getPublic(), payload, signature);
  }

  @Override
  public Verifier verifier() {
    return this;
  }

  @Override
  public int signatureBytes() {
    return 64;
  }

  @Override
  public boolean verify(int replica, byte[] payload, byte[] signature) {
    return replica >= 0 && replica < publicKeys.length && check(publicKeys[replica], payload, signature);
  }

  private static boolean check(PublicKey key, byte[] payload, byte[] signature) {
    try {
      Signature check = Signature.getInstance("Ed25519");
      check.initVerify(key);
      check.update(payload);
      return check.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
