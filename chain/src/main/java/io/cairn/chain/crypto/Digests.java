package io.cairn.chain.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Standard SHA-256 from the JDK, one {@link MessageDigest} per thread so hot paths (anchoring,
 * verification, Merkle proofs) never allocate or look up a provider per hash.
 *
 * <p>Thread-safety: every method uses the calling thread's own digest; the digest returned by
 * {@link #sha256()} must not be handed to another thread.
 */
public final class Digests {
  /** Bytes of a SHA-256 digest. */
  public static final int SHA256_BYTES = 32;

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Digests::newSha256);

  private Digests() {}

  /** This thread's SHA-256 digest, reset and ready for {@code update} calls. */
  public static MessageDigest sha256() {
    MessageDigest digest = SHA256.get();
    digest.reset();
    return digest;
  }

  /** SHA-256 of {@code data}: 32 new bytes owned by the caller. */
  public static byte[] sha256(byte[] data) {
    return sha256().digest(data);
  }

  /** SHA-256 of {@code data[offset, offset + length)}. */
  public static byte[] sha256(byte[] data, int offset, int length) {
    MessageDigest digest = sha256();
    digest.update(data, offset, length);
    return digest.digest();
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java SE runtime has SHA-256", e);
    }
  }
}
