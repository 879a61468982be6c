package io.cairn.chain.dag;

import io.cairn.common.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The identity of a DAG block or transaction: opaque bytes that stand for a hash. Ids compare as
 * unsigned bytes, lexicographically, which is how conflux-rust compares its 32-byte block hashes
 * ({@code H256}, big-endian); an id made from text ({@link #ofText}) holds its UTF-8 bytes, so text
 * ids compare in code point order (for ASCII ids: exactly as {@code String.compareTo}).
 *
 * <p>Thread-safety: immutable; arrays are copied in and out.
 */
public final class DagId implements Comparable<DagId> {
  /** The longest id, in bytes (a hash is 32; text ids are kept short too). */
  public static final int BYTES_MAX = 255;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;
  private final int hash;

  private DagId(byte[] bytes) {
    if (bytes.length == 0 || bytes.length > BYTES_MAX) {
      throw new InvalidArgumentException("an id is 1.." + BYTES_MAX + " bytes, got " + bytes.length);
    }
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** The id held in {@code bytes} (copied). */
  public static DagId of(byte[] bytes) {
    return new DagId(bytes.clone());
  }

  /** Wraps a fresh array the caller never touches again. */
  static DagId wrap(byte[] bytes) {
    return new DagId(bytes);
  }

  /** The id whose bytes are the UTF-8 of {@code text}. */
  public static DagId ofText(String text) {
    if (text == null) {
      throw new InvalidArgumentException("an id must not be null");
    }
    return new DagId(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A copy of the bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Number of bytes. */
  public int length() {
    return bytes.length;
  }

  /** The bytes themselves, for encoders in this package that only read them. */
  byte[] shared() {
    return bytes;
  }

  /** The bytes read as UTF-8 (the text of a text id). */
  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The bytes as lowercase hex. */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public int compareTo(DagId other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DagId other && hash == other.hash && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** The text when the bytes are printable ASCII, else the hex. */
  @Override
  public String toString() {
    for (byte b : bytes) {
      if (b < 0x20 || b > 0x7e) {
        return hex();
      }
    }
    return text();
  }
}
