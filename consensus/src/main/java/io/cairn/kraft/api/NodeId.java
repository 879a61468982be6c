package io.cairn.kraft.api;

import io.cairn.common.ByteWriter;
import io.cairn.common.InvalidArgumentException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A node's 256-bit Kademlia identifier: the SHA-256 of the node's public key. The four words hold
 * the digest big-endian ({@code w0} is bytes 0..7), so comparing words as unsigned longs in order
 * compares the identifiers as 256-bit unsigned numbers, which is also the order Kademlia's XOR
 * metric needs.
 *
 * <p>Thread-safety: immutable.
 *
 * @param w0 bits 255..192
 * @param w1 bits 191..128
 * @param w2 bits 127..64
 * @param w3 bits 63..0
 */
public record NodeId(long w0, long w1, long w2, long w3) implements Comparable<NodeId> {
  /** Width of an identifier in bytes. */
  public static final int BYTES = 32;

  /**
   * The identifier of the node holding {@code publicKey}: SHA-256 of the key's encoded bytes.
   *
   * @throws InvalidArgumentException when {@code publicKey} is empty
   */
  public static NodeId fromPublicKey(byte[] publicKey) {
    if (publicKey == null || publicKey.length == 0) {
      throw new InvalidArgumentException("a node's public key must not be empty");
    }
    try {
      return fromBytes(MessageDigest.getInstance("SHA-256").digest(publicKey), 0);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  /**
   * The identifier whose 32 big-endian bytes start at {@code offset}.
   *
   * @throws ArrayIndexOutOfBoundsException when fewer than 32 bytes follow {@code offset}
   */
  public static NodeId fromBytes(byte[] bytes, int offset) {
    return new NodeId(
        word(bytes, offset), word(bytes, offset + 8), word(bytes, offset + 16), word(bytes, offset + 24));
  }

  /** Writes the 32 big-endian bytes at {@code offset}; returns the offset after them. */
  public int writeTo(byte[] target, int offset) {
    putWord(target, offset, w0);
    putWord(target, offset + 8, w1);
    putWord(target, offset + 16, w2);
    putWord(target, offset + 24, w3);
    return offset + BYTES;
  }

  /** Appends the 32 big-endian bytes to {@code writer}; returns the writer. */
  public ByteWriter writeTo(ByteWriter writer) {
    int at = writer.advance(BYTES);
    writeTo(writer.buffer(), at);
    return writer;
  }

  /** Appends flag byte 0 for a null {@code id}, else 1 and its 32 bytes. */
  public static ByteWriter writeOptional(ByteWriter writer, NodeId id) {
    return id == null ? writer.u8(0) : id.writeTo(writer.u8(1));
  }

  /** The 32 big-endian bytes. */
  public byte[] toBytes() {
    byte[] bytes = new byte[BYTES];
    writeTo(bytes, 0);
    return bytes;
  }

  /** Unsigned numeric order of the 256-bit values. */
  @Override
  public int compareTo(NodeId other) {
    int c = Long.compareUnsigned(w0, other.w0);
    if (c == 0) {
      c = Long.compareUnsigned(w1, other.w1);
    }
    if (c == 0) {
      c = Long.compareUnsigned(w2, other.w2);
    }
    if (c == 0) {
      c = Long.compareUnsigned(w3, other.w3);
    }
    return c;
  }

  /** The first 8 hex digits, enough to tell nodes apart in logs and traces. */
  @Override
  public String toString() {
    return String.format("%08x", w0 >>> 32);
  }

  /** All 64 hex digits. */
  public String toHex() {
    return String.format("%016x%016x%016x%016x", w0, w1, w2, w3);
  }

  private static long word(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xFF);
    }
    return value;
  }

  private static void putWord(byte[] target, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      target[offset + i] = (byte) value;
      value >>>= 8;
    }
  }
}
