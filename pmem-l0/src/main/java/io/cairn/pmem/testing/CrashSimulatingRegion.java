package io.cairn.pmem.testing;

import io.cairn.common.CorruptionException;
import io.cairn.pmem.api.DurabilityMode;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.backend.RegionFiles;
import io.cairn.pmem.backend.SegmentAccess;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * <b>For tests.</b> A region in memory that remembers every 64-byte cache line written since it
 * was last made durable, and produces the images a power cut could leave: {@link #crash(long)}
 * keeps, drops or tears each such line (tearing picks each aligned 8-byte word from the old or the
 * new version independently), chosen by the seed. A {@link #storeLongAtomic} is one aligned word,
 * so it is never torn; an unaligned {@link #writeLong} can be. It follows the persistence contract
 * of {@link PmemRegion} to the letter and no further: nothing is durable before flush + fence, a
 * fence completes every earlier flush, and a line written again after its flush is not durable in
 * its new form.
 *
 * <p>It also lists the run's persist points ({@link #persistPoints()}) and can cut the power at any
 * one of them ({@link #powerCutAt}): the fence there throws {@link PowerCutException} before it
 * takes effect, and so does every later call, so a test can run its workload once per persist
 * point and check recovery on the crash images of each (see {@link CrashSweep}). The
 * {@linkplain #counters() counters} count redundant flushes and fences.
 *
 * <p>Regions of a {@link CrashSimulatingDirectory} share one simulated machine: a fence on one
 * completes flushes on all, and a power cut stops all. A region made with {@link #create} is a
 * machine of its own.
 *
 * <p>Images have the layout of a region file ({@link io.cairn.pmem.backend.RegionFormat} header +
 * payload), so {@link CrashImage#writeTo} gives a file the FFM and libpmem backends open.
 *
 * <p>Thread-safety: safe for concurrent use; each write, flush and fence is atomic with respect to
 * the simulation (one lock per simulated machine). Held in one Java array: at most about 2 GiB.
 */
public final class CrashSimulatingRegion implements PmemRegion {
  private final SimulatedFile file;
  private final SimulatedPower power;
  private final SegmentAccess access;

  CrashSimulatingRegion(SimulatedFile file) {
    this.file = file;
    this.power = file.power;
    this.access = new SegmentAccess(file.name, file.payload);
  }

  /**
   * A zero-filled region of {@code size} bytes on a simulated machine of its own.
   *
   * @throws io.cairn.common.InvalidArgumentException for a bad name or size
   */
  public static CrashSimulatingRegion create(String name, long size) {
    return new CrashSimulatingRegion(SimulatedFile.create(RegionFiles.checkName(name), new SimulatedPower(), size));
  }

  /**
   * A region holding {@code image} (a {@link CrashImage#bytes()} or a region file's bytes), all
   * durable, on a simulated machine of its own. The image is copied.
   *
   * @throws CorruptionException when its header or length is wrong
   */
  public static CrashSimulatingRegion open(String name, byte[] image) {
    return new CrashSimulatingRegion(SimulatedFile.fromImage(RegionFiles.checkName(name), new SimulatedPower(), image));
  }

  /**
   * The image a power cut now could leave, chosen by {@code seed}: the same seed on the same
   * state gives the same image. Works whether or not the power is off; changes nothing.
   */
  public CrashImage crash(long seed) {
    synchronized (power) {
      int[] fates = new int[SimulatedFile.Fate.values().length];
      byte[] image = file.crashImage(new SplittableRandom(seed), fates);
      return new CrashImage(file.name, image, fates[0], fates[1], fates[2]);
    }
  }

  /** The persist points of the run so far, on every region of this simulated machine. */
  public List<PersistPoint> persistPoints() {
    return power.points();
  }

  /**
   * Cuts the power at persist point {@code index} (counted from the machine's first): that fence,
   * create or delete throws {@link PowerCutException} without taking effect.
   *
   * @throws IllegalStateException when that point has already passed
   */
  public void powerCutAt(int index) {
    power.cutAt(index);
  }

  /** Whether the power has been cut. */
  public boolean isPowerOff() {
    return power.isOff();
  }

  /** Writes, flushes, fences and wasted ones so far, on this simulated machine. */
  public SimulationCounters counters() {
    return power.counters();
  }

  /** Whether {@code [offset, offset + length)} is durable as it reads now: pmemcheck's rule for commits. */
  public boolean isPersisted(long offset, long length) {
    synchronized (power) {
      access.check(offset, length);
      return file.isPersisted(offset, length);
    }
  }

  @Override
  public String name() {
    return file.name;
  }

  @Override
  public Optional<Path> file() {
    return Optional.empty();
  }

  @Override
  public PmemBackend backend() {
    return PmemBackend.CRASH_SIMULATION;
  }

  @Override
  public DurabilityMode durabilityMode() {
    return DurabilityMode.SIMULATED;
  }

  @Override
  public long size() {
    return access.size();
  }

  @Override
  public byte readByte(long offset) {
    power.checkOn();
    return access.readByte(offset);
  }

  @Override
  public int readInt(long offset) {
    power.checkOn();
    return access.readInt(offset);
  }

  @Override
  public long readLong(long offset) {
    power.checkOn();
    return access.readLong(offset);
  }

  @Override
  public long readLongAtomic(long offset) {
    power.checkOn();
    return access.readLongAtomic(offset);
  }

  @Override
  public void read(long offset, byte[] target, int targetOffset, int length) {
    power.checkOn();
    access.read(offset, target, targetOffset, length);
  }

  @Override
  public void read(long offset, MemorySegment target) {
    power.checkOn();
    access.read(offset, target);
  }

  @Override
  public MemorySegment view(long offset, long length) {
    power.checkOn();
    return access.view(offset, length);
  }

  /** Checks a write, then tracks its lines; the caller then stores through {@link #access}. */
  private void track(long offset, long length) {
    power.checkOn();
    access.check(offset, length);
    file.beforeWrite(offset, length);
  }

  @Override
  public void writeByte(long offset, byte value) {
    synchronized (power) {
      track(offset, 1);
      access.writeByte(offset, value);
    }
  }

  @Override
  public void writeInt(long offset, int value) {
    synchronized (power) {
      track(offset, Integer.BYTES);
      access.writeInt(offset, value);
    }
  }

  @Override
  public void writeLong(long offset, long value) {
    synchronized (power) {
      track(offset, Long.BYTES);
      access.writeLong(offset, value);
    }
  }

  @Override
  public void write(long offset, byte[] source, int sourceOffset, int length) {
    SegmentAccess.checkArray(source.length, sourceOffset, length);
    synchronized (power) {
      track(offset, length);
      access.write(offset, source, sourceOffset, length);
    }
  }

  @Override
  public void write(long offset, MemorySegment source) {
    synchronized (power) {
      track(offset, source.byteSize());
      access.write(offset, source);
    }
  }

  @Override
  public void fill(long offset, long length, byte value) {
    synchronized (power) {
      track(offset, length);
      access.fill(offset, length, value);
    }
  }

  @Override
  public void storeLongAtomic(long offset, long value) {
    synchronized (power) {
      power.checkOn();
      access.checkAtomic(offset);
      file.beforeWrite(offset, Long.BYTES);
      access.storeLongAtomic(offset, value);
    }
  }

  @Override
  public void flush(long offset, long length) {
    synchronized (power) {
      power.checkOn();
      access.check(offset, length);
      file.flush(offset, length);
    }
  }

  @Override
  public void fence() {
    access.checkOpen();
    power.fence(file.name);
  }

  @Override
  public boolean isClosed() {
    return access.isClosed();
  }

  /** Closes this handle; the simulated contents stay (in the directory, if any). */
  @Override
  public void close() {
    access.markClosed();
  }

  @Override
  public String toString() {
    return "CrashSimulatingRegion[" + file.name + ", " + size() + " bytes]";
  }
}
