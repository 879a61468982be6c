package io.cairn.lsm.api;

/**
 * Options of one write.
 *
 * @param sync when true, the write returns only after its WAL record is durable (fsync, or
 *     flush + fence when the WAL is on pmem), so it survives a crash; when false (the default, as
 *     in LevelDB) a crash may lose the last writes but never corrupts the database
 */
public record WriteOptions(boolean sync) {
  /** {@code sync = false}. */
  public static final WriteOptions DEFAULT = new WriteOptions(false);
  /** {@code sync = true}. */
  public static final WriteOptions SYNC = new WriteOptions(true);
}
