package io.cairn.lsm.internal.pmem;

import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import io.cairn.pmem.api.PmemRegion;

/**
 * A write-ahead-log segment on persistent memory ({@code walOnPmem}): the bytes a WAL segment
 * file would hold (the log format of {@code docs/formats/wal.md}) in one or more pmem regions
 * called extents, plus each extent's durable length. See {@code docs/formats/pmem-wal.md}.
 *
 * <pre>
 * extent region "NNNNNN.log" (extent 0), "NNNNNN.log-1", "NNNNNN.log-2", ...
 * version 2 (written since session 14)       version 1 (sessions 10-13, still read)
 * offset  width  field                       offset  width  field
 *      0      8  magic "CRNWALP1"                 0      8  magic
 *      8      4  format version (2)               8      4  format version (1)
 *     12      4  extent index (0, 1, ...)        12      4  extent index
 *     16      8  capacity (log bytes at most)    16      8  capacity
 *     24      8  segment number (the log's)      24      4  masked CRC32C of [0, 24)
 *     32      4  masked CRC32C of [0, 32)        28     36  zero
 *     36     28  zero
 *     64      8  length: log bytes written in this extent (8-aligned word, stored atomically)
 *     72      8  synced length (version 2): log bytes persisted by a sync (version 1: zero)
 *     80    176  zero
 *    256      c  log bytes
 * </pre>
 *
 * The logical segment is the log bytes of extent 0, then of extent 1, and so on; an extent is
 * created only when the previous one is full, so every extent but the last is full. A sync
 * persists the new log bytes, then stores and persists the length word: after a power cut the
 * length covers only persisted bytes (bytes past it are ignored). Appends between syncs store the
 * length word without persisting it, so a process crash (the mapping's page cache survives) loses
 * nothing, as with a file.
 *
 * <p>Version 2 (session 14): an extent may be <em>recycled</em> (a retired segment's extent
 * reused without zero-filling), so its log bytes past the durable point may be an earlier
 * segment's records. Its log is therefore written with <em>numbered checksums</em> ({@link
 * io.cairn.lsm.internal.log.LogFormat#checksumSeed}): a record of an earlier segment fails its
 * checksum in this one and reads as a torn tail, never as a record. Version 1 extents were never
 * recycled and hold plain checksums.
 *
 * <p>Version 2 also keeps the <em>synced length</em> beside the length: the length is stored at
 * every append (so a process crash keeps unsynced appends) and may reach the media before the
 * lines it covers, while the synced length is stored only after a sync's fence. Bytes below it
 * must read intact; damage past it is a torn tail however intact the records after it are
 * (the reader is told through {@link io.cairn.lsm.internal.fs.SequentialReadFile#durableBytes()}).
 */
public final class PmemLogFormat {
  /** "CRNWALP1" as a little-endian u64. */
  public static final long MAGIC = 0x31504C41574E5243L;
  /** The format version written: header with the segment number, numbered log checksums. */
  public static final int VERSION = 2;
  /** The first version (sessions 10-13): no segment number, plain log checksums. Still read. */
  public static final int VERSION_1 = 1;
  /** Offset of the version. */
  public static final int VERSION_OFFSET = 8;
  /** Offset of the extent index. */
  public static final int EXTENT_OFFSET = 12;
  /** Offset of the capacity. */
  public static final int CAPACITY_OFFSET = 16;
  /** Offset of the segment number (version 2). */
  public static final int NUMBER_OFFSET = 24;
  /** Offset of the header CRC in version 2, over [0, 32). */
  public static final int CRC_OFFSET = 32;
  /** Offset of the header CRC in version 1, over [0, 24). */
  public static final int CRC_OFFSET_V1 = 24;
  /** Offset of the length word (its own cache line). */
  public static final int LENGTH_OFFSET = 64;
  /** Offset of the synced length (version 2), in the length word's cache line. */
  public static final int SYNCED_OFFSET = 72;
  /** Offset of the first log byte (an XPLine boundary). */
  public static final int DATA_OFFSET = 256;

  /**
   * A checked extent header.
   *
   * @param version {@link #VERSION} or {@link #VERSION_1}
   * @param capacity log bytes the extent holds at most
   */
  record Header(int version, long capacity) {
    /** Whether the extent's log is written with numbered checksums (version 2). */
    boolean numberedChecksums() {
      return version >= VERSION;
    }
  }

  private PmemLogFormat() {}

  /** Region name of extent {@code extent} of the segment file named {@code segmentName}. */
  public static String extentName(String segmentName, int extent) {
    return extent == 0 ? segmentName : segmentName + "-" + extent;
  }

  /**
   * Writes and persists a version-2 header of a new or recycled extent of segment {@code number}
   * (length 0). The whole 256-byte header is written, so a recycled extent's old length word and
   * header go with one persist.
   */
  static void writeHeader(PmemRegion region, int extent, long capacity, long number) {
    byte[] header = new byte[DATA_OFFSET];
    Varints.putFixed64(header, 0, MAGIC);
    Varints.putFixed32(header, VERSION_OFFSET, VERSION);
    Varints.putFixed32(header, EXTENT_OFFSET, extent);
    Varints.putFixed64(header, CAPACITY_OFFSET, capacity);
    Varints.putFixed64(header, NUMBER_OFFSET, number);
    Varints.putFixed32(header, CRC_OFFSET, Crc32c.mask(Crc32c.of(header, 0, CRC_OFFSET)));
    region.write(0, header, 0, header.length);
    region.persist(0, header.length);
  }

  /**
   * Checks extent {@code extent}'s header for segment {@code number} and returns it, or null for
   * an extent whose creation a crash cut short: a header that does not check while the length
   * word is still 0. Nothing in such an extent was ever acknowledged (the length word becomes
   * non-zero only in a persist after the header's), so it reads as empty.
   *
   * @throws CorruptionException naming the region when the header is damaged, of another extent
   *     or segment, or of a version this build does not read (with the versions it does)
   */
  static Header checkHeader(PmemRegion region, String where, int extent, long number) {
    byte[] header = new byte[CRC_OFFSET + 4];
    if (region.size() < DATA_OFFSET) {
      throw CorruptionException.at(where, 0, "WAL extent of " + region.size() + " bytes is shorter than its header");
    }
    region.read(0, header, 0, header.length);
    int version = Varints.getFixed32(header, VERSION_OFFSET);
    int crcOffset = version == VERSION_1 ? CRC_OFFSET_V1 : CRC_OFFSET;
    int crc = Varints.getFixed32(header, crcOffset);
    if (Varints.getFixed64(header, 0) != MAGIC || Crc32c.mask(Crc32c.of(header, 0, crcOffset)) != crc) {
      if (region.readLongAtomic(LENGTH_OFFSET) == 0) {
        return null;
      }
      throw CorruptionException.at(where, 0, "not a pmem WAL extent (bad magic or header CRC)");
    }
    if (version != VERSION && version != VERSION_1) {
      throw CorruptionException.at(where, 0, "pmem WAL extent format version " + version
          + " is not supported (this build reads versions " + VERSION_1 + " and " + VERSION + ")");
    }
    int index = Varints.getFixed32(header, EXTENT_OFFSET);
    long capacity = Varints.getFixed64(header, CAPACITY_OFFSET);
    long stored = version == VERSION ? Varints.getFixed64(header, NUMBER_OFFSET) : number;
    if (index != extent || stored != number || capacity < 0 || capacity > region.size() - DATA_OFFSET) {
      throw CorruptionException.at(where, 0, "pmem WAL extent header says extent " + index + ", segment " + stored
          + ", capacity " + capacity + " (expected extent " + extent + ", segment " + number
          + ", capacity within " + (region.size() - DATA_OFFSET) + ")");
    }
    return new Header(version, capacity);
  }

  /**
   * The durable length of an extent's log bytes.
   *
   * @throws CorruptionException when it exceeds the capacity
   */
  static long length(PmemRegion region, String where, long capacity) {
    return boundedLength(region, where, capacity, LENGTH_OFFSET, "length");
  }

  /**
   * The synced length of a version-2 extent's log bytes.
   *
   * @throws CorruptionException when it exceeds the capacity
   */
  static long synced(PmemRegion region, String where, long capacity) {
    return boundedLength(region, where, capacity, SYNCED_OFFSET, "synced length");
  }

  private static long boundedLength(PmemRegion region, String where, long capacity, long offset, String what) {
    long length = region.readLongAtomic(offset);
    if (length < 0 || length > capacity) {
      throw CorruptionException.at(where, offset, "pmem WAL extent " + what + " " + length
          + " outside its capacity " + capacity);
    }
    return length;
  }
}
