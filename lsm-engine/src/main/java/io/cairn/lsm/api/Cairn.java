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
