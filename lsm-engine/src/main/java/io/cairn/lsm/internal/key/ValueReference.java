package io.cairn.lsm.internal.key;

import io.cairn.common.CorruptionException;
import io.cairn.common.Varints;

/**
 * Where a separated value lies: the value of an entry of type {@link
 * InternalKeyFormat#TYPE_VALUE_REFERENCE} (key-value separation on pmem; RocksDB's blob index).
 * Format (prose: {@code docs/formats/value-reference.md}):
 *
 * <pre>
 * byte      version (1)
 * varint64  container number: the NVMTable whose region holds the record (its file number)
 * varint64  record offset in that region (a multiple of 8, at least 256)
 * varint32  record length: the value's length (more than the table's inline value bytes)
 * fixed32   masked CRC32C of the record: the CRC the NVMTable's slot pointer holds
 * </pre>
 *
 * Canonical: the shortest varints, nothing after the CRC. The SSTable block that holds a
 * reference vouches for its bytes (block CRC); the CRC inside vouches for the record it names,
 * which is checked on every read ({@code docs/engine.md}, "Key-value separation on pmem").
 *
 * @param container the container (NVMTable) number
 * @param offset the record's offset in the container region
 * @param length the value's length
 * @param crc masked CRC32C of the value's bytes
 */
public record ValueReference(long container, long offset, int length, int crc) {
  /** The only version written and read. */
  public static final int VERSION = 1;
  /** Most bytes an encoding takes. */
  public static final int MAX_BYTES = 1 + 2 * Varints.MAX_VARINT64_BYTES + Varints.MAX_VARINT32_BYTES + 4;
  /** Records of a Container start at or after this offset (its header or super block comes first). */
  public static final long MIN_OFFSET = 256;

  /** Checks the fields' ranges (what {@link #decode} also checks). */
  public ValueReference {
    if (container < 0 || offset < MIN_OFFSET || (offset & 7) != 0 || length <= 0) {
      throw new IllegalArgumentException("bad value reference: container " + container + ", offset " + offset
          + ", length " + length);
    }
  }

  /** Bytes of {@link #encodeTo}'s output. */
  public int encodedBytes() {
    return 1 + Varints.sizeOf(container) + Varints.sizeOf(offset) + Varints.sizeOf(length) + 4;
  }

  /** Writes the encoding at {@code target[at]} (room for {@link #MAX_BYTES}); returns the end. */
  public int encodeTo(byte[] target, int at) {
    target[at++] = VERSION;
    at = Varints.putVarint64(target, at, container);
    at = Varints.putVarint64(target, at, offset);
    at = Varints.putVarint64(target, at, length);
    Varints.putFixed32(target, at, crc);
    return at + 4;
  }

  /** The encoding, as a new array. */
  public byte[] encode() {
    byte[] bytes = new byte[encodedBytes()];
    encodeTo(bytes, 0);
    return bytes;
  }

  /**
   * Decodes the reference in {@code bytes[offset, offset + length)}.
   *
   * @param where the table the entry came from, for messages
   * @throws CorruptionException naming {@code where} when the bytes are not exactly one canonical
   *     reference of this version
   */
  public static ValueReference decode(byte[] bytes, int offset, int length, Object where) {
    int end = offset + length;
    if (length < 1 + 3 + 4 || bytes[offset] != VERSION) {
      throw corrupt(where, length < 1 ? "empty" : length < 8 ? length + " bytes long"
          : "of version " + (bytes[offset] & 0xFF) + " (this build reads " + VERSION + ")");
    }
    try {
      int at = offset + 1;
      long container = Varints.getVarint64(bytes, at, end);
      at = Varints.endOfVarint(bytes, at, end);
      long recordOffset = Varints.getVarint64(bytes, at, end);
      at = Varints.endOfVarint(bytes, at, end);
      long recordLength = Varints.getVarint64(bytes, at, end);
      at = Varints.endOfVarint(bytes, at, end);
      if (at + 4 != end) {
        throw corrupt(where, "of " + length + " bytes with " + (end - at) + " bytes after its fields (4 expected)");
      }
      if (container < 0 || recordOffset < MIN_OFFSET || (recordOffset & 7) != 0 || recordLength <= 0
          || recordLength > Integer.MAX_VALUE) {
        throw corrupt(where, "naming container " + container + ", offset " + recordOffset + ", length "
            + recordLength);
      }
      ValueReference reference = new ValueReference(container, recordOffset, (int) recordLength,
          Varints.getFixed32(bytes, at));
      if (reference.encodedBytes() != length) {
        throw corrupt(where, "not in canonical form");
      }
      return reference;
    } catch (CorruptionException e) {
      if (e.getMessage().startsWith("corruption in " + where + ": value reference")) {
        throw e;
      }
      throw corrupt(where, "with a malformed varint (" + e.getMessage() + ")");
    }
  }

  private static CorruptionException corrupt(Object where, String what) {
    return new CorruptionException("corruption in " + where + ": value reference " + what);
  }
}
