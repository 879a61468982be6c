package io.cairn.lsm.api;

import io.cairn.common.Varints;
import java.util.Arrays;
import java.util.Objects;

/**
 * Operations applied atomically by {@link Db#write}. Reusable: {@link #clear()} empties it.
 * Its encoding is the WAL record payload (LevelDB's {@code write_batch} layout; see {@code
 * docs/formats/wal.md}):
 *
 * <pre>
 * +--------------+-----------+---------------------------------------------------+
 * | sequence: 8B | count: 4B | records...                                        |
 * +--------------+-----------+---------------------------------------------------+
 * record = kind: 1B (1 = put, 0 = delete) | varint key length | key
 *          [| varint value length | value]   (put only)
 * </pre>
 *
 * <p>Thread-safety: not thread-safe. Keys and values are copied in, so the caller may reuse
 * its arrays after each call.
 */
public final class WriteBatch {
  /** Bytes of the header: the sequence number (8, little-endian) and the count (4). */
  public static final int HEADER_BYTES = 12;
  /** Record kind of a put. */
  public static final byte KIND_PUT = 1;
  /** Record kind of a delete. */
  public static final byte KIND_DELETE = 0;

  private byte[] contents = new byte[64];
  private int size = HEADER_BYTES;
  private int count;

  /** Receives the operations of a batch in order; see {@link #forEach}. */
  public interface Handler {
    /** A put of {@code value} under {@code key}. */
    void put(byte[] key, byte[] value);

    /** A delete of {@code key}. */
    void delete(byte[] key);
  }

  /** Adds a put of {@code value} under {@code key}. */
  public WriteBatch put(byte[] key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    ensure(1 + 2 * Varints.MAX_VARINT32_BYTES + key.length + value.length);
    contents[size++] = KIND_PUT;
    appendSlice(key);
    appendSlice(value);
    count++;
    return this;
  }

  /** Adds a delete of {@code key}. */
  public WriteBatch delete(byte[] key) {
    Objects.requireNonNull(key, "key");
    ensure(1 + Varints.MAX_VARINT32_BYTES + key.length);
    contents[size++] = KIND_DELETE;
    appendSlice(key);
    count++;
    return this;
  }

  /** Removes every operation. */
  public WriteBatch clear() {
    size = HEADER_BYTES;
    count = 0;
    return this;
  }

  /** Number of operations. */
  public int count() {
    return count;
  }

  /** Bytes of the encoded batch: what it adds to the WAL. */
  public int approximateBytes() {
    return size;
  }

  /** Calls {@code handler} with each operation, in the order they were added. */
  public void forEach(Handler handler) {
    forEach(contents, 0, size, handler);
  }

  /**
   * The encoding with {@code sequence} in its header, as a new array: the WAL payload. For the
   * engine; users do not need it.
   */
  public byte[] encode(long sequence) {
    byte[] encoded = Arrays.copyOf(contents, size);
    Varints.putFixed64(encoded, 0, sequence);
    Varints.putFixed32(encoded, 8, count);
    return encoded;
  }

  /**
   * Decodes the operations of an encoded batch (as written by {@link #encode}) in order, checking
   * that the record count and lengths agree with the bytes.
   *
   * @return the number of operations
   * @throws io.cairn.common.CorruptionException when the bytes are not a well-formed batch
   */
  public static int forEach(byte[] encoded, int offset, int length, Handler handler) {
    int limit = offset + length;
    if (length < HEADER_BYTES) {
      throw new io.cairn.common.CorruptionException("write batch shorter than its header");
    }
    int expected = Varints.getFixed32(encoded, offset + 8);
    int found = 0;
    int position = offset + HEADER_BYTES;
    while (position < limit) {
      byte kind = encoded[position++];
      int keyLength = Varints.getVarint32(encoded, position, limit);
      position = Varints.endOfVarint(encoded, position, limit);
      byte[] key = slice(encoded, position, keyLength, limit);
      position += keyLength;
      if (kind == KIND_PUT) {
        int valueLength = Varints.getVarint32(encoded, position, limit);
        position = Varints.endOfVarint(encoded, position, limit);
        byte[] value = slice(encoded, position, valueLength, limit);
        position += valueLength;
        handler.put(key, value);
      } else if (kind == KIND_DELETE) {
        handler.delete(key);
      } else {
        throw new io.cairn.common.CorruptionException("write batch has unknown record kind " + kind);
      }
      found++;
    }
    if (found != expected) {
      throw new io.cairn.common.CorruptionException(
          "write batch header says " + expected + " records, found " + found);
    }
    return found;
  }

  /** The sequence number in the header of an encoded batch. */
  public static long sequenceOf(byte[] encoded, int offset) {
    return Varints.getFixed64(encoded, offset);
  }

  private static byte[] slice(byte[] encoded, int position, int length, int limit) {
    if (length < 0 || position + length > limit || position + length < position) {
      throw new io.cairn.common.CorruptionException("write batch record runs past its end");
    }
    return Arrays.copyOfRange(encoded, position, position + length);
  }

  private void appendSlice(byte[] slice) {
    size = Varints.putVarint64(contents, size, slice.length);
    System.arraycopy(slice, 0, contents, size, slice.length);
    size += slice.length;
  }

  private void ensure(int extra) {
    if (size + extra > contents.length) {
      contents = Arrays.copyOf(contents, Math.max(contents.length * 2, size + extra));
    }
  }
}
