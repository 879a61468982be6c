package io.cairn.lsm.internal.pmem;

import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import io.cairn.pmem.api.PmemRegion;

/**
 * A write-ahead-log segment on persistent memory ({@code walOnPmem}): the bytes a WAL segment
 * file would hold (the log format of {@code docs/formats/wal.md}, unchanged) in one or more pmem
 * regions called extents, plus each extent's durable length. See {@code docs/formats/pmem-wal.md}.
 *
 * <pre>
 * extent region "NNNNNN.log" (extent 0), "NNNNNN.log-1", "NNNNNN.log-2", ...
 * offset  width  field
 *      0      8  magic "CRNWALP1" (ASCII, as a little-endian u64)
 *      8      4  format version (1)
 *     12      4  extent index (0, 1, ...)
 *     16      8  capacity: log bytes this extent holds at most
 *     24      4  masked CRC32C of bytes [0, 24)
 *     28     36  zero
 *     64      8  length: log bytes written in this extent (8-aligned word, stored atomically)
 *     72    184  zero
 *    256      c  log bytes
 * </pre>
 *
 * The logical segment is the log bytes of extent 0, then of extent 1, and so on; an extent is
 * created only when the previous one is full, so every extent but the last is full. A sync
 * persists the new log bytes, then stores and persists the length word: after a power cut the
 * length covers only persisted bytes (bytes past it are ignored). Appends between syncs store the
 * length word without persisting it, so a process crash (the mapping's page cache survives) loses
 * nothing, as with a file.
 */
public final class PmemLogFormat {
  /** "CRNWALP1" as a little-endian u64. */
  public static final long MAGIC = 0x31504C41574E5243L;
  /** The format version written. */
  public static final int VERSION = 1;
  /** Offset of the version. */
  public static final int VERSION_OFFSET = 8;
  /** Offset of the extent index. */
  public static final int EXTENT_OFFSET = 12;
  /** Offset of the capacity. */
  public static final int CAPACITY_OFFSET = 16;
  /** Offset of the header CRC, over [0, 24). */
  public static final int CRC_OFFSET = 24;
  /** Offset of the length word (its own cache line). */
  public static final int LENGTH_OFFSET = 64;
  /** Offset of the first log byte (an XPLine boundary). */
  public static final int DATA_OFFSET = 256;

  private PmemLogFormat() {}

  /** Region name of extent {@code extent} of the segment file named {@code segmentName}. */
  public static String extentName(String segmentName, int extent) {
    return extent == 0 ? segmentName : segmentName + "-" + extent;
  }

  /** Writes and persists the header of a new extent (length 0). */
  static void writeHeader(PmemRegion region, int extent, long capacity) {
    byte[] header = new byte[DATA_OFFSET];
    Varints.putFixed64(header, 0, MAGIC);
    Varints.putFixed32(header, VERSION_OFFSET, VERSION);
    Varints.putFixed32(header, EXTENT_OFFSET, extent);
    Varints.putFixed64(header, CAPACITY_OFFSET, capacity);
    Varints.putFixed32(header, CRC_OFFSET, Crc32c.mask(Crc32c.of(header, 0, CRC_OFFSET)));
    region.write(0, header, 0, header.length);
    region.persist(0, header.length);
  }

  /**
   * Checks an extent's header and returns its capacity, or -1 for an extent whose creation a crash
   * cut short: a header that does not check while the length word is still 0. Nothing in such an
   * extent was ever acknowledged (the length word becomes non-zero only in a persist after the
   * header's), so it reads as empty.
   *
   * @throws CorruptionException naming the region when the header is damaged or not this format
   */
  static long checkHeader(PmemRegion region, String where, int extent) {
    byte[] header = new byte[CRC_OFFSET + 4];
    if (region.size() < DATA_OFFSET) {
      throw CorruptionException.at(where, 0, "WAL extent of " + region.size() + " bytes is shorter than its header");
    }
    region.read(0, header, 0, header.length);
    int crc = Varints.getFixed32(header, CRC_OFFSET);
    if (Varints.getFixed64(header, 0) != MAGIC || Crc32c.mask(Crc32c.of(header, 0, CRC_OFFSET)) != crc) {
      if (region.readLongAtomic(LENGTH_OFFSET) == 0) {
        return -1;
      }
      throw CorruptionException.at(where, 0, "not a pmem WAL extent (bad magic or header CRC)");
    }
    int version = Varints.getFixed32(header, VERSION_OFFSET);
    int index = Varints.getFixed32(header, EXTENT_OFFSET);
    long capacity = Varints.getFixed64(header, CAPACITY_OFFSET);
    if (version != VERSION || index != extent || capacity < 0 || capacity > region.size() - DATA_OFFSET) {
      throw CorruptionException.at(where, 0, "pmem WAL extent header says version " + version
          + ", extent " + index + ", capacity " + capacity + " (expected version " + VERSION + ", extent " + extent
          + ", capacity within " + (region.size() - DATA_OFFSET) + ")");
    }
    return capacity;
  }

  /**
   * The durable length of an extent's log bytes.
   *
   * @throws CorruptionException when it exceeds the capacity
   */
  static long length(PmemRegion region, String where, long capacity) {
    long length = region.readLongAtomic(LENGTH_OFFSET);
    if (length < 0 || length > capacity) {
      throw CorruptionException.at(where, LENGTH_OFFSET, "pmem WAL extent length " + length
          + " outside its capacity " + capacity);
    }
    return length;
  }
}
