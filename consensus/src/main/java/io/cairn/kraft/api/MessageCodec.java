package io.cairn.kraft.api;

import io.cairn.kraft.wire.MessageDecoder;
import io.cairn.kraft.wire.MessageEncoder;

/**
 * The canonical binary encoding of {@link Message}s for the network (layout: {@code
 * docs/formats/kraft-message.md}): a magic number, a version, the type, the fields and a masked
 * CRC32C. Every message has exactly one encoding and {@link #decode} accepts nothing else, so
 * {@code encode(decode(b))} equals {@code b} for every accepted {@code b}.
 *
 * <p>Thread-safety: stateless.
 */
public final class MessageCodec {
  private MessageCodec() {}

  /** The encoding of {@code message} (a new array owned by the caller). */
  public static byte[] encode(Message message) {
    return MessageEncoder.encode(message);
  }

  /**
   * The message encoded in all of {@code bytes}.
   *
   * @throws io.cairn.common.CorruptionException when {@code bytes} is not exactly one canonical message
   */
  public static Message decode(byte[] bytes) {
    return MessageDecoder.decode(bytes);
  }

  /** {@code encode(message).length}, computed without building the encoding. */
  public static int encodedSize(Message message) {
    return MessageEncoder.encodedSize(message);
  }
}
