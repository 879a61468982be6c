package io.cairn.lsm.internal.key;

import io.cairn.common.Varints;

/**
 * Internal keys: how the engine stores one version of a user key, in memtables and tables.
 *
 * <pre>
 * +--------------------------+------------------------------------------+
 * | user key: n bytes        | tag: 8 bytes, little-endian u64           |
 * +--------------------------+------------------------------------------+
 * tag = sequence &lt;&lt; 8 | type      sequence: 56 bits, type: 0 = deletion, 1 = value,
 *                                   2 = value reference (key-value separation: the value lies
 *                                   in a pmem Container, see {@link ValueReference})
 * </pre>
 *
 * Internal keys sort by user key ascending (the user's comparator), then by tag descending, so the
 * newest version of a key comes first and a lookup for {@code (key, s)} seeks to the newest
 * version with sequence at most {@code s}. Thread-safety: stateless.
 */
public final class InternalKeyFormat {
  /** Bytes of the tag after the user key. */
  public static final int TAG_BYTES = 8;
  /** Type of a deletion (tombstone). */
  public static final int TYPE_DELETION = 0;
  /** Type of a value. */
  public static final int TYPE_VALUE = 1;
  /**
   * Type of a value reference: the value lies in a pmem Container and the entry holds a {@link
   * ValueReference} to it (RocksDB's {@code kTypeBlobIndex}). Only SSTables hold such entries.
   */
  public static final int TYPE_VALUE_REFERENCE = 2;
  /**
   * The type a lookup key carries: the highest, so that it sorts before every real version of
   * its sequence (RocksDB's {@code kValueTypeForSeek}, likewise its highest type).
   */
  public static final int TYPE_FOR_SEEK = TYPE_VALUE_REFERENCE;
  /** The largest sequence number (56 bits). */
  public static final long MAX_SEQUENCE = (1L << 56) - 1;

  private InternalKeyFormat() {}

  /** The tag of {@code sequence} and {@code type}. */
  public static long tag(long sequence, int type) {
    assert sequence >= 0 && sequence <= MAX_SEQUENCE : sequence;
    return sequence << 8 | type;
  }

  /** The sequence number of a tag. */
  public static long sequence(long tag) {
    return tag >>> 8;
  }

  /** The type of a tag. */
  public static int type(long tag) {
    return (int) (tag & 0xFF);
  }

  /** A new internal key: {@code userKey} followed by the tag. */
  public static byte[] encode(byte[] userKey, long sequence, int type) {
    return encode(userKey, 0, userKey.length, sequence, type);
  }

  /** A new internal key from a slice of a user key. */
  public static byte[] encode(byte[] userKey, int offset, int length, long sequence, int type) {
    byte[] key = new byte[length + TAG_BYTES];
    encodeInto(key, userKey, offset, length, sequence, type);
    return key;
  }

  /**
   * Writes the internal key of a slice of a user key at the start of {@code target} (which must
   * hold {@code length + TAG_BYTES} bytes) and returns its length: for callers that reuse a buffer
   * or put the key in front of other bytes.
   */
  public static int encodeInto(byte[] target, byte[] userKey, int offset, int length, long sequence, int type) {
    return encodeInto(target, 0, userKey, offset, length, sequence, type);
  }

  /**
   * Writes the internal key of a slice of a user key at {@code target[targetOffset]} (which must
   * hold {@code length + TAG_BYTES} bytes from there) and returns its length.
   */
  public static int encodeInto(byte[] target, int targetOffset, byte[] userKey, int offset, int length, long sequence,
      int type) {
    System.arraycopy(userKey, offset, target, targetOffset, length);
    Varints.putFixed64(target, targetOffset + length, tag(sequence, type));
    return length + TAG_BYTES;
  }

  /** The tag of the internal key {@code key[offset, offset + length)}. */
  public static long tagOf(byte[] key, int offset, int length) {
    return Varints.getFixed64(key, offset + length - TAG_BYTES);
  }

  /** Sets the type byte of the internal key {@code key[offset, offset + length)} to {@code type}. */
  public static void setType(byte[] key, int offset, int length, int type) {
    key[offset + length - TAG_BYTES] = (byte) type;
  }

  /** The user key of an internal key, as a new array. */
  public static byte[] userKey(byte[] internalKey) {
    return java.util.Arrays.copyOf(internalKey, internalKey.length - TAG_BYTES);
  }

  /** Whether {@code length} bytes can be an internal key. */
  public static boolean isValidLength(int length) {
    return length >= TAG_BYTES;
  }

  /** A readable form of an internal key, for messages: {@code 'user key' @ sequence : type}. */
  public static String describe(KeyOrder order, byte[] key) {
    if (key == null || key.length < TAG_BYTES) {
      return "(malformed internal key)";
    }
    long tag = tagOf(key, 0, key.length);
    return order.describe(key, 0, key.length - TAG_BYTES) + " @ " + sequence(tag)
        + switch (type(tag)) {
          case TYPE_DELETION -> " : del";
          case TYPE_VALUE_REFERENCE -> " : ref";
          default -> " : val";
        };
  }
}
