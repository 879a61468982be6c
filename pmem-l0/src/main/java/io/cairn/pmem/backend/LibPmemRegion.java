package io.cairn.pmem.backend;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.cairn.common.CairnIoException;
import io.cairn.ffi.LibPmem;
import io.cairn.ffi.PmemMapping;
import io.cairn.pmem.api.DurabilityMode;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemRegion;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The libpmem backend: a region file mapped by {@code pmem_map_file} through {@link LibPmem}. On
 * real persistent memory ({@code is_pmem}) flush is {@code pmem_flush} (CLWB, CLFLUSHOPT or
 * CLFLUSH), fence is {@code pmem_drain} (SFENCE), and {@link #writeAndPersist} is one {@code
 * pmem_memcpy_persist}. Elsewhere flush is {@code pmem_msync} (durable on return) and fence only
 * orders Java stores. The file format is the FFM backend's: either can open the other's files.
 *
 * <p>Thread-safety: as {@link PmemRegion}. Every native call gets a segment of the mapping's shared
 * arena, which the JDK keeps alive for the call, so a racing close waits for the call instead of
 * unmapping under it.
 */
public final class LibPmemRegion extends SegmentRegion {
  private final LibPmem pmem;
  private final Arena arena;
  private final MemorySegment payload;
  private final boolean isPmem;

  private LibPmemRegion(Path file, LibPmem pmem, Arena arena, PmemMapping mapping, long payloadBytes) {
    super(file, new SegmentAccess(file.getFileName().toString(),
        mapping.segment().asSlice(RegionFormat.HEADER_BYTES, payloadBytes)));
    this.pmem = pmem;
    this.arena = arena;
    this.payload = access.payload();
    this.isPmem = mapping.isPmem();
  }

  /**
   * Opens an existing region file.
   *
   * @throws io.cairn.common.NotSupportedException when libpmem is not available here
   * @throws io.cairn.common.InvalidArgumentException when there is no such file
   * @throws io.cairn.common.CorruptionException when its header or length is wrong
   * @throws CairnIoException when it cannot be mapped
   */
  public static LibPmemRegion open(Path file) {
    LibPmem pmem = LibPmem.load();
    long fileBytes;
    try (FileChannel channel = RegionFiles.openForMapping(file)) {
      fileBytes = channel.size();
    } catch (IOException e) {
      throw CairnIoException.wrap("open pmem region " + file, e);
    }
    Arena arena = Arena.ofShared();
    try {
      PmemMapping mapping = pmem.mapFile(file, 0, 0, 0, arena);
      MemorySegment whole = mapping.segment();
      long payloadBytes = RegionFormat.decode(whole.asSlice(0, RegionFormat.HEADER_BYTES).toArray(JAVA_BYTE), file);
      RegionFormat.checkFileBytes(whole.byteSize(), payloadBytes, file);
      RegionFormat.checkFileBytes(fileBytes, payloadBytes, file);
      return new LibPmemRegion(file, pmem, arena, mapping, payloadBytes);
    } catch (RuntimeException e) {
      Arenas.close(arena);
      throw e;
    }
  }

  @Override
  public PmemBackend backend() {
    return PmemBackend.LIBPMEM;
  }

  @Override
  public Optional<FileBytes> fileBytes() {
    return Optional.of(new FileBytes(file, RegionFormat.HEADER_BYTES));
  }

  @Override
  public DurabilityMode durabilityMode() {
    return isPmem ? DurabilityMode.CPU_CACHE_FLUSH : DurabilityMode.MSYNC;
  }

  @Override
  public void flush(long offset, long length) {
    access.check(offset, length);
    if (length == 0) {
      return;
    }
    MemorySegment range = payload.asSlice(offset, length);
    if (isPmem) {
      pmem.flush(range);
    } else {
      pmem.msync(range);
    }
  }

  @Override
  public void fence() {
    access.checkOpen();
    if (isPmem) {
      pmem.drain();
    } else {
      VarHandle.fullFence();
    }
  }

  @Override
  public void persist(long offset, long length) {
    access.check(offset, length);
    if (length == 0) {
      fence();
      return;
    }
    MemorySegment range = payload.asSlice(offset, length);
    if (isPmem) {
      pmem.persist(range);
    } else {
      pmem.msync(range);
    }
  }

  @Override
  public void writeAndPersist(long offset, MemorySegment source) {
    access.check(offset, source.byteSize());
    if (isPmem && source.byteSize() > 0) {
      pmem.memcpyPersist(payload.asSlice(offset, source.byteSize()), source);
    } else {
      access.write(offset, source);
      persist(offset, source.byteSize());
    }
  }

  @Override
  public synchronized void close() {
    if (access.isClosed()) {
      return;
    }
    access.markClosed();
    Arenas.close(arena);
  }

  @Override
  public String toString() {
    return "LibPmemRegion[" + file + ", " + size() + " bytes, " + durabilityMode() + "]";
  }
}
