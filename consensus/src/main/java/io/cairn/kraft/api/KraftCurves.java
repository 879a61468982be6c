package io.cairn.kraft.api;

import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.sim.CurveSearch;
import io.cairn.kraft.sim.LoadRun;
import io.cairn.kraft.sim.ResourceModel;
import io.cairn.kraft.sim.SimOptions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Throughput and latency curves of Raft and KRaft in the simulator with its resource model on
 * (NIC bandwidth, CPU per message and per byte, apply cost; see docs/kraft.md §7): for each
 * protocol, cluster size and entry size, the maximum sustainable commit throughput of an
 * open-loop load, the latency-vs-offered-load points met on the way, the commit latency at half
 * load, and the election time after leader crashes. Deterministic: the same settings give the
 * same curves.
 *
 * <p>Thread-safety: {@link #run} may be called from any thread; it runs on the calling one.
 */
public final class KraftCurves {
  private static final int ENTRY_OVERHEAD_BYTES = 16;

  private KraftCurves() {}

  /** The CPU costs of the resource model (docs/kraft.md §7.2). */
  public enum Calibration {
    /** {@link ResourceModel#datacenter}: 4 + 6 µs per message, 0.5 ns per byte on each side. */
    DATACENTER,
    /** {@link ResourceModel#measuredTransport}: the Netty transport's measured cost per frame. */
    TRANSPORT;

    ResourceModel model(double gbps) {
      return this == DATACENTER ? ResourceModel.datacenter(gbps) : ResourceModel.measuredTransport(gbps);
    }
  }

  /**
   * What to measure.
   *
   * @param modes protocols, measured in this order for each size (Raft first gives the half load)
   * @param nodes cluster sizes
   * @param entryBytes log entry sizes in bytes (the write's payload plus a small command header)
   * @param linkGbps NIC bandwidth per node and direction
   * @param p99BoundMillis a load is sustained while the p99 commit latency stays under this
   * @param electionSeeds runs with repeated leader crashes for the election figures (0: skip)
   * @param seed base seed
   * @param threads worker threads: the modes' searches and the election runs go side by side
   *     (the figures do not depend on it)
   * @param calibration which CPU costs the resource model charges
   */
  public record Settings(
      List<Mode> modes, List<Integer> nodes, List<Integer> entryBytes, double linkGbps, double p99BoundMillis,
      int electionSeeds, long seed, int threads, Calibration calibration) {
    /** One thread and the datacenter calibration. */
    public Settings(List<Mode> modes, List<Integer> nodes, List<Integer> entryBytes, double linkGbps,
        double p99BoundMillis, int electionSeeds, long seed) {
      this(modes, nodes, entryBytes, linkGbps, p99BoundMillis, electionSeeds, seed, 1, Calibration.DATACENTER);
    }

    /** Validates and copies. */
    public Settings {
      Objects.requireNonNull(calibration, "calibration");
      if (threads < 1) {
        throw new InvalidArgumentException("threads must be positive, was " + threads);
      }
      modes = List.copyOf(modes);
      nodes = List.copyOf(nodes);
      entryBytes = List.copyOf(entryBytes);
      if (modes.isEmpty() || nodes.isEmpty() || entryBytes.isEmpty()) {
        throw new InvalidArgumentException("modes, nodes and entry sizes must not be empty");
      }
      for (int n : nodes) {
        if (n < 3 || n > 1000) {
          throw new InvalidArgumentException("cluster sizes must be in [3, 1000], was " + n);
        }
      }
      for (int bytes : entryBytes) {
        if (bytes < ENTRY_OVERHEAD_BYTES || bytes > 1 << 20) {
          throw new InvalidArgumentException("entry sizes must be in [16, 1 MiB], was " + bytes);
        }
      }
      if (!(linkGbps > 0)) {
        throw new InvalidArgumentException("the link bandwidth must be positive, was " + linkGbps);
      }
      if (!(p99BoundMillis > 0) || electionSeeds < 0) {
        throw new InvalidArgumentException("the p99 bound must be positive and election seeds not negative");
      }
    }
  }

  /**
   * One point of a curve.
   *
   * @param offeredPerSecond open-loop arrival rate
   * @param committedPerSecond writes committed per second of the measured window
   * @param commitMillisP50 median commit latency
   * @param commitMillisP99 99th percentile (writes not committed by the end count as 60 s)
   * @param busiestCpuShare share of the window the busiest node's event loop worked
   * @param leaderEgressMegabytesPerSecond what the leader put on its NIC
   * @param sustainable whether the rate was sustained (see {@link Settings#p99BoundMillis})
   * @param stoppedEarly the run stopped once the bound was broken: the other figures cover only
   *     the part that ran (see {@link LoadRun.Point#stoppedEarly()})
   */
  public record Point(
      double offeredPerSecond, double committedPerSecond, double commitMillisP50, double commitMillisP99,
      double busiestCpuShare, double leaderEgressMegabytesPerSecond, boolean sustainable, boolean stoppedEarly) {}

  /**
   * One configuration's curve and figures.
   *
   * @param mode protocol
   * @param nodes cluster size
   * @param entryBytes entry size
   * @param linkGbps NIC bandwidth
   * @param maxThroughputPerSecond highest sustained commit rate
   * @param electionMillisP50 median time from a leader crash to the next leader (NaN: not measured)
   * @param splitVotes terms with two or more candidates and no leader, over the election runs
   * @param elections leaders established over the election runs
   * @param halfLoadPerSecond the half load: half of Raft's maximum at this size (or of this
   *     mode's own when Raft is not measured)
   * @param commitMillisP50HalfLoad median commit latency at the half load
   * @param points the latency-vs-offered-load points, by rate
   */
  public record Curve(
      Mode mode, int nodes, int entryBytes, double linkGbps, double maxThroughputPerSecond,
      double electionMillisP50, long splitVotes, long elections, double halfLoadPerSecond,
      double commitMillisP50HalfLoad, List<Point> points) {
    /** Copies. */
    public Curve {
      points = List.copyOf(points);
    }
  }

  /** Runs every configuration of {@code settings}; {@code progress} gets one line per point and per curve. */
  public static List<Curve> run(Settings settings, Consumer<String> progress) {
    Objects.requireNonNull(progress, "progress");
    ResourceModel model = settings.calibration().model(settings.linkGbps());
    Consumer<String> report = line -> {
      synchronized (progress) {
        progress.accept(line);
      }
    };
    List<Curve> curves = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.threads(), settings.modes().size()));
    try {
      for (int nodes : settings.nodes()) {
        List<Elections> elections = new ArrayList<>();
        for (Mode mode : settings.modes()) {
          elections.add(elections(settings, mode, nodes));
        }
        for (int bytes : settings.entryBytes()) {
          curves.addAll(curvesOf(settings, model, nodes, bytes, elections, pool, report));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return curves;
  }

  /** Both modes' searches at one size (side by side on {@code pool}), then their curves. */
  private static List<Curve> curvesOf(Settings settings, ResourceModel model, int nodes, int bytes,
      List<Elections> elections, ExecutorService pool, Consumer<String> progress) {
    List<Future<CurveSearch.Result>> futures = new ArrayList<>();
    for (Mode mode : settings.modes()) {
      futures.add(pool.submit(() -> CurveSearch.search(loadOptions(mode, nodes, model), bytes - ENTRY_OVERHEAD_BYTES,
          settings.p99BoundMillis(), startRate(nodes, bytes, settings.linkGbps()), 4,
          new CurveSearch.Timing(200, 600, 400), settings.seed(),
          point -> progress.accept(String.format(java.util.Locale.ROOT,
              "%s n=%d %dB: offered %.0f/s committed %.0f/s p50 %.1f ms p99 %.1f ms%s (%d events)", mode, nodes,
              bytes, point.offeredPerSecond(), point.committedPerSecond(), point.commitMicrosP50() / 1000,
              point.commitMicrosP99() / 1000, point.stoppedEarly() ? ", stopped early" : "", point.events())))));
    }
    List<CurveSearch.Result> searched = new ArrayList<>();
    for (Future<CurveSearch.Result> future : futures) {
      searched.add(join(future));
    }
    List<Curve> curves = new ArrayList<>();
    int raft = settings.modes().indexOf(Mode.RAFT);
    for (int i = 0; i < settings.modes().size(); i++) {
      Mode mode = settings.modes().get(i);
      double half = 0.5 * searched.get(raft >= 0 ? raft : i).maxThroughputPerSecond();
      Curve curve = curve(settings, model, mode, nodes, bytes, searched.get(i), half, elections.get(i));
      progress.accept(String.format(java.util.Locale.ROOT,
          "%s n=%d %dB: max %.0f/s, election p50 %.1f ms, split votes %d, commit p50 at %.0f/s %.2f ms",
          mode, nodes, bytes, curve.maxThroughputPerSecond(), curve.electionMillisP50(), curve.splitVotes(),
          half, curve.commitMillisP50HalfLoad()));
      curves.add(curve);
    }
    return curves;
  }

  private static <T> T join(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while searching", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The election figures of one mode and size (NaN and zeros when not measured). */
  private record Elections(double millisP50, long splitVotes, long elections) {}

  /**
   * The election experiment: {@code electionSeeds} runs of 6 virtual seconds in which the leader
   * crashes every 0.8-1.5 s (and restarts 0.1-0.5 s later), with one closed-loop client and the
   * resource model on; no other fault. Entry size plays no part, so it runs once per mode and size.
   */
  private static Elections elections(Settings settings, Mode mode, int nodes) {
    if (settings.electionSeeds() == 0) {
      return new Elections(Double.NaN, 0, 0);
    }
    KraftSimulator.Settings crashes = new KraftSimulator.Settings(mode, AckPath.VIA_RELAY, nodes, "leader-crash",
        6000, 1, false, 0, settings.linkGbps());
    KraftSimulator.Report report = KraftSimulator.sweep(crashes, settings.seed(), settings.electionSeeds(),
        settings.threads(),
        (seed, passed) -> { });
    if (!report.failures().isEmpty()) {
      throw new IllegalStateException("election run failed: seed " + report.failures().getFirst().seed() + ": "
          + report.failures().getFirst().description() + "; replay: "
          + crashes.replayCommand(report.failures().getFirst().seed()));
    }
    return new Elections(report.electionMillisP50(), report.splitVotes(), report.elections());
  }

  private static Curve curve(Settings settings, ResourceModel model, Mode mode, int nodes, int bytes,
      CurveSearch.Result searched, double halfLoad, Elections elections) {
    double bound = settings.p99BoundMillis() * 1000;
    List<Point> points = searched.points().stream()
        .map(p -> new Point(p.offeredPerSecond(), p.committedPerSecond(), p.commitMicrosP50() / 1000,
            p.commitMicrosP99() / 1000, p.busiestCpuShare(), p.leaderEgressMegabytesPerSecond(),
            p.sustainable(bound), p.stoppedEarly()))
        .toList();
    double halfP50 = Double.NaN;
    if (halfLoad > 0) {
      LoadRun.Point half = LoadRun.run(loadOptions(mode, nodes, model), settings.seed(), halfLoad,
          bytes - ENTRY_OVERHEAD_BYTES, 200, 600, 400);
      halfP50 = half.commitMicrosP50() / 1000;
    }
    return new Curve(mode, nodes, bytes, settings.linkGbps(), searched.maxThroughputPerSecond(),
        elections.millisP50(), elections.splitVotes(), elections.elections(), halfLoad, halfP50, points);
  }

  /**
   * Open-loop runs: no faults, no codec round trip (sizes are still computed), no snapshots in the
   * window. Also used by the BFT comparison ({@code io.cairn.bft.sim.ProtocolComparison}).
   */
  public static SimOptions loadOptions(Mode mode, int nodes, ResourceModel model) {
    return SimOptions.builder(mode, nodes).faults(EnumSet.noneOf(io.cairn.kraft.sim.Fault.class))
        .wireRoundTrip(false).snapshotEveryEntries(1_000_000).resources(model).build();
  }

  /** A start rate well under what the leader's NIC allows Raft, so the doubling finds the knee in a few steps. */
  private static double startRate(int nodes, int bytes, double gbps) {
    double raftBound = gbps * 125e6 / ((nodes - 1.0) * (bytes + 100.0));
    return Math.max(10, Math.pow(2, Math.floor(Math.log(raftBound / 4) / Math.log(2))));
  }
}
