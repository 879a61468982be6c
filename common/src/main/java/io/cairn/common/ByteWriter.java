package io.cairn.common;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends the fields of a canonical binary encoding to a growable buffer: one byte, fixed-width
 * little-endian integers, unsigned varints (always the shortest form), raw byte strings,
 * length-prefixed byte strings and UTF-8 text, and a masked CRC32C over what was written. The
 * chain's stored and signed encodings and the consensus messages are all written with it, so
 * "canonical" has one meaning across modules: one value, one byte string. The reading side, with
 * its format-specific error reporting, stays with each format.
 *
 * <p>Lengths that do not fit their prefix are a caller's bug (checked by {@code assert}); formats
 * enforce their limits before encoding.
 *
 * <p>Thread-safety: not thread-safe; one writer per encoding. The array returned by {@link
 * #toByteArray()} is owned by the caller: a copy, or, when the writer is exactly full (it was
 * sized right), the writer's own array, which the writer then never writes again (it copies before
 * its next append), so an exactly sized encoding is not copied once more; {@link #buffer()} is the
 * writer's own.
 */
public final class ByteWriter {
  private byte[] buffer;
  private int size;
  /** The buffer was handed out by {@link #toByteArray()}: copy it before the next append. */
  private boolean handedOut;

  /** A writer with room for {@code expectedBytes} before it grows. */
  public ByteWriter(int expectedBytes) {
    buffer = new byte[Math.max(16, expectedBytes)];
  }

  /** Appends one byte (the low 8 bits of {@code value}). */
  public ByteWriter u8(int value) {
    ensure(1);
    buffer[size++] = (byte) value;
    return this;
  }

  /** Appends a boolean as byte 1 or 0. */
  public ByteWriter bool(boolean value) {
    return u8(value ? 1 : 0);
  }

  /** Appends the low 16 bits of {@code value}, little-endian. */
  public ByteWriter u16(int value) {
    ensure(2);
    buffer[size++] = (byte) value;
    buffer[size++] = (byte) (value >>> 8);
    return this;
  }

  /** Appends {@code value}, 4 bytes little-endian. */
  public ByteWriter u32(int value) {
    ensure(4);
    Varints.putFixed32(buffer, size, value);
    size += 4;
    return this;
  }

  /** Appends {@code value}, 8 bytes little-endian. */
  public ByteWriter u64(long value) {
    ensure(8);
    Varints.putFixed64(buffer, size, value);
    size += 8;
    return this;
  }

  /** Appends {@code value} as an unsigned varint, in its shortest (canonical) form. */
  public ByteWriter varint(long value) {
    // Room for exactly this varint: reserving the longest form made an exactly sized buffer grow
    // (and copy the whole encoding) at its last varint.
    ensure(Varints.sizeOf(value));
    size = Varints.putVarint64(buffer, size, value);
    return this;
  }

  /** Appends {@code bytes} as they are (no length). */
  public ByteWriter raw(byte[] bytes) {
    return raw(bytes, 0, bytes.length);
  }

  /** Appends {@code bytes[offset, offset + length)} as they are. */
  public ByteWriter raw(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buffer, size, length);
    size += length;
    return this;
  }

  /**
   * Appends {@code length} bytes for the caller to fill in place (an encoding that writes its own
   * words): returns their offset in {@link #buffer()}, which must be fetched after this call.
   */
  public int advance(int length) {
    ensure(length);
    int at = size;
    size += length;
    return at;
  }

  /** Appends a varint length then {@code bytes}. */
  public ByteWriter bytesVarint(byte[] bytes) {
    return varint(bytes.length).raw(bytes);
  }

  /** Appends a u16 length then {@code bytes} (at most 65,535 bytes). */
  public ByteWriter bytes16(byte[] bytes) {
    assert bytes.length <= 0xffff : bytes.length;
    return u16(bytes.length).raw(bytes);
  }

  /** Appends a u32 length then {@code bytes}. */
  public ByteWriter bytes32(byte[] bytes) {
    return u32(bytes.length).raw(bytes);
  }

  /** Appends a u8 length then the UTF-8 bytes of {@code text} (at most 255 bytes). */
  public ByteWriter string8(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    assert utf8.length <= 0xff : utf8.length;
    return u8(utf8.length).raw(utf8);
  }

  /** Appends a u16 length then the UTF-8 bytes of {@code text} (at most 65,535 bytes). */
  public ByteWriter string16(String text) {
    return bytes16(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Appends the masked CRC32C ({@link Crc32c#mask}) of everything written from {@code from}. */
  public ByteWriter crcFrom(int from) {
    return u32(Crc32c.mask(Crc32c.of(buffer, from, size - from)));
  }

  /**
   * Forgets what was written and keeps the buffer, so one writer encodes value after value without
   * an array each (an array handed out by {@link #toByteArray()} stays the caller's).
   */
  public ByteWriter clear() {
    size = 0;
    return this;
  }

  /** Bytes written so far. */
  public int size() {
    return size;
  }

  /** The bytes written so far, up to {@link #size()}, without copying; valid until the next append. */
  public byte[] buffer() {
    return buffer;
  }

  /**
   * The bytes written, owned by the caller: the writer's own array when it is exactly full (no
   * copy; the writer copies it before any later append), else a copy.
   */
  public byte[] toByteArray() {
    if (size == buffer.length) {
      handedOut = true;
      return buffer;
    }
    return Arrays.copyOf(buffer, size);
  }

  private void ensure(int extra) {
    if (size + extra > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
      handedOut = false;
    } else if (handedOut) {
      buffer = buffer.clone();
      handedOut = false;
    }
  }
}
