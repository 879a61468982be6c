package io.cairn.lsm.internal.sstable;

import io.cairn.common.Varints;
import java.util.Arrays;

/** A growable byte array that blocks and tables are built in. Not thread-safe. */
final class ByteSink {
  private byte[] bytes;
  private int length;

  ByteSink(int initialBytes) {
    bytes = new byte[Math.max(16, initialBytes)];
  }

  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }

  void reset() {
    length = 0;
  }

  void append(byte[] source, int offset, int count) {
    ensure(count);
    System.arraycopy(source, offset, bytes, length, count);
    length += count;
  }

  void appendByte(int value) {
    ensure(1);
    bytes[length++] = (byte) value;
  }

  void appendVarint(long value) {
    ensure(Varints.MAX_VARINT64_BYTES);
    length = Varints.putVarint64(bytes, length, value);
  }

  void appendFixed32(int value) {
    ensure(4);
    Varints.putFixed32(bytes, length, value);
    length += 4;
  }

  /** Makes room for {@code count} more bytes. */
  void ensure(int count) {
    if (length + count > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
    }
  }

  /** Marks {@code count} bytes written directly into {@link #bytes()} after the length. */
  void advance(int count) {
    length += count;
  }
}
