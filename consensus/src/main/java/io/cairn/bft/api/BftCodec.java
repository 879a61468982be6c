package io.cairn.bft.api;

import io.cairn.bft.wire.BftDecoder;
import io.cairn.bft.wire.BftEncoder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The canonical binary encoding of {@link BftMessage}s (layout: {@code docs/formats/bft-messages.md}):
 * magic, version, the body, a masked CRC32C. {@code encode(decode(b))} equals {@code b} for every
 * accepted {@code b}. Also the bytes signatures cover, and the digests. Thread-safety: stateless.
 */
public final class BftCodec {
  private BftCodec() {}

  /** The framed encoding of {@code message}. */
  public static byte[] encode(BftMessage message) {
    return BftEncoder.encode(message);
  }

  /**
   * The message encoded in all of {@code bytes}.
   *
   * @throws io.cairn.common.CorruptionException when {@code bytes} is not exactly one canonical message
   */
  public static BftMessage decode(byte[] bytes) {
    return BftDecoder.decode(bytes);
  }

  /** The bytes {@code message}'s signature covers: its body without the signature. */
  public static byte[] signedBytes(BftMessage message) {
    return BftEncoder.signedBytes(message);
  }

  /** SHA-256 of the batch's canonical encoding: what pre-prepares, prepares and commits name. */
  public static byte[] batchDigest(List<Request> batch) {
    return sha256(BftEncoder.batchBytes(batch));
  }

  /** SHA-256 of {@code bytes}. */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always provides SHA-256", e);
    }
  }
}
