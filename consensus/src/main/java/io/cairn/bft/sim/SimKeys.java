package io.cairn.bft.sim;

import io.cairn.bft.api.Signer;
import io.cairn.bft.api.Verifier;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * Fast stand-in signatures for long simulator sweeps: replica r signs with SHA-512(secret_r ||
 * payload), 64 bytes like Ed25519. Unforgeable inside the simulator, because a Byzantine replica
 * only ever holds its own {@link Signer}; the verifier plays the trusted public-key directory.
 * {@link Ed25519Keys} is the real thing; the virtual-time cost model charges Ed25519's costs either way.
 */
public final class SimKeys implements KeyRing, Verifier {
  private final byte[][] secrets;
  private final byte[] admission = new byte[32];

  public SimKeys(int replicas, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x5EC2E75L);
    secrets = new byte[replicas][32];
    for (byte[] secret : secrets) {
      random.nextBytes(secret);
    }
    new SplittableRandom(seed ^ 0xAD3155L).nextBytes(admission);
  }

  @Override
  public Signer admission() {
    byte[] secret = admission.clone();
    return payload -> mac(secret, payload);
  }

  /** The stand-in public identity: SHA-512 of the replica's number under a public label, 32 bytes. */
  @Override
  public byte[] identity(int replica) {
    return java.util.Arrays.copyOf(mac("identity".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        ByteBuffer.allocate(4).putInt(replica).array()), 32);
  }

  @Override
  public boolean verifyAdmission(byte[] payload, byte[] signature) {
    return signature.length == 64 && MessageDigest.isEqual(mac(admission, payload), signature);
  }

  @Override
  public Signer signer(int replica) {
    byte[] secret = secrets[replica].clone();
    return payload -> mac(secret, payload);
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
    return replica >= 0 && replica < secrets.length && signature.length == 64
        && MessageDigest.isEqual(mac(secrets[replica], payload), signature);
  }

  private static byte[] mac(byte[] secret, byte[] payload) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-512");
      sha.update(secret);
      sha.update(ByteBuffer.allocate(4).putInt(payload.length).array());
      return sha.digest(payload);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always provides SHA-512", e);
    }
  }
}
