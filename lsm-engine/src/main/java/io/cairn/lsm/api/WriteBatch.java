package io.cairn.lsm.api;

import io.cairn.common.InvalidArgumentException;
import io.cairn.common.Varints;
import io.cairn.lsm.internal.log.BatchFormat;
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

  private byte[] contents;
  private int size = HEADER_BYTES;
  private int count;

  /** An empty batch. */
  public WriteBatch() {
    this(64);
  }

  /**
   * An empty batch with room for about {@code expectedBytes} of keys and values before it grows:
   * a caller that knows a large batch's size up front saves the copies of growing it.
   */
  public WriteBatch(int expectedBytes) {
    if (expectedBytes < 0) {
      throw new InvalidArgumentException("expectedBytes must not be negative: " + expectedBytes);
    }
    contents = new byte[Math.max(64, HEADER_BYTES + expectedBytes)];
  }

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

  /**
   * Adds a put of {@code value[offset, offset + length)} under {@code key}: a caller that encodes
   * many values into one buffer puts each slice without copying it out first.
   */
  public WriteBatch put(byte[] key, byte[] value, int offset, int length) {
    Objects.requireNonNull(key, "key");
    Objects.checkFromIndexSize(offset, length, value.length);
    ensure(1 + 2 * Varints.MAX_VARINT32_BYTES + key.length + length);
    contents[size++] = KIND_PUT;
    appendSlice(key, 0, key.length);
    appendSlice(value, offset, length);
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
    // The header's count is only filled in by encode(); decode this batch with its live count.
    Varints.putFixed32(contents, 8, count);
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
   * Bytes of the records alone (the encoding without its {@value #HEADER_BYTES}-byte header).
   * For the engine, which concatenates the batches of a commit group into one WAL record.
   */
  public int recordBytes() {
    return size - HEADER_BYTES;
  }

  /**
   * Copies the records (the encoding without its header) into {@code target} at {@code offset};
   * returns the offset after them. For the engine; see {@link #recordBytes()}.
   */
  public int copyRecordsTo(byte[] target, int offset) {
    System.arraycopy(contents, HEADER_BYTES, target, offset, size - HEADER_BYTES);
    return offset + size - HEADER_BYTES;
  }

  /**
   * Decodes the operations of an encoded batch (as written by {@link #encode}) in order, checking
   * that the record count and lengths agree with the bytes before the first call to {@code
   * handler}.
   *
   * @return the number of operations
   * @throws io.cairn.common.CorruptionException when the bytes are not a well-formed batch
   */
  public static int forEach(byte[] encoded, int offset, int length, Handler handler) {
    return BatchFormat.visit(encoded, offset, length, new BatchFormat.Visitor() {
      @Override
      public void put(byte[] bytes, int keyOffset, int keyLength, int valueOffset, int valueLength) {
        handler.put(Arrays.copyOfRange(bytes, keyOffset, keyOffset + keyLength),
            Arrays.copyOfRange(bytes, valueOffset, valueOffset + valueLength));
      }

      @Override
      public void delete(byte[] bytes, int keyOffset, int keyLength) {
        handler.delete(Arrays.copyOfRange(bytes, keyOffset, keyOffset + keyLength));
      }
    });
  }

  /** The sequence number in the header of an encoded batch. */
  public static long sequenceOf(byte[] encoded, int offset) {
    return BatchFormat.firstSequence(encoded, offset);
  }

  private void appendSlice(byte[] slice) {
    appendSlice(slice, 0, slice.length);
  }

  private void appendSlice(byte[] slice, int offset, int length) {
    size = Varints.putVarint64(contents, size, length);
    System.arraycopy(slice, offset, contents, size, length);
    size += length;
  }

  private void ensure(int extra) {
    if (size + extra > contents.length) {
      contents = Arrays.copyOf(contents, Math.max(contents.length * 2, size + extra));
    }
  }
}
