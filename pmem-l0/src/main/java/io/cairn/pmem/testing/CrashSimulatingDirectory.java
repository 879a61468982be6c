package io.cairn.pmem.testing;

import io.cairn.common.InvalidArgumentException;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import io.cairn.pmem.backend.RegionFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * <b>For tests.</b> A {@link PmemDirectory} in memory whose regions are {@link
 * CrashSimulatingRegion}s on one simulated machine: what the NVMTable and engine crash tests run
 * on. {@link #crash(long)} turns the whole directory into the one a power cut could leave; {@link
 * #persistPoints()} and {@link #powerCutAt} work across all its regions.
 *
 * <p>Directory steps follow the file backends' contract: {@link #create}, {@link #delete} and
 * {@link #rename} are atomic and durable on return, and each is a persist point, so a sweep also
 * cuts the power just before a region appears, disappears or changes its name (the crash image
 * then lacks the new region, still has the deleted one, or has the renamed one under its old
 * name).
 *
 * <p>Thread-safety: safe for concurrent use (one lock per simulated machine).
 */
public final class CrashSimulatingDirectory implements PmemDirectory {
  private final String label;
  private final SimulatedPower power = new SimulatedPower();
  private final Map<String, SimulatedFile> files = new TreeMap<>();

  /** An empty directory on a new simulated machine; {@code label} names it in messages. */
  public CrashSimulatingDirectory(String label) {
    this.label = label;
  }

  /** An empty directory labelled "crash-sim". */
  public CrashSimulatingDirectory() {
    this("crash-sim");
  }

  @Override
  public String location() {
    return "memory:" + label;
  }

  @Override
  public RegionOptions options() {
    return RegionOptions.defaults().withBackend(PmemBackend.CRASH_SIMULATION);
  }

  @Override
  public PmemRegion create(String name, long size) {
    RegionFiles.checkName(name);
    synchronized (power) {
      power.checkOn();
      if (files.containsKey(name)) {
        throw new InvalidArgumentException("pmem region " + name + " already exists in " + location());
      }
      power.directoryStep(PersistPoint.Kind.CREATE, name);
      SimulatedFile file = SimulatedFile.create(name, power, size);
      files.put(name, file);
      return new CrashSimulatingRegion(file);
    }
  }

  @Override
  public PmemRegion open(String name) {
    RegionFiles.checkName(name);
    synchronized (power) {
      power.checkOn();
      SimulatedFile file = files.get(name);
      if (file == null) {
        throw new InvalidArgumentException("no pmem region " + name + " in " + location());
      }
      return new CrashSimulatingRegion(file);
    }
  }

  @Override
  public boolean exists(String name) {
    RegionFiles.checkName(name);
    synchronized (power) {
      return files.containsKey(name);
    }
  }

  @Override
  public List<String> list() {
    synchronized (power) {
      return List.copyOf(files.keySet());
    }
  }

  @Override
  public boolean supportsRename() {
    return true;
  }

  @Override
  public void rename(String from, String to) {
    RegionFiles.checkName(from);
    RegionFiles.checkName(to);
    synchronized (power) {
      power.checkOn();
      SimulatedFile file = files.get(from);
      if (file == null) {
        throw new InvalidArgumentException("no pmem region " + from + " to rename in " + location());
      }
      if (files.containsKey(to)) {
        throw new InvalidArgumentException("cannot rename pmem region " + from + ": " + to + " already exists in "
            + location());
      }
      power.directoryStep(PersistPoint.Kind.RENAME, from);
      files.remove(from);
      file.name = to;
      files.put(to, file);
    }
  }

  @Override
  public void delete(String name) {
    RegionFiles.checkName(name);
    synchronized (power) {
      power.checkOn();
      SimulatedFile file = files.get(name);
      if (file == null) {
        return;
      }
      power.directoryStep(PersistPoint.Kind.DELETE, name);
      files.remove(name);
      power.unregister(file);
    }
  }

  /**
   * The directory a power cut now could leave, on a new simulated machine: every region's crash
   * image (see {@link CrashSimulatingRegion#crash}), chosen by {@code seed} region by region in
   * name order, so the same seed on the same state gives the same directory. Works whether or not
   * the power is off; changes nothing here.
   */
  public CrashSimulatingDirectory crash(long seed) {
    CrashSimulatingDirectory after = new CrashSimulatingDirectory(label + "-after-crash");
    for (CrashImage image : crashImages(seed)) {
      after.files.put(image.name(), SimulatedFile.fromImage(image.name(), after.power, image.bytes()));
    }
    return after;
  }

  /** The crash image of each region, by {@code seed} as in {@link #crash(long)}. */
  public List<CrashImage> crashImages(long seed) {
    List<CrashImage> images = new ArrayList<>();
    synchronized (power) {
      SplittableRandom random = new SplittableRandom(seed);
      for (SimulatedFile file : files.values()) {
        int[] fates = new int[SimulatedFile.Fate.values().length];
        byte[] image = file.crashImage(random.split(), fates);
        images.add(new CrashImage(file.name, image, fates[0], fates[1], fates[2]));
      }
    }
    return images;
  }

  /** The persist points of the run so far, across every region. */
  public List<PersistPoint> persistPoints() {
    return power.points();
  }

  /**
   * Cuts the power at persist point {@code index} (counted from this directory's first).
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

  /** Writes, flushes, fences and wasted ones so far, across every region. */
  public SimulationCounters counters() {
    return power.counters();
  }

  @Override
  public String toString() {
    return "CrashSimulatingDirectory[" + label + ", " + list() + "]";
  }
}
