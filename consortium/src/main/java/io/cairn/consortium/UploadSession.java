package io.cairn.consortium;

import io.cairn.chain.api.MemberKey;
import java.security.SecureRandom;

/**
 * An enterprise's side of a session with its HQ node: a fresh X25519 key for the session, one
 * agreement with the HQ's public value, and from it (HKDF-SHA-256) an AES-256 key and a nonce
 * prefix; each upload is then sealed with AES-256-GCM under the nonce {@code prefix || counter},
 * the counter counting 1, 2, 3, ... so no nonce repeats under the key. The HQ opens it with
 * {@link SessionKeys}. Format and replay protection: docs/formats/consortium.md.
 *
 * <p>Thread-safety: {@link #seal} is synchronized (the counter orders the uploads; an HQ refuses a
 * counter that is not above the last it opened in the session).
 */
public final class UploadSession {
  private final MemberKey sender;
  private final int hq;
  private final byte[] sessionPublic;
  private final byte[] secret;
  private long counter;

  /** A new session of {@code sender} with HQ {@code hq} whose X25519 public value is {@code hqPublic}. */
  public UploadSession(MemberKey sender, int hq, byte[] hqPublic, SecureRandom random) {
    X25519Key key = X25519Key.generate(random);
    byte[] shared = UploadCipher.agree(key, hqPublic);
    if (shared == null) {
      throw new io.cairn.common.InvalidArgumentException("the HQ's X25519 public value is not usable");
    }
    this.sender = sender;
    this.hq = hq;
    this.sessionPublic = key.publicKey();
    this.secret = UploadCipher.sessionSecret(shared, sessionPublic, hqPublic);
  }

  /** Seals {@code upload} (signed by its enterprise) as the session's next envelope. */
  public synchronized SessionEnvelope seal(StateUpload upload) {
    long next = ++counter;
    SessionEnvelope header = new SessionEnvelope(sender, hq, sessionPublic, next, new byte[0]);
    byte[] ciphertext = UploadCipher.sessionCrypt(true, secret, next, header.header(), upload.encode());
    return new SessionEnvelope(sender, hq, sessionPublic, next, ciphertext);
  }

  /** Uploads sealed so far. */
  public synchronized long counter() {
    return counter;
  }
}
