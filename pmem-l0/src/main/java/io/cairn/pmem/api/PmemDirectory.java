package io.cairn.pmem.api;

import io.cairn.common.CairnIoException;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import java.util.List;

/**
 * A folder of named regions: how the L0 keeps one region per NVMTable and per Container, and how
 * recovery finds them. A directory on a file system ({@link Pmem#directory}) or in memory for
 * crash tests ({@link io.cairn.pmem.testing.CrashSimulatingDirectory}).
 *
 * <p><b>Durability</b>: {@link #create} returns a region whose header is durable and whose
 * directory entry is durable (the file is written under a temporary name, synced and renamed; a
 * crash leaves either no region or a whole, zero-filled one). {@link #delete} is durable on
 * return. See {@code docs/persistence.md}.
 *
 * <p><b>Names</b>: one path element of letters, digits, {@code . _ -}, at most 200 characters,
 * not starting with a dot; anything else is an {@link InvalidArgumentException}.
 *
 * <p><b>Thread-safety</b>: safe for concurrent use, but creating or deleting the same name from
 * two threads at once is the caller's race to avoid (the engine owns its directory).
 */
public interface PmemDirectory {
  /** Where the directory is: a path, or a label for in-memory directories. */
  String location();

  /** The options regions are opened with. */
  RegionOptions options();

  /**
   * Creates region {@code name} of {@code size} bytes, zero-filled, and opens it.
   *
   * @throws InvalidArgumentException for a bad name or size, or when {@code name} exists
   * @throws CairnIoException when the file system refuses (e.g. no space)
   */
  PmemRegion create(String name, long size);

  /**
   * Starts region {@code name} of {@code size} bytes (changeable with {@link RegionWriter#resize})
   * that is written whole and then published by {@link RegionWriter#finish}. A file-backed
   * directory lists nothing under the name until then, and a crash leaves nothing; the default
   * ({@link RegionWriter#inPlace}) creates the region zero-filled with {@link #create} at the
   * writer's first persist point and writes it in place from there, persist point by persist point.
   *
   * @throws InvalidArgumentException for a bad name or size, or when {@code name} exists
   * @throws CairnIoException when the file system refuses (e.g. no space)
   */
  default RegionWriter createWriter(String name, long size) {
    return RegionWriter.inPlace(this, name, size);
  }

  /**
   * Opens existing region {@code name}, checking its header and size.
   *
   * @throws InvalidArgumentException when there is no such region
   * @throws CorruptionException when its header or length is wrong
   */
  PmemRegion open(String name);

  /** Whether a region called {@code name} exists. */
  boolean exists(String name);

  /** The names of the regions here, sorted; files being created are not listed. */
  List<String> list();

  /**
   * Whether {@link #rename} works here: true for the FFM and libpmem file backends and the crash
   * simulator, false for llpl (its heaps are keyed by path while open) and by default.
   */
  default boolean supportsRename() {
    return false;
  }

  /**
   * Renames region {@code from} to {@code to}, atomically and durably on return (a crash leaves the
   * region under exactly one of the two names, whole). Regions open on it stay usable and write to
   * the same bytes (as with a renamed file); their {@link PmemRegion#name()} may still say {@code
   * from}. How a prepared WAL extent is claimed for a segment (session 13).
   *
   * @throws InvalidArgumentException for a bad name, when {@code from} does not exist or {@code to}
   *     does
   * @throws io.cairn.common.NotSupportedException where {@link #supportsRename()} is false
   * @throws CairnIoException when the file system refuses
   */
  default void rename(String from, String to) {
    throw new io.cairn.common.NotSupportedException("renaming pmem regions is not supported by " + this);
  }

  /**
   * Removes region {@code name}; regions open on it stay usable until closed (as with an unlinked
   * file). Does nothing when it does not exist.
   */
  void delete(String name);
}
