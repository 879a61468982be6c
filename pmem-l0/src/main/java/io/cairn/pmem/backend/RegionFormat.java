package io.cairn.pmem.backend;

import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.InvalidArgumentException;
import io.cairn.common.Varints;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header every region starts with, so that a file of the wrong size, of another format or
 * with damaged metadata is refused before any of its bytes are trusted. Prose:
 * {@code docs/formats/region.md}.
 *
 * <pre>
 * offset  bytes  field
 *      0      8  magic "CAIRNPMR" (ASCII)
 *      8      4  format version, u32 little-endian (1)
 *     12      4  header bytes, u32 little-endian (256)
 *     16      8  payload bytes, u64 little-endian (the region's size, 1 .. 2^46)
 *     24    228  reserved, zero
 *    252      4  masked CRC32C of bytes [0, 252), u32 little-endian
 *    256      .  payload: offset 0 of the region
 * </pre>
 *
 * <p>The header is one 256-byte XPLine, so payload offset 0 is 256-byte aligned in a mapped file
 * (mappings are page aligned) and payload cache lines coincide with the CPU's. For the file
 * backends (FFM, libpmem) the file is exactly {@code 256 + payload bytes} long; an llpl heap holds
 * the header and payload in one memory block.
 *
 * <p>Thread-safety: stateless.
 */
public final class RegionFormat {
  /** "CAIRNPMR". */
  public static final byte[] MAGIC = "CAIRNPMR".getBytes(StandardCharsets.US_ASCII);
  /** The only version written and read. */
  public static final int VERSION = 1;
  /** Bytes before payload offset 0. */
  public static final int HEADER_BYTES = 256;
  /** Largest payload a region may have (64 TiB). */
  public static final long PAYLOAD_BYTES_MAX = 1L << 46;

  static final int MAGIC_OFFSET = 0;
  static final int VERSION_OFFSET = 8;
  static final int HEADER_BYTES_OFFSET = 12;
  static final int PAYLOAD_BYTES_OFFSET = 16;
  static final int RESERVED_OFFSET = 24;
  static final int CRC_OFFSET = 252;

  /** What a PMDK pool starts with ({@code "PMEMOBJ"}): an llpl heap, not a plain region file. */
  private static final byte[] PMEMOBJ_SIGNATURE = "PMEMOBJ".getBytes(StandardCharsets.US_ASCII);

  private RegionFormat() {}

  /**
   * The header of a region of {@code payloadBytes}.
   *
   * @throws InvalidArgumentException when the size is not in [1, {@link #PAYLOAD_BYTES_MAX}]
   */
  public static byte[] encode(long payloadBytes) {
    checkPayloadBytes(payloadBytes);
    byte[] header = new byte[HEADER_BYTES];
    System.arraycopy(MAGIC, 0, header, MAGIC_OFFSET, MAGIC.length);
    Varints.putFixed32(header, VERSION_OFFSET, VERSION);
    Varints.putFixed32(header, HEADER_BYTES_OFFSET, HEADER_BYTES);
    Varints.putFixed64(header, PAYLOAD_BYTES_OFFSET, payloadBytes);
    Varints.putFixed32(header, CRC_OFFSET, Crc32c.mask(Crc32c.of(header, 0, CRC_OFFSET)));
    return header;
  }

  /**
   * Checks a header and returns the payload size it records.
   *
   * @param header the first {@link #HEADER_BYTES} bytes of the region
   * @param where the file or region, named in exception messages
   * @throws CorruptionException when the magic, checksum, version, header size or payload size is wrong
   */
  public static long decode(byte[] header, Object where) {
    if (header.length != HEADER_BYTES) {
      throw CorruptionException.at(where, 0, "region header is " + header.length + " bytes, not " + HEADER_BYTES);
    }
    if (!Arrays.equals(header, MAGIC_OFFSET, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw CorruptionException.at(where, MAGIC_OFFSET, "bad magic: not a Cairn pmem region" + foreignHint(header));
    }
    int stored = Crc32c.unmask(Varints.getFixed32(header, CRC_OFFSET));
    if (stored != Crc32c.of(header, 0, CRC_OFFSET)) {
      throw CorruptionException.at(where, CRC_OFFSET, "region header checksum mismatch");
    }
    int version = Varints.getFixed32(header, VERSION_OFFSET);
    if (version != VERSION) {
      throw CorruptionException.at(where, VERSION_OFFSET,
          "region format version " + Integer.toUnsignedString(version) + " is not supported (this build reads " + VERSION + ")");
    }
    int headerBytes = Varints.getFixed32(header, HEADER_BYTES_OFFSET);
    if (headerBytes != HEADER_BYTES) {
      throw CorruptionException.at(where, HEADER_BYTES_OFFSET, "region header size " + headerBytes + " is not " + HEADER_BYTES);
    }
    for (int offset = RESERVED_OFFSET; offset < CRC_OFFSET; offset++) {
      if (header[offset] != 0) {
        throw CorruptionException.at(where, offset, "reserved region header byte is not zero (written by a later version?)");
      }
    }
    long payloadBytes = Varints.getFixed64(header, PAYLOAD_BYTES_OFFSET);
    if (payloadBytes < 1 || payloadBytes > PAYLOAD_BYTES_MAX) {
      throw CorruptionException.at(where, PAYLOAD_BYTES_OFFSET, "region size " + payloadBytes + " is out of range");
    }
    return payloadBytes;
  }

  /**
   * Checks that a region file's length matches its header.
   *
   * @throws CorruptionException when it does not
   */
  public static void checkFileBytes(long fileBytes, long payloadBytes, Object where) {
    if (fileBytes != HEADER_BYTES + payloadBytes) {
      throw CorruptionException.at(where, 0, "file is " + fileBytes + " bytes but its header says "
          + (HEADER_BYTES + payloadBytes) + " (" + HEADER_BYTES + " header + " + payloadBytes + " payload): truncated or extended");
    }
  }

  /** @throws InvalidArgumentException when the size is not in [1, {@link #PAYLOAD_BYTES_MAX}] */
  public static void checkPayloadBytes(long payloadBytes) {
    if (payloadBytes < 1 || payloadBytes > PAYLOAD_BYTES_MAX) {
      throw new InvalidArgumentException("region size " + payloadBytes + " is not in [1, " + PAYLOAD_BYTES_MAX + "]");
    }
  }

  private static String foreignHint(byte[] header) {
    if (Arrays.equals(header, 0, PMEMOBJ_SIGNATURE.length, PMEMOBJ_SIGNATURE, 0, PMEMOBJ_SIGNATURE.length)) {
      return " (it is a PMDK pmemobj pool: open it with the llpl backend)";
    }
    boolean allZero = true;
    for (byte b : header) {
      allZero &= b == 0;
    }
    return allZero ? " (the header is all zero: an interrupted create?)" : "";
  }
}
