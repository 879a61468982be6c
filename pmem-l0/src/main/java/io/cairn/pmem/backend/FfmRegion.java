package io.cairn.pmem.backend;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.cairn.common.CairnIoException;
import io.cairn.pmem.api.DurabilityMode;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.nio.mapmode.ExtendedMapMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FFM backend: a region file mapped with {@code FileChannel.map(mode, 0, size, Arena)}.
 *
 * <p>It first asks for {@link ExtendedMapMode#READ_WRITE_SYNC} (MAP_SYNC | MAP_SHARED_VALIDATE),
 * which the kernel grants only on a DAX file system: then {@code MemorySegment.force} of a range
 * writes back its cache lines and fences (JEP 352), and the mapping is real pmem. Elsewhere the
 * JDK refuses (an {@link IOException} "Operation not supported" from the kernel, or {@link
 * UnsupportedOperationException} when the JVM cannot write back cache lines), and the region falls
 * back to an ordinary shared mapping whose {@code force} is msync of the covered pages: "emulated
 * pmem", durable on return when the file system is (not on tmpfs across a power cut).
 *
 * <p>Thread-safety: as {@link PmemRegion}. The mapping belongs to a shared arena, so a close that
 * races with an access makes that access throw instead of touching unmapped memory.
 */
public final class FfmRegion extends SegmentRegion {
  private static final Logger LOG = LoggerFactory.getLogger(FfmRegion.class);
  private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

  /** Maps the region file in one mode: the seam through which tests make MAP_SYNC fail. */
  @FunctionalInterface
  interface Mapper {
    MemorySegment map(FileChannel.MapMode mode) throws IOException;
  }

  /** A mapping and whether it is MAP_SYNC; when not, why not. */
  record Mapping(MemorySegment segment, boolean sync, String fallbackReason) {}

  private final FileChannel channel;
  private final Arena arena;
  private final MemorySegment mapping;
  private final boolean sync;

  private FfmRegion(Path file, FileChannel channel, Arena arena, Mapping mapped, long payloadBytes) {
    super(file, new SegmentAccess(file.getFileName().toString(),
        mapped.segment().asSlice(RegionFormat.HEADER_BYTES, payloadBytes)));
    this.channel = channel;
    this.arena = arena;
    this.mapping = mapped.segment();
    this.sync = mapped.sync();
  }

  /**
   * Opens an existing region file.
   *
   * @throws io.cairn.common.InvalidArgumentException when there is no such file
   * @throws io.cairn.common.CorruptionException when its header or length is wrong
   * @throws CairnIoException when it cannot be mapped
   */
  public static FfmRegion open(Path file, RegionOptions options) {
    FileChannel channel = RegionFiles.openForMapping(file);
    Arena arena = Arena.ofShared();
    try {
      long fileBytes = channel.size();
      Mapping mapped = mapPreferringSync(mode -> channel.map(mode, 0, fileBytes, arena), options.tryMapSync(), file);
      long payloadBytes = RegionFormat.decode(
          mapped.segment().asSlice(0, RegionFormat.HEADER_BYTES).toArray(JAVA_BYTE), file);
      RegionFormat.checkFileBytes(fileBytes, payloadBytes, file);
      return new FfmRegion(file, channel, arena, mapped, payloadBytes);
    } catch (IOException e) {
      closeQuietly(arena, channel);
      throw CairnIoException.wrap("map pmem region " + file, e);
    } catch (RuntimeException e) {
      closeQuietly(arena, channel);
      throw e;
    }
  }

  /**
   * Maps with MAP_SYNC when {@code trySync} and the platform allows it, else with a plain shared
   * mapping. A refusal of MAP_SYNC is expected off DAX and only logged; a failure of the plain
   * mapping is thrown.
   */
  static Mapping mapPreferringSync(Mapper mapper, boolean trySync, Path file) throws IOException {
    String reason = "MAP_SYNC not tried (disabled in the region options)";
    if (trySync) {
      try {
        return new Mapping(mapper.map(ExtendedMapMode.READ_WRITE_SYNC), true, "");
      } catch (UnsupportedOperationException | IOException e) {
        reason = "MAP_SYNC refused (" + e.getMessage() + "): not a DAX file system";
        if (FALLBACK_LOGGED.compareAndSet(false, true)) {
          LOG.info("{}: {}; using a shared mapping made durable with msync (emulated pmem)", file, reason);
        } else {
          LOG.debug("{}: {}", file, reason);
        }
      }
    }
    return new Mapping(mapper.map(FileChannel.MapMode.READ_WRITE), false, reason);
  }

  @Override
  public PmemBackend backend() {
    return PmemBackend.FFM;
  }

  @Override
  public Optional<FileBytes> fileBytes() {
    return Optional.of(new FileBytes(file, RegionFormat.HEADER_BYTES));
  }

  @Override
  public DurabilityMode durabilityMode() {
    return sync ? DurabilityMode.MAP_SYNC : DurabilityMode.MSYNC;
  }

  @Override
  public void flush(long offset, long length) {
    access.check(offset, length);
    if (length == 0) {
      return;
    }
    try {
      // On a MAP_SYNC mapping force() writes back each cache line and fences; otherwise it is
      // msync of the pages covering the range. Either way the range is durable on return.
      mapping.asSlice(RegionFormat.HEADER_BYTES + offset, length).force();
    } catch (UncheckedIOException e) {
      throw CairnIoException.wrap("flush pmem region " + file, e.getCause());
    }
  }

  /** Touches every page of the mapping ({@code MemorySegment.load}: madvise WILLNEED, then one read per page). */
  @Override
  public void prefault() {
    access.checkOpen();
    mapping.load();
  }

  @Override
  public void fence() {
    access.checkOpen();
    // force() already waited for the write-back; this orders the Java stores around it.
    VarHandle.fullFence();
  }

  @Override
  public synchronized void close() {
    if (access.isClosed()) {
      return;
    }
    access.markClosed();
    closeQuietly(arena, channel);
  }

  private static void closeQuietly(Arena arena, FileChannel channel) {
    Arenas.close(arena);
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing {} failed: {}", channel, e.toString());
    }
  }

  @Override
  public String toString() {
    return "FfmRegion[" + file + ", " + size() + " bytes, " + durabilityMode() + "]";
  }
}
