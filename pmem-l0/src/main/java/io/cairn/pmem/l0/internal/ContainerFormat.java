package io.cairn.pmem.l0.internal;

import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte layout of a Container region, version 1: the keys and values of one NVMTable that are too
 * long to sit inline in its entry slots (prose: {@code docs/formats/container.md}). Little-endian;
 * region offsets.
 *
 * <pre>
 * offset  bytes  field
 *      0      8  magic "CAIRNNVC"
 *      8      4  format version (1)
 *     12      4  header bytes (256)
 *     16      8  container id (the table's id)
 *     24      8  data capacity: region bytes = 256 + capacity
 *     32    220  reserved, zero
 *    252      4  masked CRC32C of [0, 252)
 *    256      .  records, in the order the builder met them (entry order, key before value);
 *                each starts at a multiple of 8, zero padding between; a record carries no
 *                header: its offset, length and masked CRC32C are in the entry slot that points
 *                to it (NvmTableFormat's pointer), so the table's checksums vouch for the
 *                pointer and the pointer's CRC vouches for the record.
 * </pre>
 *
 * <p>Thread-safety: constants and pure functions.
 */
public final class ContainerFormat {
  /** "CAIRNNVC". */
  public static final byte[] MAGIC = "CAIRNNVC".getBytes(StandardCharsets.US_ASCII);
  /** The only version written and read. */
  public static final int VERSION = 1;
  /** Bytes before the first record. */
  public static final int HEADER_BYTES = 256;
  /** Records start at multiples of this. */
  public static final int RECORD_ALIGNMENT = 8;

  static final int VERSION_OFFSET = 8;
  static final int HEADER_BYTES_OFFSET = 12;
  static final int CONTAINER_ID_OFFSET = 16;
  static final int CAPACITY_OFFSET = 24;
  static final int RESERVED_OFFSET = 32;
  static final int CRC_OFFSET = 252;

  private ContainerFormat() {}

  /** The container region's name for container {@code id}: {@code 000012.nvc}. */
  public static String containerName(long id) {
    return String.format("%06d.nvc", id);
  }

  /** Bytes a record of {@code length} takes, padding included. */
  public static long recordBytes(long length) {
    return (length + RECORD_ALIGNMENT - 1) & -RECORD_ALIGNMENT;
  }

  /** The header of container {@code id} with {@code capacity} data bytes. */
  public static byte[] encodeHeader(long id, long capacity) {
    byte[] header = new byte[HEADER_BYTES];
    System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
    Varints.putFixed32(header, VERSION_OFFSET, VERSION);
    Varints.putFixed32(header, HEADER_BYTES_OFFSET, HEADER_BYTES);
    Varints.putFixed64(header, CONTAINER_ID_OFFSET, id);
    Varints.putFixed64(header, CAPACITY_OFFSET, capacity);
    Varints.putFixed32(header, CRC_OFFSET, Crc32c.mask(Crc32c.of(header, 0, CRC_OFFSET)));
    return header;
  }

  /**
   * Checks a container header against what the table expects.
   *
   * @param header the region's first {@link #HEADER_BYTES} bytes
   * @param regionBytes the region's size
   * @param expectedId the container id the table's super block names
   * @param bytesInUse the container bytes the super block says are in use (header included)
   * @param where the region, for messages
   * @throws CorruptionException at the first check that fails
   */
  public static void checkHeader(byte[] header, long regionBytes, long expectedId, long bytesInUse, Object where) {
    if (!Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw CorruptionException.at(where, 0, "bad magic: not an NVMTable container");
    }
    if (Crc32c.unmask(Varints.getFixed32(header, CRC_OFFSET)) != Crc32c.of(header, 0, CRC_OFFSET)) {
      throw CorruptionException.at(where, CRC_OFFSET, "container header checksum mismatch");
    }
    int version = Varints.getFixed32(header, VERSION_OFFSET);
    if (version != VERSION) {
      throw CorruptionException.at(where, VERSION_OFFSET, "container format version "
          + Integer.toUnsignedString(version) + " is not supported (this build reads " + VERSION + ")");
    }
    if (Varints.getFixed32(header, HEADER_BYTES_OFFSET) != HEADER_BYTES) {
      throw CorruptionException.at(where, HEADER_BYTES_OFFSET, "container header size is not " + HEADER_BYTES);
    }
    for (int offset = RESERVED_OFFSET; offset < CRC_OFFSET; offset++) {
      if (header[offset] != 0) {
        throw CorruptionException.at(where, offset, "reserved container header byte is not zero");
      }
    }
    long id = Varints.getFixed64(header, CONTAINER_ID_OFFSET);
    if (id != expectedId) {
      throw CorruptionException.at(where, CONTAINER_ID_OFFSET,
          "container id " + id + " is not the " + expectedId + " its table names");
    }
    long capacity = Varints.getFixed64(header, CAPACITY_OFFSET);
    if (capacity != regionBytes - HEADER_BYTES) {
      throw CorruptionException.at(where, CAPACITY_OFFSET, "container capacity " + capacity
          + " does not match its region of " + regionBytes + " bytes");
    }
    if (bytesInUse < HEADER_BYTES || bytesInUse > regionBytes) {
      throw CorruptionException.at(where, 0, "the table says " + bytesInUse
          + " container bytes are in use, but the container holds " + regionBytes);
    }
  }
}
