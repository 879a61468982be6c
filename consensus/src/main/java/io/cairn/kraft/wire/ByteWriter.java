package io.cairn.kraft.wire;

import io.cairn.common.Varints;
import io.cairn.kraft.api.NodeId;
import java.util.Arrays;

/**
 * A growable byte buffer with the primitive writers of Cairn's consensus encodings: unsigned
 * varints, fixed 32-bit little-endian words, booleans as one byte 0/1, length-prefixed byte
 * strings and 32-byte node identifiers.
 *
 * <p>Thread-safety: not thread-safe; one writer per encoding.
 */
public final class ByteWriter {
  private byte[] buffer;
  private int size;

  /** A writer with room for {@code initialBytes} before it grows. */
  public ByteWriter(int initialBytes) {
    buffer = new byte[Math.max(16, initialBytes)];
  }

  /** Appends one byte. */
  public ByteWriter u8(int value) {
    ensure(1);
    buffer[size++] = (byte) value;
    return this;
  }

  /** Appends a boolean as byte 1 or 0. */
  public ByteWriter bool(boolean value) {
    return u8(value ? 1 : 0);
  }

  /** Appends {@code value} as an unsigned varint (canonical: shortest form). */
  public ByteWriter varint(long value) {
    ensure(Varints.MAX_VARINT64_BYTES);
    size = Varints.putVarint64(buffer, size, value);
    return this;
  }

  /** Appends {@code value} as 4 little-endian bytes. */
  public ByteWriter fixed32(int value) {
    ensure(4);
    Varints.putFixed32(buffer, size, value);
    size += 4;
    return this;
  }

  /** Appends a varint length then the bytes. */
  public ByteWriter bytes(byte[] value) {
    varint(value.length);
    return raw(value, 0, value.length);
  }

  /** Appends bytes without a length. */
  public ByteWriter raw(byte[] value, int offset, int length) {
    ensure(length);
    System.arraycopy(value, offset, buffer, size, length);
    size += length;
    return this;
  }

  /** Appends the identifier's 32 bytes. */
  public ByteWriter nodeId(NodeId id) {
    ensure(NodeId.BYTES);
    size = id.writeTo(buffer, size);
    return this;
  }

  /** Appends flag byte 0 for null, else 1 and the identifier. */
  public ByteWriter optionalNodeId(NodeId id) {
    if (id == null) {
      return u8(0);
    }
    u8(1);
    return nodeId(id);
  }

  /** Bytes written so far. */
  public int size() {
    return size;
  }

  /** The internal buffer (valid up to {@link #size()}); used to checksum in place. */
  public byte[] buffer() {
    return buffer;
  }

  /** A copy of the bytes written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }
}
