package io.cairn.pmem.backend;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.nio.file.StandardOpenOption.READ;

import com.intel.pmem.llpl.AnyHeap;
import com.intel.pmem.llpl.Heap;
import com.intel.pmem.llpl.HeapException;
import com.intel.pmem.llpl.MemoryBlock;
import io.cairn.common.CairnIoException;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.common.NotSupportedException;
import io.cairn.pmem.api.DurabilityMode;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemRegion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.StampedLock;

/**
 * The llpl backend: one PMDK heap (a libpmemobj pool) per region file, holding one memory block
 * that is the region ({@link RegionFormat} header, then the payload, starting on a 256-byte
 * boundary of the file). Writes go through llpl ({@code MemoryBlock.set*}, {@code copyFromArray},
 * {@code setMemory}); {@link #flush} is llpl's {@code flush}, which is {@code pmem_persist} (cache
 * line write-back and SFENCE), followed, when the file is not on DAX, by msync of the range,
 * because CPU flushes alone do not reach a disk or survive on tmpfs.
 *
 * <p>Reads and {@link #view}s go through a read-only FFM mapping of the same file (coherent with
 * llpl's: both are shared mappings of one file). llpl exposes no addresses, and this keeps reads
 * zero-copy, bounds-checked and safe against a racing close. The block's position in the file is
 * llpl's handle plus its 8-byte block metadata; that layout is verified on every open by
 * comparing the header read both ways.
 *
 * <p>Thread-safety: as {@link PmemRegion}. llpl writes raw memory, so writes and flushes hold a
 * shared lock that {@link #close()} takes exclusively: a close never unmaps under a write.
 */
public final class LlplRegion extends SegmentRegion {
  /** Bytes llpl 1.2 keeps before a {@code MemoryBlock}'s data (its size). Verified on open. */
  static final long BLOCK_METADATA_BYTES = 8;
  private static final long HEAP_OVERHEAD_BYTES = 8L << 20;
  private static final int COPY_CHUNK_BYTES = 64 * 1024;
  private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private final MemoryBlock block;
  private final long payloadInBlock;
  private final Arena arena;
  private final FileChannel channel;
  private final boolean dax;
  private final StampedLock lock = new StampedLock();

  private LlplRegion(Path file, MemoryBlock block, long headerInBlock, MemorySegment payload,
      Arena arena, FileChannel channel, boolean dax) {
    super(file, new SegmentAccess(file.getFileName().toString(), payload));
    this.block = block;
    this.payloadInBlock = headerInBlock + RegionFormat.HEADER_BYTES;
    this.arena = arena;
    this.channel = channel;
    this.dax = dax;
  }

  /**
   * Creates a heap file holding a zero-filled region of {@code payloadBytes}, durable on return.
   *
   * @throws NotSupportedException when llpl cannot run here
   * @throws InvalidArgumentException when {@code file} exists or the size is out of range
   * @throws CairnIoException when llpl or the file system refuses
   */
  public static LlplRegion create(Path file, long payloadBytes) {
    byte[] header = RegionFormat.encode(payloadBytes);
    LlplSupport.require();
    if (Files.exists(file)) {
      throw new InvalidArgumentException("pmem region " + file + " already exists");
    }
    long blockBytes = RegionFormat.HEADER_BYTES + payloadBytes + PmemRegion.XPLINE_BYTES;
    long heapBytes = Math.max(AnyHeap.MINIMUM_HEAP_SIZE, blockBytes + HEAP_OVERHEAD_BYTES + blockBytes / 64);
    Heap heap = LlplHeaps.create(file, heapBytes);
    boolean created = false;
    try {
      MemoryBlock block = heap.allocateMemoryBlock(blockBytes, false);
      long headerInBlock = headerInBlock(block);
      block.setMemory((byte) 0, 0, blockBytes);
      block.copyFromArray(header, 0, headerInBlock, header.length);
      block.flush(0, blockBytes);
      heap.setRoot(block.handle());
      // pmem_persist reaches only the page cache when the file is not on DAX.
      try (FileChannel sync = FileChannel.open(file, READ)) {
        sync.force(true);
      }
      RegionFiles.syncDirectory(file.toAbsolutePath().getParent());
      created = true;
    } catch (HeapException e) {
      throw new CairnIoException("llpl could not allocate a region of " + payloadBytes + " bytes in " + file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw CairnIoException.wrap("sync llpl heap " + file, e);
    } finally {
      LlplHeaps.release(file);
      if (!created) {
        RegionFiles.delete(file);
      }
    }
    return open(file);
  }

  /**
   * Opens the region in an existing heap file.
   *
   * @throws NotSupportedException when llpl cannot run here
   * @throws InvalidArgumentException when there is no such file
   * @throws CorruptionException when it is not a region heap or its header is wrong
   */
  public static LlplRegion open(Path file) {
    LlplSupport.require();
    if (!Files.isRegularFile(file)) {
      throw new InvalidArgumentException("no pmem region file " + file);
    }
    Heap heap = LlplHeaps.open(file);
    Arena arena = Arena.ofShared();
    FileChannel channel = null;
    try {
      long root = heap.getRoot();
      if (root == 0) {
        throw CorruptionException.at(file, 0, "llpl heap holds no Cairn region (its root is 0: an interrupted create?)");
      }
      MemoryBlock block = heap.memoryBlockFromHandle(root);
      long headerInBlock = headerInBlock(block);
      byte[] header = new byte[RegionFormat.HEADER_BYTES];
      block.copyToArray(headerInBlock, header, 0, header.length);
      long payloadBytes = RegionFormat.decode(header, file);
      if (headerInBlock + RegionFormat.HEADER_BYTES + payloadBytes > block.size()) {
        throw CorruptionException.at(file, 0, "llpl block of " + block.size() + " bytes cannot hold the "
            + payloadBytes + "-byte region its header describes");
      }
      channel = FileChannel.open(file, READ);
      MemorySegment mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
      long headerInFile = block.handle() + BLOCK_METADATA_BYTES + headerInBlock;
      if (headerInFile + RegionFormat.HEADER_BYTES + payloadBytes > mapping.byteSize()
          || !Arrays.equals(mapping.asSlice(headerInFile, header.length).toArray(JAVA_BYTE), header)) {
        throw new NotSupportedException("llpl's memory block layout in " + file
            + " is not the one this backend was written for (llpl 1.2)");
      }
      MemorySegment payload = mapping.asSlice(headerInFile + RegionFormat.HEADER_BYTES, payloadBytes);
      boolean dax = DaxProbe.probe(file.toAbsolutePath().getParent()).dax();
      return new LlplRegion(file, block, headerInBlock, payload, arena, channel, dax);
    } catch (IOException e) {
      abandon(file, arena, channel);
      throw CairnIoException.wrap("map llpl heap " + file, e);
    } catch (HeapException | IllegalArgumentException e) {
      abandon(file, arena, channel);
      throw CorruptionException.at(file, 0, "llpl cannot read the region block: " + e.getMessage());
    } catch (RuntimeException e) {
      abandon(file, arena, channel);
      throw e;
    }
  }

  /** Where the header goes in the block: the first 256-byte boundary of the file inside it. */
  private static long headerInBlock(MemoryBlock block) {
    long dataInFile = block.handle() + BLOCK_METADATA_BYTES;
    return Math.floorMod(-dataInFile, (long) PmemRegion.XPLINE_BYTES);
  }

  private static void abandon(Path file, Arena arena, FileChannel channel) {
    Arenas.close(arena);
    closeChannel(channel);
    LlplHeaps.release(file);
  }

  @Override
  public PmemBackend backend() {
    return PmemBackend.LLPL;
  }

  @Override
  public DurabilityMode durabilityMode() {
    return dax ? DurabilityMode.CPU_CACHE_FLUSH : DurabilityMode.MSYNC;
  }

  @Override
  public void writeByte(long offset, byte value) {
    long stamp = lock.readLock();
    try {
      access.check(offset, 1);
      block.setByte(payloadInBlock + offset, value);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public void writeInt(long offset, int value) {
    long stamp = lock.readLock();
    try {
      access.check(offset, Integer.BYTES);
      block.setInt(payloadInBlock + offset, NATIVE_LITTLE_ENDIAN ? value : Integer.reverseBytes(value));
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public void writeLong(long offset, long value) {
    long stamp = lock.readLock();
    try {
      access.check(offset, Long.BYTES);
      block.setLong(payloadInBlock + offset, NATIVE_LITTLE_ENDIAN ? value : Long.reverseBytes(value));
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public void write(long offset, byte[] source, int sourceOffset, int length) {
    SegmentAccess.checkArray(source.length, sourceOffset, length);
    long stamp = lock.readLock();
    try {
      access.check(offset, length);
      if (length > 0) {
        block.copyFromArray(source, sourceOffset, payloadInBlock + offset, length);
      }
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public void write(long offset, MemorySegment source) {
    long length = source.byteSize();
    long stamp = lock.readLock();
    try {
      access.check(offset, length);
      // llpl copies only from arrays: stage through a bounded buffer.
      byte[] chunk = new byte[(int) Math.min(COPY_CHUNK_BYTES, length)];
      for (long done = 0; done < length; ) {
        int bytes = (int) Math.min(chunk.length, length - done);
        MemorySegment.copy(source, JAVA_BYTE, done, chunk, 0, bytes);
        block.copyFromArray(chunk, 0, payloadInBlock + offset + done, bytes);
        done += bytes;
      }
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public void fill(long offset, long length, byte value) {
    long stamp = lock.readLock();
    try {
      access.check(offset, length);
      if (length > 0) {
        block.setMemory(value, payloadInBlock + offset, length);
      }
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public void storeLongAtomic(long offset, long value) {
    long stamp = lock.readLock();
    try {
      access.checkAtomic(offset);
      // An aligned 8-byte store is single-copy atomic on x86-64; the fence makes it a release.
      VarHandle.releaseFence();
      block.setLong(payloadInBlock + offset, NATIVE_LITTLE_ENDIAN ? value : Long.reverseBytes(value));
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public void flush(long offset, long length) {
    long stamp = lock.readLock();
    try {
      access.check(offset, length);
      if (length == 0) {
        return;
      }
      block.flush(payloadInBlock + offset, length);
      if (!dax) {
        access.payload().asSlice(offset, length).force();
      }
    } catch (UncheckedIOException e) {
      throw CairnIoException.wrap("msync llpl heap " + file, e.getCause());
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public void fence() {
    access.checkOpen();
    // llpl's flush is pmem_persist, which ends with SFENCE; this orders the Java stores around it.
    VarHandle.fullFence();
  }

  @Override
  public void close() {
    long stamp = lock.writeLock();
    try {
      if (access.isClosed()) {
        return;
      }
      access.markClosed();
      Arenas.close(arena);
      closeChannel(channel);
      LlplHeaps.release(file);
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  private static void closeChannel(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Read-only channel: nothing can be lost by a failed close.
    }
  }

  @Override
  public String toString() {
    return "LlplRegion[" + file + ", " + size() + " bytes, " + durabilityMode() + "]";
  }
}
