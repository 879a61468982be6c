package io.cairn.lsm.internal.key;

import io.cairn.lsm.api.KeyComparator;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The user's key order over slices of arrays, as the engine needs it: keys inside blocks and
 * memtable entries are compared in place. Bytewise order compares slices directly; a custom
 * {@link KeyComparator} sees copies (slower, but it only gets whole arrays).
 *
 * <p>Also shortens index keys the LevelDB way (a separator between two blocks, a successor after
 * the last one), which only the bytewise order can do; other orders keep keys as they are.
 *
 * <p>Thread-safety: immutable.
 */
public abstract sealed class KeyOrder permits KeyOrder.Bytewise, KeyOrder.Custom {
  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private final KeyComparator comparator;

  private KeyOrder(KeyComparator comparator) {
    this.comparator = comparator;
  }

  /** The order of {@code comparator}. */
  public static KeyOrder of(KeyComparator comparator) {
    return comparator == KeyComparator.BYTEWISE ? new Bytewise(comparator) : new Custom(comparator);
  }

  /** The user's comparator. */
  public final KeyComparator comparator() {
    return comparator;
  }

  /** The comparator's stored name. */
  public final String name() {
    return comparator.name();
  }

  /**
   * Whether {@link #prefix} orders keys: true of the bytewise order, where two keys whose
   * prefixes differ compare as their prefixes do (unsigned), so a search can compare a prefix
   * kept beside a key instead of the key's bytes.
   */
  public boolean prefixOrdered() {
    return false;
  }

  /**
   * The first 8 bytes of a key as an unsigned big-endian number, zero-padded when the key is
   * shorter. In the bytewise order different prefixes decide the comparison (a zero pad sorts a
   * shorter key first, as it should); equal prefixes decide nothing.
   */
  public static long prefix(byte[] key, int offset, int length) {
    if (length >= Long.BYTES) {
      return (long) BIG_ENDIAN_LONG.get(key, offset);
    }
    long prefix = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      prefix = (prefix << 8) | (i < length ? key[offset + i] & 0xFF : 0);
    }
    return prefix;
  }

  /** Compares two slices. */
  public abstract int compare(byte[] left, int leftOffset, int leftLength, byte[] right, int rightOffset, int rightLength);

  /** Compares two whole arrays. */
  public final int compare(byte[] left, byte[] right) {
    return compare(left, 0, left.length, right, 0, right.length);
  }

  /**
   * A key {@code k} with {@code start <= k < limit} that is as short as possible, or null when
   * {@code start} cannot be shortened.
   */
  public abstract byte[] shortestSeparator(byte[] start, int startOffset, int startLength, byte[] limit, int limitOffset, int limitLength);

  /** A short key {@code >= key}, or null when none is shorter. */
  public abstract byte[] shortSuccessor(byte[] key, int offset, int length);

  /** A readable rendering of a key for messages: text when printable, else hex. */
  public String describe(byte[] key, int offset, int length) {
    boolean printable = true;
    for (int i = offset; i < offset + length && printable; i++) {
      printable = key[i] >= 0x20 && key[i] < 0x7f;
    }
    String text = printable
        ? "'" + new String(key, offset, length, StandardCharsets.US_ASCII) + "'"
        : "0x" + HexFormat.of().formatHex(key, offset, offset + length);
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  /** Unsigned lexicographic order, compared in place. */
  static final class Bytewise extends KeyOrder {
    Bytewise(KeyComparator comparator) {
      super(comparator);
    }

    @Override
    public boolean prefixOrdered() {
      return true;
    }

    @Override
    public int compare(byte[] left, int leftOffset, int leftLength, byte[] right, int rightOffset, int rightLength) {
      return Arrays.compareUnsigned(left, leftOffset, leftOffset + leftLength, right, rightOffset, rightOffset + rightLength);
    }

    @Override
    public byte[] shortestSeparator(byte[] start, int startOffset, int startLength, byte[] limit, int limitOffset, int limitLength) {
      int minLength = Math.min(startLength, limitLength);
      int diff = 0;
      while (diff < minLength && start[startOffset + diff] == limit[limitOffset + diff]) {
        diff++;
      }
      if (diff >= minLength) {
        return null;
      }
      int startByte = start[startOffset + diff] & 0xFF;
      if (startByte < 0xFF && startByte + 1 < (limit[limitOffset + diff] & 0xFF) && diff + 1 < startLength) {
        byte[] separator = Arrays.copyOfRange(start, startOffset, startOffset + diff + 1);
        separator[diff]++;
        return separator;
      }
      return null;
    }

    @Override
    public byte[] shortSuccessor(byte[] key, int offset, int length) {
      for (int i = 0; i < length; i++) {
        if ((key[offset + i] & 0xFF) != 0xFF) {
          if (i + 1 == length) {
            return null;
          }
          byte[] successor = Arrays.copyOfRange(key, offset, offset + i + 1);
          successor[i]++;
          return successor;
        }
      }
      return null;
    }
  }

  /** A user-supplied order: slices are copied into arrays for each comparison. */
  static final class Custom extends KeyOrder {
    Custom(KeyComparator comparator) {
      super(comparator);
    }

    @Override
    public int compare(byte[] left, int leftOffset, int leftLength, byte[] right, int rightOffset, int rightLength) {
      return comparator().compare(
          whole(left, leftOffset, leftLength), whole(right, rightOffset, rightLength));
    }

    @Override
    public byte[] shortestSeparator(byte[] start, int startOffset, int startLength, byte[] limit, int limitOffset, int limitLength) {
      return null;
    }

    @Override
    public byte[] shortSuccessor(byte[] key, int offset, int length) {
      return null;
    }

    private static byte[] whole(byte[] bytes, int offset, int length) {
      return offset == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
    }
  }
}
