package io.cairn.lsm.internal.version;

import io.cairn.lsm.internal.table.TableKind;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One table file as the MANIFEST lists it: number, size, key range, kind and kind-specific
 * metadata. Immutable except for the count of live {@link Version}s that contain it: when that
 * count drops to zero the file is obsolete and is deleted.
 *
 * <p>Thread-safety: safe to share; the count is atomic.
 */
public final class FileMetaData {
  private final long number;
  private final long fileBytes;
  private final byte[] smallest;
  private final byte[] largest;
  private final TableKind kind;
  private final byte[] auxiliary;
  private final AtomicInteger liveVersions = new AtomicInteger();

  /**
   * @param number the file number
   * @param fileBytes bytes of the table
   * @param smallest smallest internal key (not copied: callers hand over ownership)
   * @param largest largest internal key (not copied)
   * @param kind the table's format
   * @param auxiliary kind-specific metadata (empty for SSTables; not copied)
   */
  public FileMetaData(long number, long fileBytes, byte[] smallest, byte[] largest, TableKind kind, byte[] auxiliary) {
    this.number = number;
    this.fileBytes = fileBytes;
    this.smallest = smallest;
    this.largest = largest;
    this.kind = kind;
    this.auxiliary = auxiliary;
  }

  /** The file number. */
  public long number() {
    return number;
  }

  /** Bytes of the table. */
  public long fileBytes() {
    return fileBytes;
  }

  /** Smallest internal key. Callers must not modify it. */
  public byte[] smallest() {
    return smallest;
  }

  /** Largest internal key. Callers must not modify it. */
  public byte[] largest() {
    return largest;
  }

  /** The table's format. */
  public TableKind kind() {
    return kind;
  }

  /** Kind-specific metadata. Callers must not modify it. */
  public byte[] auxiliary() {
    return auxiliary;
  }

  /** Counts one more live version holding this file. */
  void retain() {
    liveVersions.incrementAndGet();
  }

  /** Counts one live version less; returns true when none is left (the file is obsolete). */
  boolean release() {
    int left = liveVersions.decrementAndGet();
    assert left >= 0 : "file " + number + " released too often";
    return left == 0;
  }

  @Override
  public String toString() {
    return "#" + number + " (" + kind + ", " + fileBytes + " bytes)";
  }
}
