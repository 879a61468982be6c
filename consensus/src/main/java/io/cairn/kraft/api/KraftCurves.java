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
   */
  public record Settings(
      List<Mode> modes, List<Integer> nodes, List<Integer> entryBytes, double linkGbps, double p99BoundMillis,
      int electionSeeds, long seed) {
    /** Validates and copies. */
    public Settings {
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
   */
  public record Point(
      double offeredPerSecond, double committedPerSecond, double commitMillisP50, double commitMillisP99,
      double busiestCpuShare, double leaderEgressMegabytesPerSecond, boolean sustainable) {}

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
    ResourceModel model = ResourceModel.datacenter(settings.linkGbps());
    List<Curve> curves = new ArrayList<>();
    for (int nodes : settings.nodes()) {
      for (int bytes : settings.entryBytes()) {
        List<CurveSearch.Result> searched = new ArrayList<>();
        for (Mode mode : settings.modes()) {
          searched.add(CurveSearch.search(loadOptions(mode, nodes, model), bytes - ENTRY_OVERHEAD_BYTES,
              settings.p99BoundMillis(), startRate(nodes, bytes, settings.linkGbps()), 4,
              new CurveSearch.Timing(200, 600, 400), settings.seed(),
              point -> progress.accept(String.format(java.util.Locale.ROOT,
                  "%s n=%d %dB: offered %.0f/s committed %.0f/s p50 %.1f ms p99 %.1f ms (%d events)", mode, nodes,
                  bytes, point.offeredPerSecond(), point.committedPerSecond(), point.commitMicrosP50() / 1000,
                  point.commitMicrosP99() / 1000, point.events()))));
        }
        int raft = settings.modes().indexOf(Mode.RAFT);
        for (int i = 0; i < settings.modes().size(); i++) {
          Mode mode = settings.modes().get(i);
          double half = 0.5 * searched.get(raft >= 0 ? raft : i).maxThroughputPerSecond();
          Curve curve = curve(settings, model, mode, nodes, bytes, searched.get(i), half);
          progress.accept(String.format(java.util.Locale.ROOT,
              "%s n=%d %dB: max %.0f/s, election p50 %.1f ms, split votes %d, commit p50 at %.0f/s %.2f ms",
              mode, nodes, bytes, curve.maxThroughputPerSecond(), curve.electionMillisP50(), curve.splitVotes(),
              half, curve.commitMillisP50HalfLoad()));
          curves.add(curve);
        }
      }
    }
    return curves;
  }

  private static Curve curve(Settings settings, ResourceModel model, Mode mode, int nodes, int bytes,
      CurveSearch.Result searched, double halfLoad) {
    double bound = settings.p99BoundMillis() * 1000;
    List<Point> points = searched.points().stream()
        .map(p -> new Point(p.offeredPerSecond(), p.committedPerSecond(), p.commitMicrosP50() / 1000,
            p.commitMicrosP99() / 1000, p.busiestCpuShare(), p.leaderEgressMegabytesPerSecond(),
            p.sustainable(bound)))
        .toList();
    double halfP50 = Double.NaN;
    if (halfLoad > 0) {
      LoadRun.Point half = LoadRun.run(loadOptions(mode, nodes, model), settings.seed(), halfLoad,
          bytes - ENTRY_OVERHEAD_BYTES, 200, 600, 400);
      halfP50 = half.commitMicrosP50() / 1000;
    }
    double electionP50 = Double.NaN;
    long splitVotes = 0;
    long elections = 0;
    if (settings.electionSeeds() > 0) {
      KraftSimulator.Settings crashes = new KraftSimulator.Settings(mode, AckPath.VIA_RELAY, nodes, "leader-crash",
          6000, 4, false, bytes - ENTRY_OVERHEAD_BYTES, settings.linkGbps());
      KraftSimulator.Report report = KraftSimulator.sweep(crashes, settings.seed(), settings.electionSeeds(), 1,
          (seed, passed) -> { });
      if (!report.failures().isEmpty()) {
        throw new IllegalStateException("election run failed: seed " + report.failures().getFirst().seed() + ": "
            + report.failures().getFirst().description() + "; replay: "
            + crashes.replayCommand(report.failures().getFirst().seed()));
      }
      electionP50 = report.electionMillisP50();
      splitVotes = report.splitVotes();
      elections = report.elections();
    }
    return new Curve(mode, nodes, bytes, settings.linkGbps(), searched.maxThroughputPerSecond(), electionP50,
        splitVotes, elections, halfLoad, halfP50, points);
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
