package io.cairn.lsm.internal.log;

import io.cairn.common.Crc32c;
import io.cairn.common.CorruptionException;
import io.cairn.common.Varints;
import io.cairn.lsm.internal.fs.SequentialReadFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads the logical records of a log file ({@link LogFormat}) in order, checking every fragment's
 * checksum, the fragment order and the file header, and applying a {@link TailPolicy} at the
 * first bad spot. An empty file is an empty log (a crash right after its creation).
 *
 * <p>Thread-safety: not thread-safe. Owns neither the file (the caller closes it) nor anything it
 * returns (each record is a fresh array).
 */
public final class LogReader {
  /** The torn tail that was dropped, for the recovery report. */
  public record Dropped(Path file, long offset, String reason) {
    @Override
    public String toString() {
      return file + " at offset " + offset + ": " + reason + " (torn tail)";
    }
  }

  private static final int EOF = -1;
  private static final int BAD = -2;

  private final SequentialReadFile file;
  private final int expectedKind;
  private final long expectedNumber;
  private final TailPolicy policy;
  private final CRC32C crc = new CRC32C();
  private final byte[] block = new byte[LogFormat.BLOCK_BYTES];
  private int blockLength;
  private long blockStart = -LogFormat.BLOCK_BYTES;
  private int position;
  private boolean endOfFile;
  private boolean headerRead;
  private boolean finished;
  private int fragmentOffset;
  private int fragmentLength;
  private long fragmentFileOffset;
  private String badReason;
  private long badOffset;
  private boolean badIsTruncation;
  private byte[] assembled = new byte[256];
  private int assembledLength;
  private long lastRecordOffset = -1;
  private Dropped dropped;
  private int version;
  /** XOR-ed into every stored checksum before the check: 0, or the expected number's seed. */
  private final int checksumSeed;

  /**
   * A reader with numbered checksums where the file says so ({@link
   * SequentialReadFile#checksumsCarryFileNumber()}).
   *
   * @param file the log, positioned at its start
   * @param expectedKind {@link LogFormat#KIND_WAL} or {@link LogFormat#KIND_MANIFEST}
   * @param expectedNumber the file number its header must carry
   * @param policy what to do at a bad spot
   */
  public LogReader(SequentialReadFile file, int expectedKind, long expectedNumber, TailPolicy policy) {
    this(file, expectedKind, expectedNumber, policy, file.checksumsCarryFileNumber());
  }

  /**
   * As above, with numbered checksums ({@link LogFormat#checksumSeed} of {@code expectedNumber})
   * as {@code numberedChecksums} says: a fragment written under another number fails its check.
   */
  public LogReader(SequentialReadFile file, int expectedKind, long expectedNumber, TailPolicy policy,
      boolean numberedChecksums) {
    this.file = file;
    this.expectedKind = expectedKind;
    this.expectedNumber = expectedNumber;
    this.policy = policy;
    this.checksumSeed = numberedChecksums ? LogFormat.checksumSeed(expectedNumber) : 0;
  }

  /**
   * The next logical record's payload (a fresh array), or null at the end of the log or at a bad
   * spot the policy drops.
   *
   * @throws CorruptionException naming the file and offset when the header is not a Cairn log of
   *     the expected kind and number, or at a bad spot the policy refuses
   */
  public byte[] readRecord() {
    if (!headerRead) {
      headerRead = true;
      byte[] header = readLogicalRecord();
      if (header == null) {
        return null;
      }
      checkFileHeader(header);
    }
    return readLogicalRecord();
  }

  /**
   * The format version in the file header, or 0 while the header is unread or when the file ends
   * (or is torn) before it. Known once the first {@link #readRecord} returned.
   */
  public int version() {
    return version;
  }

  /** File offset of the first fragment of the last record returned, or -1. */
  public long lastRecordOffset() {
    return lastRecordOffset;
  }

  /** What was dropped at a bad spot, or null when the log was read to its end intact. */
  public Dropped droppedTail() {
    return dropped;
  }

  private byte[] readLogicalRecord() {
    if (finished) {
      return null;
    }
    boolean inFragmented = false;
    long recordOffset = 0;
    while (true) {
      int type = readFragment();
      switch (type) {
        case LogFormat.TYPE_FULL -> {
          if (inFragmented) {
            return badSpot(recordOffset, "a FULL fragment interrupts a fragmented record", true, false);
          }
          lastRecordOffset = fragmentFileOffset;
          return Arrays.copyOfRange(block, fragmentOffset, fragmentOffset + fragmentLength);
        }
        case LogFormat.TYPE_FIRST -> {
          if (inFragmented) {
            return badSpot(recordOffset, "a FIRST fragment interrupts a fragmented record", true, false);
          }
          inFragmented = true;
          recordOffset = fragmentFileOffset;
          assembledLength = 0;
          appendFragment();
        }
        case LogFormat.TYPE_MIDDLE, LogFormat.TYPE_LAST -> {
          if (!inFragmented) {
            return badSpot(fragmentFileOffset, "a MIDDLE or LAST fragment without its FIRST", true, false);
          }
          appendFragment();
          if (type == LogFormat.TYPE_LAST) {
            lastRecordOffset = recordOffset;
            return Arrays.copyOf(assembled, assembledLength);
          }
        }
        case EOF -> {
          if (inFragmented) {
            return badSpot(recordOffset, "the file ends inside a fragmented record", false, true);
          }
          finished = true;
          return null;
        }
        default -> {
          long spot = badOffset;
          boolean truncation = badIsTruncation;
          return badSpot(inFragmented ? recordOffset : spot, badReason, intactRecordFollows(spot), truncation);
        }
      }
    }
  }

  /** Reads one fragment; returns its type, {@link #EOF} or {@link #BAD} (reason in badReason). */
  private int readFragment() {
    while (true) {
      int available = blockLength - position;
      if (available < LogFormat.HEADER_BYTES) {
        if (!endOfFile) {
          readBlock();
          continue;
        }
        if (available > 0 && !allZero(position, blockLength)) {
          return bad(position, "the file ends inside a fragment header", true);
        }
        return EOF;
      }
      int result = parseFragmentAt(position);
      if (result == BAD) {
        return BAD;
      }
      position = fragmentOffset + fragmentLength;
      return result;
    }
  }

  /** Parses and checks the fragment at {@code at} of the current block. */
  private int parseFragmentAt(int at) {
    int length = (block[at + LogFormat.LENGTH_OFFSET] & 0xFF) | (block[at + LogFormat.LENGTH_OFFSET + 1] & 0xFF) << 8;
    int type = block[at + LogFormat.TYPE_OFFSET] & 0xFF;
    int stored = Varints.getFixed32(block, at + LogFormat.CHECKSUM_OFFSET);
    int masked = stored ^ checksumSeed;
    if (type == LogFormat.TYPE_ZERO && length == 0 && stored == 0) {
      return bad(at, "zero-filled bytes where a record should be", true);
    }
    if (at + LogFormat.HEADER_BYTES + length > blockLength) {
      if (!endOfFile) {
        return bad(at, "a record length of " + length + " runs past the end of its block", false);
      }
      // A cut-short append and a damaged length field look alike; the checksum tells them apart:
      // over the bytes that are there, it matches only when the whole payload is there.
      crc.reset();
      crc.update(type);
      crc.update(block, at + LogFormat.HEADER_BYTES, blockLength - at - LogFormat.HEADER_BYTES);
      return Crc32c.unmask(masked) == (int) crc.getValue()
          ? bad(at, "the record length field is damaged", false)
          : bad(at, "the file ends inside a record of " + length + " bytes", true);
    }
    crc.reset();
    crc.update(type);
    crc.update(block, at + LogFormat.HEADER_BYTES, length);
    if (Crc32c.unmask(masked) != (int) crc.getValue()) {
      return bad(at, "record checksum mismatch", false);
    }
    if (type < LogFormat.TYPE_FULL || type > LogFormat.TYPE_LAST) {
      return bad(at, "unknown record type " + type, false);
    }
    fragmentOffset = at + LogFormat.HEADER_BYTES;
    fragmentLength = length;
    fragmentFileOffset = blockStart + at;
    return type;
  }

  private int bad(int at, String reason, boolean truncation) {
    badOffset = blockStart + at;
    badReason = reason;
    badIsTruncation = truncation;
    return BAD;
  }

  /**
   * Applies the policy at a bad spot starting at file offset {@code offset}; {@code
   * intactFollows} says whether an intact fragment was seen after it, {@code truncation} whether
   * the file merely ends early there.
   */
  private byte[] badSpot(long offset, String reason, boolean intactFollows, boolean truncation) {
    finished = true;
    if (offset >= file.durableBytes() && policy != TailPolicy.REFUSE_ANY) {
      // Past the synced bytes: whatever follows was never promised to survive a power cut.
      dropped = new Dropped(file.path(), offset, reason + " past the " + file.durableBytes() + " synced bytes");
      return null;
    }
    if (policy == TailPolicy.DROP_TRUNCATED_TAIL && !intactFollows && !truncation) {
      throw CorruptionException.at(file.path(), offset, reason + " in the last record (not a truncated append)");
    }
    if (policy == TailPolicy.REFUSE_ANY) {
      throw CorruptionException.at(file.path(), offset, reason + " (paranoid checks refuse any damaged record)");
    }
    if (intactFollows) {
      throw CorruptionException.at(file.path(), offset,
          reason + "; intact records follow it, so this is damage, not a torn tail");
    }
    dropped = new Dropped(file.path(), offset, reason);
    return null;
  }

  /**
   * Whether any intact fragment follows the bad fragment at file offset {@code offset}: at any
   * later position of its block (its own length field may be the damaged part), or at the start
   * of any later block. Only runs on the corruption path; consumes the rest of the file.
   */
  private boolean intactRecordFollows(long offset) {
    int at = (int) (offset - blockStart);
    if (at >= 0 && at < blockLength) {
      for (int candidate = at + 1; candidate + LogFormat.HEADER_BYTES <= blockLength; candidate++) {
        if (parseFragmentAt(candidate) != BAD) {
          return true;
        }
      }
    }
    while (!endOfFile) {
      readBlock();
      if (blockLength >= LogFormat.HEADER_BYTES && parseFragmentAt(0) != BAD) {
        return true;
      }
    }
    return false;
  }

  private void checkFileHeader(byte[] header) {
    long offset = lastRecordOffset;
    if (header.length != LogFormat.FILE_HEADER_BYTES
        || Varints.getFixed64(header, LogFormat.FILE_HEADER_MAGIC_OFFSET) != LogFormat.MAGIC) {
      throw CorruptionException.at(file.path(), offset, "not a Cairn log file (bad file header or magic)");
    }
    int version = Varints.getFixed32(header, LogFormat.FILE_HEADER_VERSION_OFFSET);
    int kind = Varints.getFixed32(header, LogFormat.FILE_HEADER_KIND_OFFSET);
    if (kind != expectedKind) {
      throw CorruptionException.at(file.path(), offset,
          "file is a " + LogFormat.kindName(kind) + ", expected a " + LogFormat.kindName(expectedKind));
    }
    if (version < LogFormat.VERSION_1 || version > LogFormat.version(expectedKind)) {
      throw CorruptionException.at(file.path(), offset, "log format version " + version
          + " is not supported (this build reads 1 to " + LogFormat.version(expectedKind) + ")");
    }
    long number = Varints.getFixed64(header, LogFormat.FILE_HEADER_NUMBER_OFFSET);
    if (number != expectedNumber) {
      throw CorruptionException.at(file.path(), offset,
          "file header says file number " + number + ", expected " + expectedNumber);
    }
    this.version = version;
  }

  private void appendFragment() {
    if (assembledLength + fragmentLength > assembled.length) {
      assembled = Arrays.copyOf(assembled, Math.max(assembled.length * 2, assembledLength + fragmentLength));
    }
    System.arraycopy(block, fragmentOffset, assembled, assembledLength, fragmentLength);
    assembledLength += fragmentLength;
  }

  private void readBlock() {
    blockStart += LogFormat.BLOCK_BYTES;
    blockLength = file.read(block, 0, LogFormat.BLOCK_BYTES);
    position = 0;
    if (blockLength < LogFormat.BLOCK_BYTES) {
      endOfFile = true;
    }
  }

  private boolean allZero(int from, int to) {
    for (int i = from; i < to; i++) {
      if (block[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
