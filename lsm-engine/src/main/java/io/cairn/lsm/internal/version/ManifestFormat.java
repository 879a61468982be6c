package io.cairn.lsm.internal.version;

/**
 * The MANIFEST and CURRENT formats. See {@code docs/formats/manifest.md}.
 *
 * <p>A MANIFEST is a log file ({@link io.cairn.lsm.internal.log.LogFormat}, kind MANIFEST, whose
 * header carries magic, version and file number); each logical record after the header is one
 * version edit, a sequence of tagged fields:
 *
 * <pre>
 * edit  := field*
 * field := varint32 tag | body
 *   tag 1  comparator      varint32 length | name bytes (UTF-8)
 *   tag 2  log number      varint64        WAL segments below it are flushed
 *   tag 3  next file       varint64        next unused file number
 *   tag 4  last sequence   varint64
 *   tag 5  compact pointer varint32 level | varint32 length | internal key
 *   tag 6  deleted file    varint32 level | varint64 file number
 *   tag 7  new file        varint32 level | varint64 file number | varint64 file bytes
 *                          | varint32 table kind (0 SSTable, 1 NVMTable)
 *                          | varint32 length | smallest internal key
 *                          | varint32 length | largest internal key
 *                          | varint32 length | auxiliary bytes (kind-specific; empty for SSTables)
 *   tag 8  L0 compacted   varint64 file number | varint32 length | user key
 *                          (a slice compaction moved every entry of that L0 file with a user
 *                          key at or below this one into L1; the file stays in L0 for the rest)
 *   tag 9  container refs  varint64 file number | varint32 length | {@link ContainerRefs} bytes
 *                          (the pmem Containers an SSTable added in the same edit references, with
 *                          key-value separation; after every tag 7 and 8 of the edit)
 * </pre>
 *
 * An unknown tag is corruption (a newer writer would have raised the log format version). The
 * first edit of every MANIFEST is a snapshot: comparator, numbers and every live file.
 *
 * <p>CURRENT names the live MANIFEST in one line of ASCII, replaced atomically (written to a
 * temporary file, synced, renamed over CURRENT, directory synced):
 *
 * <pre>
 * "CAIRN-CURRENT" SP version SP manifest-name SP crc SP? LF
 *   version       = "1"
 *   manifest-name = "MANIFEST-" followed by at least 6 decimal digits
 *   crc           = 8 lowercase hex digits: masked CRC32C of the manifest-name bytes
 * </pre>
 */
public final class ManifestFormat {
  /** Tag of the comparator name. */
  public static final int TAG_COMPARATOR = 1;
  /** Tag of the log number. */
  public static final int TAG_LOG_NUMBER = 2;
  /** Tag of the next file number. */
  public static final int TAG_NEXT_FILE_NUMBER = 3;
  /** Tag of the last sequence number. */
  public static final int TAG_LAST_SEQUENCE = 4;
  /** Tag of a compact pointer. */
  public static final int TAG_COMPACT_POINTER = 5;
  /** Tag of a deleted file. */
  public static final int TAG_DELETED_FILE = 6;
  /** Tag of a new file. */
  public static final int TAG_NEW_FILE = 7;
  /** Tag of an L0 file's compacted-through watermark (key-range slice compaction). */
  public static final int TAG_L0_COMPACTED_THROUGH = 8;
  /** Tag of the pmem Containers a new SSTable's value references name (key-value separation). */
  public static final int TAG_CONTAINER_REFS = 9;
  /** Levels a MANIFEST may name (the options choose how many are used). */
  public static final int LEVELS_MAX = 64;

  /** First word of CURRENT. */
  public static final String CURRENT_MAGIC = "CAIRN-CURRENT";
  /** Version of the CURRENT format. */
  public static final int CURRENT_VERSION = 1;
  /** A MANIFEST is rolled over to a new one (a fresh snapshot) beyond this many bytes. */
  public static final long MANIFEST_ROLL_BYTES = 16L << 20;

  private ManifestFormat() {}
}
