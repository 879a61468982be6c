package io.cairn.bench.nvmtable;

import io.cairn.pmem.api.DurabilityMode;
import io.cairn.pmem.api.LatencyModel;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A directory whose regions count what is read from them: read calls, the 256-byte XPLines they
 * cover, and what {@link LatencyModel#OPTANE} would charge for them. Unlike the latency model
 * itself (which spins, and overshoots on a busy machine), counting is exact and independent of
 * the machine: it says how much of pmem each lookup touches, which is what ε trades against the
 * model's size. Reads through a view after it was taken are not seen, as with the latency model.
 *
 * <p>Thread-safety: not thread-safe; one benchmark thread reads.
 */
final class ReadCountingDirectory implements PmemDirectory {
  private final PmemDirectory directory;
  long reads;
  long xplines;
  long optaneNanos;

  ReadCountingDirectory(PmemDirectory directory) {
    this.directory = directory;
  }

  void reset() {
    reads = 0;
    xplines = 0;
    optaneNanos = 0;
  }

  private void count(long offset, long length) {
    reads++;
    if (length > 0) {
      xplines += (offset + length - 1) / PmemRegion.XPLINE_BYTES - offset / PmemRegion.XPLINE_BYTES + 1;
    }
    optaneNanos += LatencyModel.OPTANE.readCostNanos(offset, length);
  }

  @Override
  public String location() {
    return directory.location();
  }

  @Override
  public RegionOptions options() {
    return directory.options();
  }

  @Override
  public PmemRegion create(String name, long size) {
    return new Counting(directory.create(name, size));
  }

  @Override
  public PmemRegion open(String name) {
    return new Counting(directory.open(name));
  }

  @Override
  public boolean exists(String name) {
    return directory.exists(name);
  }

  @Override
  public List<String> list() {
    return directory.list();
  }

  @Override
  public void delete(String name) {
    directory.delete(name);
  }

  /** A region that counts its reads into the directory. */
  private final class Counting implements PmemRegion {
    private final PmemRegion region;

    Counting(PmemRegion region) {
      this.region = region;
    }

    @Override
    public String name() {
      return region.name();
    }

    @Override
    public Optional<Path> file() {
      return region.file();
    }

    @Override
    public PmemBackend backend() {
      return region.backend();
    }

    @Override
    public DurabilityMode durabilityMode() {
      return region.durabilityMode();
    }

    @Override
    public long size() {
      return region.size();
    }

    @Override
    public byte readByte(long offset) {
      count(offset, 1);
      return region.readByte(offset);
    }

    @Override
    public int readInt(long offset) {
      count(offset, Integer.BYTES);
      return region.readInt(offset);
    }

    @Override
    public long readLong(long offset) {
      count(offset, Long.BYTES);
      return region.readLong(offset);
    }

    @Override
    public long readLongAtomic(long offset) {
      count(offset, Long.BYTES);
      return region.readLongAtomic(offset);
    }

    @Override
    public void read(long offset, byte[] target, int targetOffset, int length) {
      count(offset, length);
      region.read(offset, target, targetOffset, length);
    }

    @Override
    public void read(long offset, MemorySegment target) {
      count(offset, target.byteSize());
      region.read(offset, target);
    }

    @Override
    public MemorySegment view(long offset, long length) {
      count(offset, length);
      return region.view(offset, length);
    }

    @Override
    public void writeByte(long offset, byte value) {
      region.writeByte(offset, value);
    }

    @Override
    public void writeInt(long offset, int value) {
      region.writeInt(offset, value);
    }

    @Override
    public void writeLong(long offset, long value) {
      region.writeLong(offset, value);
    }

    @Override
    public void write(long offset, byte[] source, int sourceOffset, int length) {
      region.write(offset, source, sourceOffset, length);
    }

    @Override
    public void write(long offset, MemorySegment source) {
      region.write(offset, source);
    }

    @Override
    public void fill(long offset, long length, byte value) {
      region.fill(offset, length, value);
    }

    @Override
    public void storeLongAtomic(long offset, long value) {
      region.storeLongAtomic(offset, value);
    }

    @Override
    public void flush(long offset, long length) {
      region.flush(offset, length);
    }

    @Override
    public void fence() {
      region.fence();
    }

    @Override
    public boolean isClosed() {
      return region.isClosed();
    }

    @Override
    public void close() {
      region.close();
    }
  }
}
