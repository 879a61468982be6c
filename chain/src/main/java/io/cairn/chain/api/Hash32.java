package io.cairn.chain.api;

import io.cairn.common.InvalidArgumentException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte hash: a record key, a block hash, a Merkle root. Compared by value; printed and parsed
 * as 64 lowercase hex digits.
 *
 * <p>Thread-safety: immutable. Arrays passed in are copied; {@link #bytes()} returns a copy.
 */
public final class Hash32 implements Comparable<Hash32> {
  /** Bytes of a hash. */
  public static final int BYTES = 32;
  /** The all-zero hash. */
  public static final Hash32 ZERO = new Hash32(new byte[BYTES]);

  private static final HexFormat HEX = HexFormat.of();
  private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] bytes;

  private Hash32(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * The hash held in {@code bytes} (copied).
   *
   * @throws InvalidArgumentException when {@code bytes} is not 32 bytes long
   */
  public static Hash32 of(byte[] bytes) {
    if (bytes == null || bytes.length != BYTES) {
      throw new InvalidArgumentException(
          "a hash is 32 bytes, got " + (bytes == null ? "null" : bytes.length));
    }
    return new Hash32(bytes.clone());
  }

  /** The hash at {@code source[offset, offset + 32)} (copied). */
  public static Hash32 of(byte[] source, int offset) {
    return new Hash32(Arrays.copyOfRange(source, offset, offset + BYTES));
  }

  /** Wraps {@code bytes} without copying: for arrays freshly made by a digest and never shared. */
  static Hash32 wrap(byte[] bytes) {
    assert bytes.length == BYTES;
    return new Hash32(bytes);
  }

  /**
   * Parses 64 hex digits (either case).
   *
   * @throws InvalidArgumentException naming the problem when {@code hex} is not 64 hex digits
   */
  public static Hash32 parse(String hex) {
    String trimmed = hex == null ? "" : hex.strip();
    if (trimmed.length() != 2 * BYTES) {
      throw new InvalidArgumentException(
          "a key is 64 hex digits (a SHA-256), got " + trimmed.length() + " characters: '" + hex + "'");
    }
    try {
      return new Hash32(HEX.parseHex(trimmed));
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("a key is 64 hex digits, '" + hex + "' is not hex", e);
    }
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The 32 bytes themselves, not a copy: for this package's encoders and trees, which never write to them. */
  byte[] shared() {
    return bytes;
  }

  /** Copies the 32 bytes into {@code target} at {@code offset}. */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, BYTES);
  }

  /** Whether {@code source[offset, offset + 32)} holds this hash. */
  public boolean matches(byte[] source, int offset) {
    return source.length - offset >= BYTES
        && Arrays.equals(bytes, 0, BYTES, source, offset, offset + BYTES);
  }

  /** 64 lowercase hex digits. */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  /** The first 12 hex digits, for logs and tables. */
  public String shortHex() {
    return hex().substring(0, 12);
  }

  /**
   * The first 8 bytes as one big-endian number: {@code Long.compareUnsigned} of two prefixes
   * orders two hashes as {@link #compareTo} does whenever it is not 0 (a sort key that needs no
   * pointer to the bytes: {@code BlockApplier} sorts a run's record hashes by it, session 19).
   */
  public long prefix() {
    return (long) BIG_ENDIAN_LONG.get(bytes, 0);
  }

  /** Unsigned lexicographic order of the 32 bytes, as {@code Arrays.compareUnsigned}, compared 8 bytes at a time. */
  @Override
  public int compareTo(Hash32 other) {
    byte[] theirs = other.bytes;
    for (int offset = 0; offset < BYTES; offset += Long.BYTES) {
      long a = (long) BIG_ENDIAN_LONG.get(bytes, offset);
      long b = (long) BIG_ENDIAN_LONG.get(theirs, offset);
      if (a != b) {
        return Long.compareUnsigned(a, b);
      }
    }
    return 0;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Hash32 hash && Arrays.equals(bytes, hash.bytes);
  }

  @Override
  public int hashCode() {
    // The bytes are already uniformly distributed.
    return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
  }

  @Override
  public String toString() {
    return hex();
  }
}
