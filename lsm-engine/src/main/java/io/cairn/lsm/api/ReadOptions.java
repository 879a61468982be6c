package io.cairn.lsm.api;

/**
 * Options of one read or iterator.
 *
 * @param snapshot the view to read, or {@code null} for the latest state
 * @param verifyChecksums whether blocks read from SSTables are checked against their CRC32C
 *     (default true; pmem entries are always checked where they cross the persistence boundary)
 * @param fillCache whether blocks read go into the block cache (false for bulk scans)
 */
public record ReadOptions(Snapshot snapshot, boolean verifyChecksums, boolean fillCache) {
  /** Latest state, checksums verified, cache filled. */
  public static final ReadOptions DEFAULT = new ReadOptions(null, true, true);

  /** These options reading {@code snapshot}. */
  public ReadOptions withSnapshot(Snapshot snapshot) {
    return new ReadOptions(snapshot, verifyChecksums, fillCache);
  }

  /** These options with {@code fillCache} set. */
  public ReadOptions withFillCache(boolean fillCache) {
    return new ReadOptions(snapshot, verifyChecksums, fillCache);
  }
}
