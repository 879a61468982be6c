package io.cairn.lsm.internal.log;

import io.cairn.common.CorruptionException;
import io.cairn.common.Varints;

/**
 * The payload of a WAL record: a group of writes applied atomically (the encoding of {@link
 * io.cairn.lsm.api.WriteBatch}; see {@code docs/formats/wal.md}).
 *
 * <pre>
 * +--------------------+-----------------+--------------------------------------+
 * | first sequence: 8  | record count: 4 | records...                           |
 * +--------------------+-----------------+--------------------------------------+
 * record := kind: 1 (1 = put, 0 = delete) | varint32 key length | key
 *           [| varint32 value length | value]                      (put only)
 * </pre>
 *
 * Record {@code i} (from 0) gets sequence number {@code first sequence + i}. Thread-safety:
 * stateless.
 */
public final class BatchFormat {
  /** Bytes of the header. */
  public static final int HEADER_BYTES = 12;
  /** Offset of the first sequence number (little-endian u64). */
  public static final int SEQUENCE_OFFSET = 0;
  /** Offset of the record count (little-endian u32). */
  public static final int COUNT_OFFSET = 8;
  /** Record kind of a put. */
  public static final byte KIND_PUT = 1;
  /** Record kind of a delete. */
  public static final byte KIND_DELETE = 0;

  /** Receives the records of an encoded batch as slices of its bytes (valid during the call). */
  public interface Visitor {
    /** A put: the key is {@code bytes[keyOffset, +keyLength)}, the value likewise. */
    void put(byte[] bytes, int keyOffset, int keyLength, int valueOffset, int valueLength);

    /** A delete of the key {@code bytes[keyOffset, +keyLength)}. */
    void delete(byte[] bytes, int keyOffset, int keyLength);
  }

  private BatchFormat() {}

  /** Bytes the record of a put (or a delete, with {@code valueLength < 0}) takes. */
  public static int recordBytes(int keyLength, int valueLength) {
    int bytes = 1 + Varints.sizeOf(keyLength) + keyLength;
    return valueLength < 0 ? bytes : bytes + Varints.sizeOf(valueLength) + valueLength;
  }

  /** Encodes a put record at {@code position}; returns the position after it. */
  public static int encodePut(byte[] target, int position, byte[] key, byte[] value) {
    target[position++] = KIND_PUT;
    position = encodeSlice(target, position, key);
    return encodeSlice(target, position, value);
  }

  /** Encodes a delete record at {@code position}; returns the position after it. */
  public static int encodeDelete(byte[] target, int position, byte[] key) {
    target[position++] = KIND_DELETE;
    return encodeSlice(target, position, key);
  }

  /** Writes the header at {@code offset}. */
  public static void encodeHeader(byte[] target, int offset, long firstSequence, int count) {
    Varints.putFixed64(target, offset + SEQUENCE_OFFSET, firstSequence);
    Varints.putFixed32(target, offset + COUNT_OFFSET, count);
  }

  /** The first sequence number of an encoded batch. */
  public static long firstSequence(byte[] encoded, int offset) {
    return Varints.getFixed64(encoded, offset + SEQUENCE_OFFSET);
  }

  /** The record count in the header of an encoded batch (unchecked against its records). */
  public static int count(byte[] encoded, int offset) {
    return Varints.getFixed32(encoded, offset + COUNT_OFFSET);
  }

  /**
   * Checks an encoded batch and hands its records to {@code visitor} in order. The whole batch is
   * checked before the first record is handed over, so a malformed batch is never half applied.
   *
   * @return the number of records
   * @throws CorruptionException when the bytes are not a well-formed batch
   */
  public static int visit(byte[] encoded, int offset, int length, Visitor visitor) {
    int count = check(encoded, offset, length);
    int position = offset + HEADER_BYTES;
    int limit = offset + length;
    while (position < limit) {
      byte kind = encoded[position++];
      int keyLength = Varints.getVarint32(encoded, position, limit);
      int keyOffset = Varints.endOfVarint(encoded, position, limit);
      position = keyOffset + keyLength;
      if (kind == KIND_PUT) {
        int valueLength = Varints.getVarint32(encoded, position, limit);
        int valueOffset = Varints.endOfVarint(encoded, position, limit);
        position = valueOffset + valueLength;
        visitor.put(encoded, keyOffset, keyLength, valueOffset, valueLength);
      } else {
        visitor.delete(encoded, keyOffset, keyLength);
      }
    }
    return count;
  }

  /** Validates the structure; returns the record count. */
  private static int check(byte[] encoded, int offset, int length) {
    if (length < HEADER_BYTES) {
      throw new CorruptionException("write batch of " + length + " bytes is shorter than its header");
    }
    int expected = Varints.getFixed32(encoded, offset + COUNT_OFFSET);
    int found = 0;
    int position = offset + HEADER_BYTES;
    int limit = offset + length;
    while (position < limit) {
      byte kind = encoded[position++];
      if (kind != KIND_PUT && kind != KIND_DELETE) {
        throw new CorruptionException("write batch has unknown record kind " + kind);
      }
      position = skipSlice(encoded, position, limit);
      if (kind == KIND_PUT) {
        position = skipSlice(encoded, position, limit);
      }
      found++;
    }
    if (found != expected) {
      throw new CorruptionException("write batch header says " + expected + " records, found " + found);
    }
    return found;
  }

  private static int skipSlice(byte[] encoded, int position, int limit) {
    int sliceLength = Varints.getVarint32(encoded, position, limit);
    int start = Varints.endOfVarint(encoded, position, limit);
    if (sliceLength < 0 || sliceLength > limit - start) {
      throw new CorruptionException("write batch record runs past the end of the batch");
    }
    return start + sliceLength;
  }

  private static int encodeSlice(byte[] target, int position, byte[] slice) {
    position = Varints.putVarint64(target, position, slice.length);
    System.arraycopy(slice, 0, target, position, slice.length);
    return position + slice.length;
  }
}
