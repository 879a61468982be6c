package io.cairn.bench.nvmtable;

import io.cairn.pmem.api.ForwardingRegion;
import io.cairn.pmem.api.LatencyModel;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import java.util.List;

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
  private final class Counting extends ForwardingRegion {
    Counting(PmemRegion region) {
      super(region);
    }

    @Override
    protected void beforeRead(long offset, long length) {
      count(offset, length);
    }
  }
}
