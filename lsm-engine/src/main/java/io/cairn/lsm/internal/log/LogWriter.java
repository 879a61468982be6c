package io.cairn.lsm.internal.log;

import io.cairn.common.CairnException;
import io.cairn.common.CairnIoException;
import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import io.cairn.lsm.internal.fs.AppendFile;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Appends logical records to a log file ({@link LogFormat}), one {@code write} per record.
 *
 * <p>A record is either wholly appended or not at all: when the file refuses an append (disk
 * full), the writer cuts the file back to the end of the previous record and rethrows, so the
 * next record lands where a reader expects it. If even that cut fails the writer is {@linkplain
 * #isBroken broken} and refuses further records.
 *
 * <p>Thread-safety: not thread-safe; the engine has one appender at a time (the group-commit
 * leader, or the holder of the manifest lock). Owns its {@link AppendFile}.
 */
public final class LogWriter implements AutoCloseable {
  /** A scratch buffer grown beyond this by one huge record is dropped afterwards. */
  private static final int SCRATCH_BYTES_KEPT_MAX = 4 << 20;
  private final AppendFile file;
  private final CRC32C crc = new CRC32C();
  private byte[] scratch = new byte[LogFormat.BLOCK_BYTES];
  private int blockOffset;
  private long goodBytes;
  private boolean broken;
  /** XOR-ed into every stored checksum: 0, or the file number's seed (numbered checksums). */
  private final int checksumSeed;

  private LogWriter(AppendFile file, int checksumSeed) {
    this.file = file;
    this.checksumSeed = checksumSeed;
  }

  /**
   * A writer over a new, empty {@code file}, which first appends the file header record. Its
   * checksums carry the file number where the file asks for it ({@link
   * AppendFile#checksumsCarryFileNumber()}).
   *
   * @throws CairnIoException when the header cannot be appended
   */
  public static LogWriter create(AppendFile file, int kind, long fileNumber) {
    return create(file, kind, fileNumber, file.checksumsCarryFileNumber());
  }

  /**
   * As {@link #create(AppendFile, int, long)}, with numbered checksums ({@link
   * LogFormat#checksumSeed}) as {@code numberedChecksums} says.
   */
  public static LogWriter create(AppendFile file, int kind, long fileNumber, boolean numberedChecksums) {
    LogWriter writer = new LogWriter(file, numberedChecksums ? LogFormat.checksumSeed(fileNumber) : 0);
    byte[] header = new byte[LogFormat.FILE_HEADER_BYTES];
    Varints.putFixed64(header, LogFormat.FILE_HEADER_MAGIC_OFFSET, LogFormat.MAGIC);
    Varints.putFixed32(header, LogFormat.FILE_HEADER_VERSION_OFFSET, LogFormat.version(kind));
    Varints.putFixed32(header, LogFormat.FILE_HEADER_KIND_OFFSET, kind);
    Varints.putFixed64(header, LogFormat.FILE_HEADER_NUMBER_OFFSET, fileNumber);
    writer.addRecord(header, 0, header.length);
    return writer;
  }

  /**
   * Appends one logical record (fragmented across blocks as needed) with one file append.
   *
   * @throws CairnIoException when the file refuses it; the file is then cut back so that the
   *     record is absent (or, if the cut failed too, the writer is broken)
   */
  public void addRecord(byte[] payload, int offset, int length) {
    if (broken) {
      throw new CairnIoException("log " + file.path() + " is unusable after an earlier I/O error");
    }
    int startBlockOffset = blockOffset;
    int encoded = encodeFragments(payload, offset, length);
    try {
      file.append(scratch, 0, encoded);
      goodBytes += encoded;
      if (scratch.length > SCRATCH_BYTES_KEPT_MAX) {
        scratch = new byte[LogFormat.BLOCK_BYTES];
      }
    } catch (CairnException failure) {
      blockOffset = startBlockOffset;
      rollBack(failure);
      throw failure;
    }
  }

  /** Makes every appended record durable. */
  public void sync() {
    file.sync();
  }

  /** Bytes of the file so far. */
  public long bytes() {
    return goodBytes;
  }

  /** Whether an I/O error left the file in a state that no longer allows appends. */
  public boolean isBroken() {
    return broken;
  }

  /** The underlying file. */
  public AppendFile file() {
    return file;
  }

  /** Closes the file (without syncing). */
  @Override
  public void close() {
    file.close();
  }

  private void rollBack(CairnException failure) {
    try {
      file.truncate(goodBytes);
    } catch (CairnException truncateFailure) {
      broken = true;
      failure.addSuppressed(truncateFailure);
    }
  }

  /** Writes the fragments of the record into {@code scratch}; returns their byte count. */
  private int encodeFragments(byte[] payload, int offset, int length) {
    ensureScratch(length);
    int position = 0;
    int remaining = length;
    boolean begin = true;
    do {
      int leftover = LogFormat.BLOCK_BYTES - blockOffset;
      if (leftover < LogFormat.HEADER_BYTES) {
        Arrays.fill(scratch, position, position + leftover, (byte) 0);
        position += leftover;
        blockOffset = 0;
      }
      int available = LogFormat.BLOCK_BYTES - blockOffset - LogFormat.HEADER_BYTES;
      int fragment = Math.min(remaining, available);
      boolean end = fragment == remaining;
      int type = begin && end ? LogFormat.TYPE_FULL
          : begin ? LogFormat.TYPE_FIRST
          : end ? LogFormat.TYPE_LAST
          : LogFormat.TYPE_MIDDLE;
      position = encodeFragment(position, type, payload, offset, fragment);
      blockOffset += LogFormat.HEADER_BYTES + fragment;
      offset += fragment;
      remaining -= fragment;
      begin = false;
    } while (remaining > 0);
    return position;
  }

  private int encodeFragment(int position, int type, byte[] payload, int offset, int length) {
    crc.reset();
    crc.update(type);
    crc.update(payload, offset, length);
    Varints.putFixed32(scratch, position + LogFormat.CHECKSUM_OFFSET, Crc32c.mask((int) crc.getValue()) ^ checksumSeed);
    scratch[position + LogFormat.LENGTH_OFFSET] = (byte) length;
    scratch[position + LogFormat.LENGTH_OFFSET + 1] = (byte) (length >>> 8);
    scratch[position + LogFormat.TYPE_OFFSET] = (byte) type;
    System.arraycopy(payload, offset, scratch, position + LogFormat.HEADER_BYTES, length);
    return position + LogFormat.HEADER_BYTES + length;
  }

  private void ensureScratch(int length) {
    int fragments = length / (LogFormat.BLOCK_BYTES - LogFormat.HEADER_BYTES) + 2;
    int worst = length + fragments * (2 * LogFormat.HEADER_BYTES);
    if (scratch.length < worst) {
      scratch = new byte[Math.max(worst, scratch.length * 2)];
    }
  }
}
