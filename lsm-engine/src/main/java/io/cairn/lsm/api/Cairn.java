package io.cairn.lsm.api;

import java.nio.file.Path;

/** Opens Cairn databases. */
public final class Cairn {
  private Cairn() {}

  /**
   * Opens (or, with {@code createIfMissing}, creates) the database in {@code directory}, recovering
   * its state from the MANIFEST and replaying the WAL.
   *
   * @throws io.cairn.common.BusyException when another process has the directory open
   * @throws io.cairn.common.CorruptionException naming the file when CURRENT, MANIFEST, a WAL or
   *     a table fails its checks
   * @throws io.cairn.common.NotSupportedException for {@link L0Mode#PMEM}, which arrives with
   *     issue #7
   * @throws io.cairn.common.InvalidArgumentException when the directory holds no database and
   *     {@code createIfMissing} is false, or holds one and {@code errorIfExists} is true, or was
   *     created with another comparator
   */
  public static Db open(Path directory, Options options) {
    return io.cairn.lsm.internal.db.DbImpl.open(directory, options);
  }

  /**
   * {@link #open(Path, Options)} with the pmem L0 (and a WAL on pmem) in {@code pmem} instead of
   * the directory {@code options} name: a directory of regions the caller made, such as {@code
   * io.cairn.pmem.testing.CrashSimulatingDirectory} for a power-cut test of a store built on the
   * engine (session 18: a node's three databases). {@code options} must have {@link L0Mode#PMEM}.
   *
   * @throws io.cairn.common.InvalidArgumentException when the L0 mode is not PMEM
   */
  public static Db open(Path directory, Options options, io.cairn.pmem.api.PmemDirectory pmem) {
    java.util.Objects.requireNonNull(pmem, "pmem");
    return io.cairn.lsm.internal.db.DbImpl.open(directory, options, io.cairn.lsm.internal.fs.DiskFileLayer.INSTANCE,
        pmem);
  }

  /**
   * Whether the file system of {@code directory} (which must exist) accepts direct I/O (O_DIRECT),
   * as {@link Options#useDirectReads} and {@link Options#useDirectIoForFlushAndCompaction} need:
   * writes, reads back and removes one aligned block there.
   *
   * @throws io.cairn.common.CairnIoException when the directory cannot be written at all
   */
  public static boolean directIoSupported(Path directory) {
    try {
      io.cairn.lsm.internal.fs.DiskFileLayer.INSTANCE.requireDirectIo(directory, "useDirectReads");
      return true;
    } catch (io.cairn.common.InvalidArgumentException refused) {
      return false;
    }
  }
}
