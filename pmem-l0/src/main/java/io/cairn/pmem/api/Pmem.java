package io.cairn.pmem.api;

import io.cairn.common.CairnIoException;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.common.NotSupportedException;
import io.cairn.ffi.Availability;
import io.cairn.pmem.backend.Backends;
import io.cairn.pmem.backend.DaxProbe;
import io.cairn.pmem.backend.FileRegionDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Entry point of the persistence layer: region files, directories of regions, and what this
 * machine supports.
 *
 * <pre>{@code
 * PmemDirectory l0 = Pmem.directory(Path.of("/mnt/pmem0/db"), RegionOptions.defaults());
 * try (PmemRegion table = l0.create("000012.nvm", 64 << 20)) {
 *   table.write(0, entries);
 *   table.persist(0, entries.byteSize());
 *   table.storeLongAtomic(COMMIT_OFFSET, commitWord);
 *   table.persist(COMMIT_OFFSET, 8);
 * }
 * }</pre>
 *
 * <p>Thread-safety: stateless.
 */
public final class Pmem {
  private Pmem() {}

  /**
   * Creates a zero-filled region file of {@code size} bytes and opens it; the file is whole and
   * durable on return, or absent.
   *
   * @throws InvalidArgumentException when the file exists or the size is out of range
   * @throws NotSupportedException when the options' backend is not available here
   * @throws CairnIoException when the file system refuses
   */
  public static PmemRegion create(Path file, long size, RegionOptions options) {
    return Backends.create(file, size, options);
  }

  /**
   * Opens an existing region file with the options' backend.
   *
   * @throws InvalidArgumentException when there is no such file
   * @throws CorruptionException when its header or its length is wrong
   * @throws NotSupportedException when the options' backend is not available here
   */
  public static PmemRegion open(Path file, RegionOptions options) {
    return Backends.open(file, options);
  }

  /**
   * The regions in {@code directory}, created when absent, opened with {@code options}.
   *
   * @throws InvalidArgumentException when it exists and is not a directory
   */
  public static PmemDirectory directory(Path directory, RegionOptions options) {
    return new FileRegionDirectory(directory, options);
  }

  /** Whether {@code backend} works here, and if not, why. Never throws. */
  public static BackendStatus status(PmemBackend backend) {
    Availability availability = Backends.availability(backend);
    return new BackendStatus(backend, availability.available(), availability.reason());
  }

  /** The status of every concrete backend: ffm, libpmem, llpl, crash-sim. */
  public static List<BackendStatus> backends() {
    return Stream.of(PmemBackend.values()).filter(backend -> backend != PmemBackend.AUTO).map(Pmem::status).toList();
  }

  /**
   * Whether {@code directory} is on real persistent memory (DAX): asks the kernel for a MAP_SYNC
   * mapping of a small temporary file there.
   *
   * @throws InvalidArgumentException when it is not a directory
   * @throws CairnIoException when no file can be created in it
   */
  public static DaxStatus probeDax(Path directory) {
    DaxProbe.Result result = DaxProbe.probe(directory);
    return new DaxStatus(result.dax(), result.detail());
  }
}
