package io.cairn.lsm.internal.fs;

import io.cairn.common.CairnIoException;
import io.cairn.common.CorruptionException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@link RandomReadFile} over a read-only memory mapping of the whole file, as LevelDB reads its
 * tables on 64-bit machines: a read is a bounds-checked copy out of the page cache, with no
 * system call and no lock. The mapping lives in a shared arena closed by {@link #close}.
 */
final class MappedReadFile implements RandomReadFile {
  private final Path path;
  private final Arena arena;
  private final MemorySegment segment;

  private MappedReadFile(Path path, Arena arena, MemorySegment segment) {
    this.path = path;
    this.arena = arena;
    this.segment = segment;
  }

  static MappedReadFile open(Path path) {
    Arena arena = Arena.ofShared();
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      MemorySegment segment = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
      return new MappedReadFile(path, arena, segment);
    } catch (IOException e) {
      arena.close();
      throw CairnIoException.wrap("map " + path, e);
    }
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public long size() {
    return segment.byteSize();
  }

  @Override
  public void read(long position, byte[] target, int offset, int length) {
    if (position < 0 || length < 0 || position > segment.byteSize() - length) {
      throw CorruptionException.at(path, position,
          "read of " + length + " bytes runs past the end of the file (" + segment.byteSize() + " bytes)");
    }
    MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, position, target, offset, length);
  }

  @Override
  public void close() {
    if (arena.scope().isAlive()) {
      arena.close();
    }
  }
}
