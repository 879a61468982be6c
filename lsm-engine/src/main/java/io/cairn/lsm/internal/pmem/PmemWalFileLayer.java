package io.cairn.lsm.internal.pmem;

import io.cairn.lsm.internal.fs.AppendFile;
import io.cairn.lsm.internal.fs.DbFileNames;
import io.cairn.lsm.internal.fs.DirectoryLock;
import io.cairn.lsm.internal.fs.FileLayer;
import io.cairn.lsm.internal.fs.RandomReadFile;
import io.cairn.lsm.internal.fs.SequentialReadFile;
import io.cairn.pmem.api.PmemDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The engine's file layer in PMEM mode: with {@code walOnPmem} new WAL segments ({@code
 * NNNNNN.log} in the database directory) become {@link PmemLogFile}s in the pmem directory;
 * everything else goes to the layer underneath. The rest of the engine (group commit, memtable
 * switches, replay, cleanup) is unchanged: it still names segments by their path.
 *
 * <p>Segments are found, replayed and deleted wherever they are, whatever {@code walOnPmem} says
 * now: a database that ran with its WAL on pmem and is reopened with it on disk (or the reverse)
 * loses nothing. Only where new segments are created follows the option.
 *
 * <p>Thread-safety: as the layer underneath; segments as {@link PmemLogFile}.
 */
public final class PmemWalFileLayer implements FileLayer, AutoCloseable {
  private final FileLayer disk;
  private final PmemDirectory pmem;
  private final Path databaseDirectory;
  private final long extentCapacity;
  private final boolean createOnPmem;
  /** Keeps the next extent ready (session 13), or null: WAL on disk, or no rename in {@code pmem}. */
  private final WalExtentPreparer preparer;

  /**
   * Deletes the prepared extents a crash left unclaimed ({@link WalExtentPreparer#deleteLeftovers})
   * and, with {@code createOnPmem} where {@code pmem} can rename regions, starts preparing the
   * first extent in the background. {@link #close} stops it.
   *
   * @param extentCapacity log bytes per pmem extent (a segment takes more extents when it grows)
   * @param createOnPmem whether new segments go to pmem ({@code walOnPmem}) or to disk
   */
  public PmemWalFileLayer(FileLayer disk, PmemDirectory pmem, Path databaseDirectory, long extentCapacity,
      boolean createOnPmem) {
    this(disk, pmem, databaseDirectory, extentCapacity, createOnPmem, null);
  }

  /**
   * As above, preparing extents on {@code prepareOn} (null: the preparer's own daemon thread).
   * Crash tests pass {@code Runnable::run} so that every run reaches the same persist points.
   */
  public PmemWalFileLayer(FileLayer disk, PmemDirectory pmem, Path databaseDirectory, long extentCapacity,
      boolean createOnPmem, Executor prepareOn) {
    this(disk, pmem, databaseDirectory, extentCapacity, createOnPmem, WalExtentPreparer.POOL_MAX, prepareOn);
  }

  /**
   * As above, keeping at most {@code recycledMax} retired extents for reuse (session 14; the
   * engine passes its {@code maxWriteBufferNumber}).
   */
  public PmemWalFileLayer(FileLayer disk, PmemDirectory pmem, Path databaseDirectory, long extentCapacity,
      boolean createOnPmem, int recycledMax, Executor prepareOn) {
    this.disk = disk;
    this.pmem = pmem;
    this.databaseDirectory = databaseDirectory;
    this.extentCapacity = extentCapacity;
    this.createOnPmem = createOnPmem;
    WalExtentPreparer.deleteLeftovers(pmem);
    this.preparer = createOnPmem && pmem.supportsRename() ? new WalExtentPreparer(pmem, extentCapacity, recycledMax, prepareOn) : null;
  }

  /** The extent preparer, or null (for tests). */
  WalExtentPreparer preparer() {
    return preparer;
  }

  /** Stops the extent preparer and deletes its unclaimed extent; the layer underneath stays open. */
  @Override
  public void close() {
    if (preparer != null) {
      preparer.close();
    }
  }

  private boolean isWal(Path path) {
    if (!databaseDirectory.equals(path.getParent())) {
      return false;
    }
    DbFileNames.Parsed parsed = DbFileNames.parse(path.getFileName().toString());
    return parsed != null && parsed.kind() == DbFileNames.Kind.LOG;
  }

  private boolean onPmem(Path path) {
    return isWal(path) && PmemLogFile.exists(pmem, path.getFileName().toString());
  }

  @Override
  public AppendFile createAppendFile(Path path) {
    return createOnPmem && isWal(path) ? PmemLogFile.create(pmem, path, extentCapacity, preparer) : disk.createAppendFile(path);
  }

  @Override
  public RandomReadFile openRandomRead(Path path) {
    return disk.openRandomRead(path);
  }

  @Override
  public AppendFile createTableFile(Path path, boolean direct) {
    return disk.createTableFile(path, direct);
  }

  @Override
  public RandomReadFile openTable(Path path, boolean direct) {
    return disk.openTable(path, direct);
  }

  @Override
  public void requireDirectIo(Path directory, String option) {
    disk.requireDirectIo(directory, option);
  }

  @Override
  public SequentialReadFile openSequential(Path path) {
    return onPmem(path) ? PmemLogFile.openReader(pmem, path) : disk.openSequential(path);
  }

  @Override
  public boolean exists(Path path) {
    return onPmem(path) || disk.exists(path);
  }

  @Override
  public long fileBytes(Path path) {
    return onPmem(path) ? PmemLogFile.length(pmem, path) : disk.fileBytes(path);
  }

  @Override
  public boolean delete(Path path) {
    // A retired segment's extents go back to the preparer for reuse (session 14), else are deleted.
    boolean deleted = isWal(path) && PmemLogFile.retireExtents(pmem, path.getFileName().toString(), preparer);
    return disk.delete(path) || deleted;
  }

  @Override
  public void renameReplacing(Path from, Path to) {
    disk.renameReplacing(from, to);
  }

  @Override
  public List<String> list(Path directory) {
    List<String> names = disk.list(directory);
    if (!databaseDirectory.equals(directory)) {
      return names;
    }
    Set<String> all = new LinkedHashSet<>(names);
    for (String region : pmem.list()) {
      DbFileNames.Parsed parsed = DbFileNames.parse(region);
      if (parsed != null && parsed.kind() == DbFileNames.Kind.LOG) {
        all.add(region);
      }
    }
    return new ArrayList<>(all);
  }

  @Override
  public void createDirectories(Path directory) {
    disk.createDirectories(directory);
  }

  @Override
  public void syncDirectory(Path directory) {
    disk.syncDirectory(directory);
  }

  @Override
  public DirectoryLock lock(Path lockFile) {
    return disk.lock(lockFile);
  }
}
