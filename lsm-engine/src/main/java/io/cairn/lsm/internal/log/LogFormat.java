package io.cairn.lsm.internal.log;

/**
 * The log file format shared by WAL segments and MANIFESTs: LevelDB's log format plus a file
 * header record. See {@code docs/formats/wal.md}.
 *
 * <pre>
 * file   := block*            every block is 32768 bytes except possibly the last
 * block  := record* trailer?  a trailer is 0-6 zero bytes, when fewer than 7 bytes are left
 * record := +-------------+-----------+---------+-------------------+
 *           | checksum: 4 | length: 2 | type: 1 | payload: length   |
 *           +-------------+-----------+---------+-------------------+
 *   checksum = masked CRC32C over the type byte and the payload (little-endian u32)
 *   length   = payload bytes in this fragment (little-endian u16)
 *   type     = 1 FULL | 2 FIRST | 3 MIDDLE | 4 LAST   (0 is reserved: zero-filled bytes)
 * </pre>
 *
 * A logical record that does not fit in the rest of its block is split into FIRST, MIDDLE...,
 * LAST fragments; one that fits is a single FULL fragment. The first logical record of every
 * file is the file header (a FULL record of {@value #FILE_HEADER_BYTES} bytes):
 *
 * <pre>
 * +-----------+------------+---------+-----------------+
 * | magic: 8  | version: 4 | kind: 4 | file number: 8  |   all little-endian
 * +-----------+------------+---------+-----------------+
 * </pre>
 *
 * The version is per kind: a WAL segment of version 2 continues with a start marker (see {@link
 * WalStartMarker}); version 1 (no marker) is still read. A MANIFEST is version 1.
 *
 * <p><b>Numbered checksums</b> (session 14): a log whose storage may still hold an earlier log's
 * bytes (a recycled pmem WAL extent, {@code docs/formats/pmem-wal.md}) stores every fragment's
 * checksum XOR-ed with {@link #checksumSeed} of its file number, the file header's included. A
 * fragment of an earlier log then fails its checksum in the new one, so a reader treats it as
 * damage (a torn tail) and never returns it. The storage says which logs do ({@link
 * io.cairn.lsm.internal.fs.AppendFile#checksumsCarryFileNumber()}); plain files do not.
 */
public final class LogFormat {
  /** Bytes of a block. */
  public static final int BLOCK_BYTES = 32 * 1024;
  /** Bytes of a fragment header: checksum (4), length (2), type (1). */
  public static final int HEADER_BYTES = 7;
  /** Offset of the checksum in a fragment header. */
  public static final int CHECKSUM_OFFSET = 0;
  /** Offset of the length in a fragment header. */
  public static final int LENGTH_OFFSET = 4;
  /** Offset of the type in a fragment header. */
  public static final int TYPE_OFFSET = 6;

  /** Reserved type: zero-filled (preallocated or never written) bytes. */
  public static final int TYPE_ZERO = 0;
  /** A whole logical record. */
  public static final int TYPE_FULL = 1;
  /** The first fragment of a logical record. */
  public static final int TYPE_FIRST = 2;
  /** A middle fragment of a logical record. */
  public static final int TYPE_MIDDLE = 3;
  /** The last fragment of a logical record. */
  public static final int TYPE_LAST = 4;

  /** "CairnLog" in ASCII, read as a little-endian u64. */
  public static final long MAGIC = 0x676f4c6e72696143L;
  /** The first version: a file header and records. Still read, and written for MANIFESTs. */
  public static final int VERSION_1 = 1;
  /** A WAL segment whose second record is its start marker ({@link WalStartMarker}). */
  public static final int WAL_VERSION_MARKED = 2;
  /** Bytes of the file header record's payload. */
  public static final int FILE_HEADER_BYTES = 24;
  /** Offset of the magic in the file header. */
  public static final int FILE_HEADER_MAGIC_OFFSET = 0;
  /** Offset of the version in the file header. */
  public static final int FILE_HEADER_VERSION_OFFSET = 8;
  /** Offset of the kind in the file header. */
  public static final int FILE_HEADER_KIND_OFFSET = 12;
  /** Offset of the file number in the file header. */
  public static final int FILE_HEADER_NUMBER_OFFSET = 16;

  /** File kind of a WAL segment (payloads are write batches). */
  public static final int KIND_WAL = 1;
  /** File kind of a MANIFEST (payloads are version edits). */
  public static final int KIND_MANIFEST = 2;

  private LogFormat() {}

  /**
   * The value a log with numbered checksums XORs into every stored fragment checksum: a
   * bijection of the file number's low 32 bits (odd multiplier, then a constant), so two logs
   * whose numbers differ below 2<sup>32</sup> never share it. Not 0 for any number below
   * 2<sup>32</sup> except one far beyond any file number a database reaches.
   */
  public static int checksumSeed(long fileNumber) {
    return (int) (fileNumber * 0x9E3779B97F4A7C15L) ^ 0x5BD1E995;
  }

  /** The version this code writes for files of {@code kind}, also the newest it reads. */
  public static int version(int kind) {
    return kind == KIND_WAL ? WAL_VERSION_MARKED : VERSION_1;
  }

  /** A readable name of a file kind, for messages. */
  public static String kindName(int kind) {
    return switch (kind) {
      case KIND_WAL -> "WAL";
      case KIND_MANIFEST -> "MANIFEST";
      default -> "kind " + kind;
    };
  }
}
