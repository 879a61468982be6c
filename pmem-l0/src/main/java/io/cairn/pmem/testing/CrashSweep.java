package io.cairn.pmem.testing;

import io.cairn.pmem.api.PmemDirectory;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * <b>For tests.</b> Crashes a workload at every persist point in turn and checks recovery on the
 * resulting directories, Yat/pmreorder style:
 *
 * <pre>{@code
 * CrashSweep.of(directory -> writeTable(directory, entries))
 *     .seedsPerPoint(16)
 *     .run((crash, recovered) -> assertTableWholeOrAbsent(recovered, entries));
 * }</pre>
 *
 * <p>A dry run lists the workload's persist points. Then, for each point {@code k} (and once more
 * after the workload completes) and each of {@code seedsPerPoint} seeds, the workload runs on a
 * fresh directory with the power cut at {@code k}, the directory is {@linkplain
 * CrashSimulatingDirectory#crash crashed} with the seed, and the check runs on the result. The
 * workload must be deterministic: the same persist points each run (checked). A failing case is
 * reported with its persist point, its call site and its seed, and {@link #onlyCase} replays it.
 *
 * <p>Thread-safety: not thread-safe; one sweep per thread.
 */
public final class CrashSweep {
  /** The code under test: writes through the directory (throws {@link PowerCutException} when cut). */
  @FunctionalInterface
  public interface Workload {
    void run(PmemDirectory directory);
  }

  /** Recovery and its checks, on the directory a crash left; throws (e.g. AssertionError) on failure. */
  @FunctionalInterface
  public interface Check {
    void verify(CrashCase crash, CrashSimulatingDirectory recovered);
  }

  /**
   * One crash of a sweep.
   *
   * @param pointIndex the persist point the power was cut at (relative to the workload's first),
   *     or the number of points when the workload completed before the crash
   * @param point that persist point, or null when the workload completed
   * @param seed the seed of the crash image
   */
  public record CrashCase(int pointIndex, PersistPoint point, long seed) {
    /** Whether the workload ran to its end before the crash. */
    public boolean completed() {
      return point == null;
    }

    @Override
    public String toString() {
      return (completed() ? "after the workload completed" : "at persist point " + point)
          + " with seed 0x" + Long.toHexString(seed);
    }
  }

  /** @param persistPoints persist points of the workload @param cases crashes checked */
  public record Result(int persistPoints, int cases) {}

  private final Workload workload;
  private Supplier<CrashSimulatingDirectory> start = CrashSimulatingDirectory::new;
  private int seedsPerPoint = 8;
  private long baseSeed = 0x5EED_C0FFEEL;
  private int onlyPoint = -1;
  private long onlySeed;

  private CrashSweep(Workload workload) {
    this.workload = Objects.requireNonNull(workload, "workload");
  }

  /** A sweep of {@code workload}, starting each run from an empty directory. */
  public static CrashSweep of(Workload workload) {
    return new CrashSweep(workload);
  }

  /** Starts each run from a directory made by {@code start} (e.g. holding earlier tables). */
  public CrashSweep startingFrom(Supplier<CrashSimulatingDirectory> newStart) {
    this.start = Objects.requireNonNull(newStart, "start");
    return this;
  }

  /** Crash images per persist point (default 8). */
  public CrashSweep seedsPerPoint(int seeds) {
    if (seeds < 1) {
      throw new IllegalArgumentException("seedsPerPoint must be at least 1: " + seeds);
    }
    this.seedsPerPoint = seeds;
    return this;
  }

  /** The seed all crash seeds derive from (default fixed, so sweeps are reproducible). */
  public CrashSweep baseSeed(long seed) {
    this.baseSeed = seed;
    return this;
  }

  /** Runs only one case, as named in a failure message: for replay and debugging. */
  public CrashSweep onlyCase(int pointIndex, long seed) {
    this.onlyPoint = pointIndex;
    this.onlySeed = seed;
    return this;
  }

  /**
   * Runs the sweep.
   *
   * @throws AssertionError naming the case when a check fails or the workload is not deterministic
   */
  public Result run(Check check) {
    List<PersistPoint> points = dryRun();
    if (onlyPoint >= 0) {
      runCase(points, onlyPoint, onlySeed, check);
      return new Result(points.size(), 1);
    }
    int cases = 0;
    for (int index = 0; index <= points.size(); index++) {
      SplittableRandom seeds = new SplittableRandom(baseSeed + index * 0x9E3779B97F4A7C15L);
      for (int s = 0; s < seedsPerPoint; s++) {
        runCase(points, index, seeds.nextLong(), check);
        cases++;
      }
    }
    return new Result(points.size(), cases);
  }

  private List<PersistPoint> dryRun() {
    CrashSimulatingDirectory directory = start.get();
    int before = directory.persistPoints().size();
    workload.run(directory);
    List<PersistPoint> all = directory.persistPoints();
    return all.subList(before, all.size());
  }

  private void runCase(List<PersistPoint> points, int index, long seed, Check check) {
    CrashSimulatingDirectory directory = start.get();
    int before = directory.persistPoints().size();
    PersistPoint expected = index < points.size() ? points.get(index) : null;
    if (expected != null) {
      directory.powerCutAt(before + index);
    }
    PersistPoint cutAt = null;
    try {
      workload.run(directory);
    } catch (PowerCutException cut) {
      cutAt = cut.point();
    }
    if (expected != null && (cutAt == null || !cutAt.site().equals(expected.site()) || cutAt.kind() != expected.kind())) {
      throw new AssertionError("the workload is not deterministic: persist point " + index + " was " + expected
          + " in the dry run but " + (cutAt == null ? "never came" : cutAt.toString()) + " this time");
    }
    CrashCase crash = new CrashCase(index, expected, seed);
    CrashSimulatingDirectory recovered = directory.crash(seed);
    try {
      check.verify(crash, recovered);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("recovery check failed after a crash " + crash + ": " + e.getMessage()
          + "\n  replay: CrashSweep...onlyCase(" + index + ", 0x" + Long.toHexString(seed) + "L)", e);
    }
  }
}
