package io.cairn.pmem.l0.internal;

import static io.cairn.pmem.l0.internal.NvmTableFormat.*;

import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import java.util.Arrays;

/**
 * The decoded fields of an NVMTable super block ({@link NvmTableFormat}): what the builder writes
 * and what a reader trusts once {@link #decode} has checked them.
 *
 * <p>Thread-safety: immutable.
 *
 * @param version the format version: 2 (records in this region) or 1 (a separate Container)
 * @param tableId the table's id (its file name)
 * @param containerId the id of its Container (version 2: the table's id; the records are here)
 * @param containerBytes container bytes in use, the 256-byte header (version 1) or super block
 *     (version 2) in front of the records included
 * @param entryCount n, in [1, {@link NvmTableFormat#MAX_ENTRIES}]
 * @param inlineKeyBytes K
 * @param inlineValueBytes V
 * @param layout where each block lies
 * @param filterCrc masked CRC32C of the filter bytes
 * @param smallestModelKey model key of entry 0
 * @param largestModelKey model key of entry n-1
 * @param keyBytes sum of the key lengths
 * @param valueBytes sum of the value lengths
 */
public record SuperBlock(
    int version,
    long tableId,
    long containerId,
    long containerBytes,
    int entryCount,
    int inlineKeyBytes,
    int inlineValueBytes,
    TableLayout layout,
    int filterCrc,
    long smallestModelKey,
    long largestModelKey,
    long keyBytes,
    long valueBytes) {

  /** Whether the container records lie in the table's own region (version 2). */
  public boolean containerInTable() {
    return version != VERSION_SEPARATE_CONTAINER;
  }

  /** Where version {@code version}'s entry slots start for {@code containerBytes} of records and header. */
  public static long entriesOffset(int version, long containerBytes) {
    return version == VERSION_SEPARATE_CONTAINER ? SUPER_BLOCK_BYTES : align64(containerBytes);
  }

  /** Slot bytes S. */
  public int slotBytes() {
    return NvmTableFormat.slotBytes(inlineKeyBytes, inlineValueBytes);
  }

  /** The first {@link NvmTableFormat#SUPER_FIELDS_BYTES} bytes: fields, their CRC, zero padding. */
  public byte[] encode() {
    byte[] bytes = new byte[SUPER_FIELDS_BYTES];
    System.arraycopy(MAGIC, 0, bytes, MAGIC_OFFSET, MAGIC.length);
    Varints.putFixed32(bytes, VERSION_OFFSET, version);
    Varints.putFixed32(bytes, SUPER_BYTES_OFFSET, SUPER_BLOCK_BYTES);
    Varints.putFixed64(bytes, TABLE_ID_OFFSET, tableId);
    Varints.putFixed64(bytes, CONTAINER_ID_OFFSET, containerId);
    Varints.putFixed64(bytes, CONTAINER_BYTES_OFFSET, containerBytes);
    Varints.putFixed32(bytes, ENTRY_COUNT_OFFSET, entryCount);
    Varints.putFixed32(bytes, SLOT_BYTES_OFFSET, slotBytes());
    Varints.putFixed32(bytes, INLINE_KEY_OFFSET, inlineKeyBytes);
    Varints.putFixed32(bytes, INLINE_VALUE_OFFSET, inlineValueBytes);
    Varints.putFixed64(bytes, ENTRIES_OFFSET_OFFSET, layout.entriesOffset());
    Varints.putFixed64(bytes, META_OFFSET_OFFSET, layout.metaOffset());
    Varints.putFixed32(bytes, META_COUNT_OFFSET, blockCount(entryCount));
    Varints.putFixed32(bytes, META_BYTES_OFFSET, META_BLOCK_BYTES);
    Varints.putFixed64(bytes, MODEL_OFFSET_OFFSET, layout.modelOffset());
    Varints.putFixed64(bytes, MODEL_BYTES_OFFSET, layout.modelBytes());
    Varints.putFixed64(bytes, FILTER_OFFSET_OFFSET, layout.filterOffset());
    Varints.putFixed32(bytes, FILTER_BYTES_OFFSET, layout.filterBytes());
    Varints.putFixed32(bytes, FILTER_CRC_OFFSET, filterCrc);
    Varints.putFixed64(bytes, SMALLEST_MODEL_KEY_OFFSET, smallestModelKey);
    Varints.putFixed64(bytes, LARGEST_MODEL_KEY_OFFSET, largestModelKey);
    Varints.putFixed64(bytes, KEY_BYTES_OFFSET, keyBytes);
    Varints.putFixed64(bytes, VALUE_BYTES_OFFSET, valueBytes);
    Varints.putFixed64(bytes, REGION_BYTES_OFFSET, layout.regionBytes());
    Varints.putFixed32(bytes, SUPER_CRC_OFFSET, Crc32c.mask(Crc32c.of(bytes, 0, SUPER_CRC_OFFSET)));
    return bytes;
  }

  /** The masked CRC this super block's bytes carry (what the commit word repeats). */
  public static int storedCrc(byte[] fields) {
    return Varints.getFixed32(fields, SUPER_CRC_OFFSET);
  }

  /**
   * Checks and decodes a committed super block.
   *
   * @param fields the region's first {@link NvmTableFormat#SUPER_FIELDS_BYTES} bytes
   * @param commitWord the word at {@link NvmTableFormat#COMMIT_OFFSET}, known to be non-zero
   * @param regionBytes the table region's size
   * @param where the region, for messages
   * @throws CorruptionException at the first check that fails, naming its offset
   */
  public static SuperBlock decode(byte[] fields, long commitWord, long regionBytes, Object where) {
    if (!Arrays.equals(fields, MAGIC_OFFSET, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw CorruptionException.at(where, MAGIC_OFFSET, "bad magic: not an NVMTable");
    }
    int storedCrc = storedCrc(fields);
    if (Crc32c.unmask(storedCrc) != Crc32c.of(fields, 0, SUPER_CRC_OFFSET)) {
      throw CorruptionException.at(where, SUPER_CRC_OFFSET, "super block checksum mismatch");
    }
    if (commitWord != commitWord(storedCrc)) {
      throw CorruptionException.at(where, COMMIT_OFFSET, String.format(
          "commit word 0x%016x does not commit this super block (expected 0x%016x)", commitWord, commitWord(storedCrc)));
    }
    int version = Varints.getFixed32(fields, VERSION_OFFSET);
    if (version != VERSION && version != VERSION_SEPARATE_CONTAINER) {
      throw CorruptionException.at(where, VERSION_OFFSET, "NVMTable format version "
          + Integer.toUnsignedString(version) + " is not supported (this build reads " + VERSION_SEPARATE_CONTAINER
          + " and " + VERSION + ")");
    }
    FieldCheck check = new FieldCheck(fields, where);
    check.exactly(SUPER_BYTES_OFFSET, SUPER_BLOCK_BYTES, "super block bytes");
    for (int offset = RESERVED_OFFSET; offset < SUPER_CRC_OFFSET; offset++) {
      check.zeroByte(offset);
    }
    for (int offset = SUPER_CRC_OFFSET + 4; offset < SUPER_FIELDS_BYTES; offset++) {
      check.zeroByte(offset);
    }
    int entryCount = check.int32In(ENTRY_COUNT_OFFSET, 1, MAX_ENTRIES, "entry count");
    int inlineKey = check.inlineBytes(INLINE_KEY_OFFSET, "inline key bytes");
    int inlineValue = check.inlineBytes(INLINE_VALUE_OFFSET, "inline value bytes");
    check.exactly(SLOT_BYTES_OFFSET, NvmTableFormat.slotBytes(inlineKey, inlineValue), "slot bytes");
    long containerBytes = Varints.getFixed64(fields, CONTAINER_BYTES_OFFSET);
    if (containerBytes < ContainerFormat.HEADER_BYTES || containerBytes > MAX_CONTAINER_BYTES
        || version == VERSION && containerBytes > regionBytes) {
      throw CorruptionException.at(where, CONTAINER_BYTES_OFFSET, "container bytes " + containerBytes + " out of range");
    }
    long entriesOffset = entriesOffset(version, containerBytes);
    check.exactly64(ENTRIES_OFFSET_OFFSET, entriesOffset, "entries offset");
    check.exactly(META_COUNT_OFFSET, blockCount(entryCount), "meta block count");
    check.exactly(META_BYTES_OFFSET, META_BLOCK_BYTES, "meta block bytes");
    long modelBytes = Varints.getFixed64(fields, MODEL_BYTES_OFFSET);
    if (modelBytes < 32 || modelBytes > regionBytes) {
      throw CorruptionException.at(where, MODEL_BYTES_OFFSET, "model bytes " + modelBytes + " out of range");
    }
    int filterBytes = Varints.getFixed32(fields, FILTER_BYTES_OFFSET);
    if (filterBytes < 0 || filterBytes == 1 || filterBytes > regionBytes) {
      throw CorruptionException.at(where, FILTER_BYTES_OFFSET, "filter bytes " + filterBytes + " out of range");
    }
    TableLayout layout = TableLayout.of(entriesOffset, entryCount, NvmTableFormat.slotBytes(inlineKey, inlineValue), modelBytes, filterBytes);
    check.exactly64(META_OFFSET_OFFSET, layout.metaOffset(), "meta blocks offset");
    check.exactly64(MODEL_OFFSET_OFFSET, layout.modelOffset(), "model offset");
    check.exactly64(FILTER_OFFSET_OFFSET, layout.filterOffset(), "filter offset");
    check.exactly64(REGION_BYTES_OFFSET, layout.regionBytes(), "region bytes");
    if (layout.regionBytes() != regionBytes) {
      throw CorruptionException.at(where, REGION_BYTES_OFFSET, "the super block describes a table of "
          + layout.regionBytes() + " bytes, the region holds " + regionBytes + ": truncated or extended");
    }
    long smallest = Varints.getFixed64(fields, SMALLEST_MODEL_KEY_OFFSET);
    long largest = Varints.getFixed64(fields, LARGEST_MODEL_KEY_OFFSET);
    if (Long.compareUnsigned(smallest, largest) > 0) {
      throw CorruptionException.at(where, SMALLEST_MODEL_KEY_OFFSET, "smallest model key above the largest");
    }
    return new SuperBlock(version, Varints.getFixed64(fields, TABLE_ID_OFFSET),
        Varints.getFixed64(fields, CONTAINER_ID_OFFSET), containerBytes, entryCount, inlineKey,
        inlineValue, layout, Varints.getFixed32(fields, FILTER_CRC_OFFSET), smallest, largest,
        check.nonNegative64(KEY_BYTES_OFFSET, "total key bytes"),
        check.nonNegative64(VALUE_BYTES_OFFSET, "total value bytes"));
  }

  /** Range checks of super block fields, each failure naming the field's offset. */
  private record FieldCheck(byte[] fields, Object where) {
    void exactly(int offset, int expected, String name) {
      int actual = Varints.getFixed32(fields, offset);
      if (actual != expected) {
        throw CorruptionException.at(where, offset, name + " is " + Integer.toUnsignedString(actual) + ", expected " + expected);
      }
    }

    void exactly64(int offset, long expected, String name) {
      long actual = Varints.getFixed64(fields, offset);
      if (actual != expected) {
        throw CorruptionException.at(where, offset, name + " is " + Long.toUnsignedString(actual) + ", expected " + expected);
      }
    }

    int int32In(int offset, int min, int max, String name) {
      int value = Varints.getFixed32(fields, offset);
      if (value < min || value > max) {
        throw CorruptionException.at(where, offset, name + " " + Integer.toUnsignedString(value)
            + " is outside [" + min + ", " + max + "]");
      }
      return value;
    }

    int inlineBytes(int offset, String name) {
      int value = int32In(offset, MIN_INLINE_BYTES, MAX_INLINE_BYTES, name);
      if (value % 8 != 0) {
        throw CorruptionException.at(where, offset, name + " " + value + " is not a multiple of 8");
      }
      return value;
    }

    long nonNegative64(int offset, String name) {
      long value = Varints.getFixed64(fields, offset);
      if (value < 0) {
        throw CorruptionException.at(where, offset, name + " " + Long.toUnsignedString(value) + " out of range");
      }
      return value;
    }

    void zeroByte(int offset) {
      if (fields[offset] != 0) {
        throw CorruptionException.at(where, offset, "reserved super block byte is not zero");
      }
    }
  }
}
