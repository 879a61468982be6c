package io.cairn.pmem.api;

import io.cairn.common.InvalidArgumentException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * {@link RegionWriter#inPlace}: a region of a directory without a faster way, written with its own
 * stores and persists, every persist point kept, so crash simulations see the region's order step
 * by step.
 *
 * <p>The region is created ({@link PmemDirectory#create}, zero-filled) at the writer's first
 * persist point, atomic store or {@link #finish}; bytes written before that are held in DRAM and
 * copied into it then. So a writer that learns its size late ({@link #resize}, before its first
 * persist point) creates the region once, at its final size. Nothing before that point could
 * survive a crash anyway: it was never persisted. Publishing adds one persist of the whole range
 * written only when something was written after the last persist point (a writer that ends with
 * its own persist point, as the NVMTable commit does, gets no extra one).
 *
 * <p>Thread-safety: not thread-safe.
 */
final class InPlaceRegionWriter implements RegionWriter {
  private final PmemDirectory directory;
  private final String name;
  private long size;
  /** The region, once created; until then {@code held} has what was written. */
  private PmemRegion region;
  private byte[] held = new byte[0];
  private long end;
  private boolean writtenSincePersist;
  private boolean open = true;

  InPlaceRegionWriter(PmemDirectory directory, String name, long size) {
    if (directory.exists(name)) {
      throw new InvalidArgumentException("pmem region " + name + " already exists in " + directory.location());
    }
    if (size < 1) {
      throw new InvalidArgumentException("region size must be positive: " + size);
    }
    this.directory = directory;
    this.name = name;
    this.size = size;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void write(long offset, MemorySegment source) {
    checkOpen();
    long length = source.byteSize();
    if (region != null) {
      region.write(offset, source);
    } else {
      if (offset < 0 || length > size - offset) {
        throw new InvalidArgumentException("write of " + length + " bytes at " + offset + " is outside region "
            + name + " of " + size + " bytes");
      }
      hold(offset + length);
      MemorySegment.copy(source, 0, MemorySegment.ofArray(held), offset, length);
    }
    end = Math.max(end, offset + length);
    writtenSincePersist = true;
  }

  private void hold(long upTo) {
    if (upTo > Integer.MAX_VALUE - 8) {
      throw new InvalidArgumentException("region " + name + ": more than 2 GiB written before its first persist point");
    }
    if (upTo > held.length) {
      held = Arrays.copyOf(held, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(upTo, 2L * held.length)));
    }
  }

  @Override
  public void resize(long newSize) {
    checkOpen();
    if (region != null) {
      throw new IllegalStateException("region " + name + " is resized after its first persist point");
    }
    if (newSize < Math.max(end, 1)) {
      throw new InvalidArgumentException("region " + name + " cannot shrink to " + newSize + " bytes: " + end
          + " are written");
    }
    size = newSize;
  }

  @Override
  public void storeLongAtomic(long offset, long value) {
    checkOpen();
    created().storeLongAtomic(offset, value);
    end = Math.max(end, offset + Long.BYTES);
    writtenSincePersist = true;
  }

  @Override
  public void persist(long offset, long length) {
    checkOpen();
    created().persist(offset, length);
    writtenSincePersist = false;
  }

  @Override
  public PmemRegion finish() {
    checkOpen();
    PmemRegion result = created();
    if (writtenSincePersist) {
      result.persist(0, end);
    }
    open = false;
    return result;
  }

  /** The region, created at the writer's size with what was held, when this is the first need of it. */
  private PmemRegion created() {
    if (region == null) {
      region = directory.create(name, size);
      if (end > 0) {
        region.write(0, MemorySegment.ofArray(held).asSlice(0, end));
      }
      held = null;
    }
    return region;
  }

  @Override
  public void close() {
    if (open) {
      open = false;
      held = null;
      if (region != null) {
        region.close();
        directory.delete(name);
      }
    }
  }

  private void checkOpen() {
    if (!open) {
      throw new IllegalStateException("the writer of region " + name + " is finished or closed");
    }
  }
}
