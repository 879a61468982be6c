package io.cairn.chain.codec;

import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Reads the fields of a canonical encoding from a byte range with every bound checked: a field
 * that runs past the end, a bad magic, version, length, CRC32C or UTF-8 string, or bytes left
 * over at the end, raise a {@link CorruptionException} that names the object and the offset,
 * never an index error and never a wrong value.
 *
 * <p>Thread-safety: not thread-safe. Arrays returned are new copies owned by the caller.
 */
public final class ByteReader {
  private final byte[] bytes;
  private final int start;
  private final int limit;
  private final Supplier<String> what;
  private int position;

  /** Reads {@code bytes[offset, offset + length)}; {@code what} names the object in errors. */
  public ByteReader(byte[] bytes, int offset, int length, String what) {
    this(bytes, offset, length, () -> what);
  }

  /**
   * Reads {@code bytes[offset, offset + length)}; {@code what} names the object in errors and is
   * only called when there is one (hot paths avoid formatting names of objects that decode fine).
   */
  public ByteReader(byte[] bytes, int offset, int length, Supplier<String> what) {
    if (offset < 0 || length < 0 || offset + length > bytes.length || offset + length < 0) {
      throw new CorruptionException(what.get() + ": range [" + offset + ", +" + length + ") is outside the input");
    }
    this.bytes = bytes;
    this.start = offset;
    this.limit = offset + length;
    this.what = what;
    this.position = offset;
  }

  /** Reads all of {@code bytes}. */
  public ByteReader(byte[] bytes, String what) {
    this(bytes, 0, bytes.length, what);
  }

  /** Reads all of {@code bytes}, naming the object lazily. */
  public ByteReader(byte[] bytes, Supplier<String> what) {
    this(bytes, 0, bytes.length, what);
  }

  /** Offset of the next byte, relative to the start of the range. */
  public int offset() {
    return position - start;
  }

  /** Bytes left to read. */
  public int remaining() {
    return limit - position;
  }

  /** The next byte, unsigned. */
  public int u8(String field) {
    need(1, field);
    return bytes[position++] & 0xff;
  }

  /** The next two bytes, little-endian, unsigned. */
  public int u16(String field) {
    need(2, field);
    int value = (bytes[position] & 0xff) | (bytes[position + 1] & 0xff) << 8;
    position += 2;
    return value;
  }

  /** The next four bytes, little-endian (a Java int; callers check the sign where it matters). */
  public int u32(String field) {
    need(4, field);
    int value = Varints.getFixed32(bytes, position);
    position += 4;
    return value;
  }

  /** The next eight bytes, little-endian. */
  public long u64(String field) {
    need(8, field);
    long value = Varints.getFixed64(bytes, position);
    position += 8;
    return value;
  }

  /** A copy of the next {@code length} bytes. */
  public byte[] raw(int length, String field) {
    need(length, field);
    byte[] out = Arrays.copyOfRange(bytes, position, position + length);
    position += length;
    return out;
  }

  /** A copy of the bytes from relative offset {@code from} up to the current position. */
  public byte[] copyFrom(int from) {
    assert from >= 0 && start + from <= position : from;
    return Arrays.copyOfRange(bytes, start + from, position);
  }

  /** Skips {@code length} bytes (checked). */
  public void skip(int length, String field) {
    need(length, field);
    position += length;
  }

  /** A u8-length-prefixed UTF-8 string of {@code minBytes..255} bytes, strictly decoded. */
  public String string8(int minBytes, String field) {
    return utf8(lengthU8(field), minBytes, field);
  }

  /**
   * {@link #string8(int, String)} that returns {@code same} (when not null) instead of a new string
   * when the bytes are its ASCII encoding: the entries of one transaction name one store, so a
   * decoder passes the previous entry's and allocates nothing for it. The checks are the same.
   */
  public String string8(int minBytes, String field, String same) {
    int length = lengthU8(field);
    if (same != null && length == same.length() && length >= minBytes && remaining() >= length
        && asciiOf(same, position)) {
      position += length;
      return same;
    }
    return utf8(length, minBytes, field);
  }

  /** Whether the bytes at {@code from} are {@code text}'s ASCII encoding (text.length() bytes are there). */
  private boolean asciiOf(String text, int from) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80 || bytes[from + i] != (byte) c) {
        return false;
      }
    }
    return true;
  }

  /** A u16-length-prefixed UTF-8 string of {@code minBytes..65,535} bytes, strictly decoded. */
  public String string16(int minBytes, String field) {
    return utf8(lengthU16(field), minBytes, field);
  }

  private boolean ascii(int from, int length) {
    for (int i = from; i < from + length; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }

  private String utf8(int length, int minBytes, String field) {
    if (length < minBytes) {
      throw error(field + " is " + length + " bytes, at least " + minBytes + " required");
    }
    need(length, field);
    if (ascii(position, length)) {
      // ASCII is valid UTF-8 that decodes to the same characters: no decoder needed (store names, keys).
      String text = new String(bytes, position, length, StandardCharsets.US_ASCII);
      position += length;
      return text;
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, position, length))
          .toString();
      position += length;
      return text;
    } catch (CharacterCodingException e) {
      throw error(field + " is not valid UTF-8");
    }
  }

  /** Checks the next 4 bytes equal {@code magic} (little-endian). */
  public void magic(int magic) {
    int found = u32("magic");
    if (found != magic) {
      throw new CorruptionException(String.format(
          "%s at offset %d: bad magic 0x%08x, expected 0x%08x", what.get(), offset() - 4, found, magic));
    }
  }

  /** Checks the next byte is a version this code reads (exactly {@code version}). */
  public int version(int version) {
    int found = u8("version");
    if (found != version) {
      throw error("unsupported version " + found + " (this build reads version " + version + ")");
    }
    return found;
  }

  /**
   * Reads a masked CRC32C and checks it against the bytes from relative offset {@code from} up
   * to the CRC itself.
   */
  public void crcFrom(int from) {
    int end = position;
    int stored = u32("crc32c");
    int actual = Crc32c.mask(Crc32c.of(bytes, start + from, end - start - from));
    if (stored != actual) {
      throw new CorruptionException(String.format(
          "%s at offset %d: crc32c mismatch (stored 0x%08x, computed 0x%08x)", what.get(), end - start, stored, actual));
    }
  }

  /** Checks every byte was consumed: a canonical encoding has no trailing bytes. */
  public void expectEnd() {
    if (position != limit) {
      throw error((limit - position) + " trailing bytes after the end");
    }
  }

  /** A {@link LimitExceededException} naming the object, the current offset and the size. */
  public LimitExceededException overLimit(String problem) {
    return new LimitExceededException(what.get() + " at offset " + offset() + ": " + problem);
  }

  /** A {@link CorruptionException} naming the object, the current offset and {@code problem}. */
  public CorruptionException error(String problem) {
    return new CorruptionException(what.get() + " at offset " + offset() + ": " + problem);
  }

  /**
   * {@code u8(field + " length")} without building that name unless the read fails: a string's
   * length prefix is read for every entry a block decodes.
   */
  private int lengthU8(String field) {
    if (limit - position < 1) {
      need(1, field + " length");
    }
    return bytes[position++] & 0xff;
  }

  /** {@code u16(field + " length")}, the name built only when the read fails (see {@link #lengthU8}). */
  private int lengthU16(String field) {
    if (limit - position < 2) {
      need(2, field + " length");
    }
    return u16(field);
  }

  private void need(int length, String field) {
    if (length < 0 || length > limit - position) {
      throw error("truncated: " + field + " needs " + length + " bytes, " + (limit - position) + " left");
    }
  }
}
