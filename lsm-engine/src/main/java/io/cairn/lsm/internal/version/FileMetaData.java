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
  private final byte[] compactedThrough;
  private final ContainerRefs containerRefs;
  /** Shared by every record of this file (a watermark change makes a new record, not a new file). */
  private final AtomicInteger liveVersions;

  /**
   * @param number the file number
   * @param fileBytes bytes of the table
   * @param smallest smallest internal key (not copied: callers hand over ownership)
   * @param largest largest internal key (not copied)
   * @param kind the table's format
   * @param auxiliary kind-specific metadata (empty for SSTables; not copied)
   */
  public FileMetaData(long number, long fileBytes, byte[] smallest, byte[] largest, TableKind kind, byte[] auxiliary) {
    this(number, fileBytes, smallest, largest, kind, auxiliary, null, ContainerRefs.NONE, new AtomicInteger());
  }

  private FileMetaData(long number, long fileBytes, byte[] smallest, byte[] largest, TableKind kind, byte[] auxiliary,
      byte[] compactedThrough, ContainerRefs containerRefs, AtomicInteger liveVersions) {
    this.number = number;
    this.fileBytes = fileBytes;
    this.smallest = smallest;
    this.largest = largest;
    this.kind = kind;
    this.auxiliary = auxiliary;
    this.compactedThrough = compactedThrough;
    this.containerRefs = containerRefs;
    this.liveVersions = liveVersions;
  }

  /**
   * The same L0 file after a key-range slice compaction moved every entry whose user key is at
   * most {@code userKey} to L1: those entries are no longer part of L0 (reads and later slices
   * skip them). The new record shares this one's count of live versions, so the file becomes
   * obsolete only when no version holds either record.
   *
   * @param userKey the new watermark (not copied), above the current one
   */
  public FileMetaData withCompactedThrough(byte[] userKey) {
    return new FileMetaData(number, fileBytes, smallest, largest, kind, auxiliary, userKey, containerRefs,
        liveVersions);
  }

  /**
   * This table as written with value references into pmem Containers ({@code refs}); made
   * before the file is in any version.
   */
  public FileMetaData withContainerRefs(ContainerRefs refs) {
    assert liveVersions.get() == 0 : "container references set on a live file";
    return new FileMetaData(number, fileBytes, smallest, largest, kind, auxiliary, compactedThrough, refs,
        liveVersions);
  }

  /**
   * Bytes of the data this table holds: its own bytes plus the value bytes its references name in
   * other tables' Containers. The pmem L0 is weighed by it ({@link Version#level0DataBytes}): an
   * NVMTable written by an L0 merge that kept its inputs' values in place is small by file size
   * but stands for all of them.
   */
  public long dataBytes() {
    return fileBytes + containerRefs.totalBytes();
  }

  /** The pmem Containers this table's value references name ({@link ContainerRefs#NONE}: none). */
  public ContainerRefs containerRefs() {
    return containerRefs;
  }

  /**
   * The user key through which this L0 file's entries were compacted into L1 (every entry with a
   * user key at or below it lives in L1 now), or null when none was. Callers must not modify it.
   */
  public byte[] compactedThrough() {
    return compactedThrough;
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

  /** Counts one more live version holding this file; returns true when it is the first. */
  boolean retain() {
    return liveVersions.incrementAndGet() == 1;
  }

  /** Counts one live version less; returns true when none is left (the file is obsolete). */
  boolean release() {
    int left = liveVersions.decrementAndGet();
    assert left >= 0 : "file " + number + " released too often";
    return left == 0;
  }

  @Override
  public String toString() {
    return "#" + number + " (" + kind + ", " + fileBytes + " bytes" + (compactedThrough == null ? "" : ", sliced")
        + (containerRefs.isEmpty() ? "" : ", " + containerRefs) + ")";
  }
}
