package io.cairn.bft.sim;

import io.cairn.bft.api.Protocol;
import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.api.KraftCurves;
import io.cairn.kraft.api.Mode;
import io.cairn.kraft.sim.CurveSearch;
import io.cairn.kraft.sim.LoadRun;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * PBFT, SBFT, Raft and KRaft at the same cluster sizes in one resource model (what {@code sim bft
 * --compare} runs; docs/bft.md §7): the KRaft simulator's {@link io.cairn.kraft.sim.ResourceModel}
 * at {@code linkGbps} for all four, plus Ed25519 costs for the two Byzantine protocols, whose every
 * message is signed and checked (Raft's are not: it trusts its authenticated links).
 *
 * <ul>
 *   <li><b>PBFT, SBFT</b>: one run of {@link BftSimulation} without faults, with enough
 *       closed-loop clients to fill every batch (saturation); throughput is the steady-state rate
 *       (between 20 % and 80 % of the requests done).
 *   <li><b>Raft, KRaft</b>: {@link CurveSearch}, the highest open-loop rate whose p99 commit
 *       latency stays under {@code p99BoundMillis}, with writes of the BFT requests' payload size;
 *       messages and bytes are counted in that rate's measured window.
 * </ul>
 *
 * Messages and bytes are node-to-node only (client requests and replies are not counted for any
 * protocol). A decision is a sequence number (a batch) for PBFT/SBFT and a log entry for Raft/KRaft;
 * per request is the common unit.
 *
 * <p>Thread-safety: {@link #run} runs on the calling thread.
 */
public final class ProtocolComparison {
  /** The BFT simulator's client requests carry 8 bytes of operation; Raft's writes carry as many. */
  static final int PAYLOAD_BYTES = 8;

  private ProtocolComparison() {}

  /**
   * What to run.
   *
   * @param nodes cluster sizes (each at least 4)
   * @param linkGbps NIC bandwidth per node and direction
   * @param clients closed-loop BFT clients (enough to fill batches)
   * @param requestsPerClient requests each BFT client sends one after another
   * @param p99BoundMillis Raft/KRaft: a rate is sustained while its p99 commit latency stays under this
   * @param seed the seed of every run
   * @param batchVerify whether PBFT/SBFT check a message's several signatures as one Ed25519 batch
   *     ({@link CostModel}); false: every signature alone, as before session 5
   */
  public record Settings(List<Integer> nodes, double linkGbps, int clients, int requestsPerClient,
      double p99BoundMillis, long seed, boolean batchVerify) {
    /** Settings with batch verification. */
    public Settings(List<Integer> nodes, double linkGbps, int clients, int requestsPerClient, double p99BoundMillis,
        long seed) {
      this(nodes, linkGbps, clients, requestsPerClient, p99BoundMillis, seed, true);
    }

    /** Validates and copies. */
    public Settings {
      nodes = List.copyOf(nodes);
      if (nodes.isEmpty() || nodes.stream().anyMatch(n -> n < 4 || n > 256)) {
        throw new InvalidArgumentException("sizes must be in [4, 256], were " + nodes);
      }
      if (!(linkGbps > 0) || clients < 1 || requestsPerClient < 1 || !(p99BoundMillis > 0)) {
        throw new InvalidArgumentException("link rate, clients, requests and p99 bound must be positive");
      }
    }
  }

  /**
   * One protocol at one size.
   *
   * @param protocol pbft, sbft, raft or kraft
   * @param nodes cluster size
   * @param messagesPerRequest node-to-node messages per committed request
   * @param bytesPerRequest their bytes per committed request
   * @param messagesPerDecision per sequence number (PBFT/SBFT) or log entry (Raft/KRaft)
   * @param bytesPerDecision likewise
   * @param throughputPerSecond committed requests per second of virtual time
   * @param busiestCpuShare the busiest node's CPU share over the measured time
   * @param primaryCpuShare PBFT/SBFT: the primary's CPU share over the run (NaN for Raft/KRaft)
   * @param backupCpuShare PBFT/SBFT: the backups' mean CPU share (SBFT's rotating collectors are
   *     backups, so their certificate work shows here; NaN for Raft/KRaft)
   */
  public record Row(String protocol, int nodes, double messagesPerRequest, double bytesPerRequest,
      double messagesPerDecision, double bytesPerDecision, double throughputPerSecond, double busiestCpuShare,
      double primaryCpuShare, double backupCpuShare) {}

  /** The protocols a comparison can run, in table order. */
  public static final List<String> PROTOCOLS = List.of("pbft", "sbft", "raft", "kraft");

  /** Runs every protocol at every size; {@code progress} gets one line per row. */
  public static List<Row> run(Settings settings, Consumer<String> progress) {
    return run(settings, PROTOCOLS, progress);
  }

  /** Runs the named protocols (of {@link #PROTOCOLS}) at every size; {@code progress} gets one line per row. */
  public static List<Row> run(Settings settings, List<String> protocols, Consumer<String> progress) {
    Objects.requireNonNull(progress, "progress");
    if (protocols.isEmpty() || !PROTOCOLS.containsAll(protocols)) {
      throw new InvalidArgumentException("protocols must be among " + PROTOCOLS + ", were " + protocols);
    }
    List<Row> rows = new ArrayList<>();
    for (int n : settings.nodes()) {
      for (Protocol protocol : Protocol.values()) {
        if (protocols.contains(protocol.name().toLowerCase(Locale.ROOT))) {
          rows.add(report(bft(settings, protocol, n), progress));
        }
      }
      for (Mode mode : Mode.values()) {
        if (protocols.contains(mode.name().toLowerCase(Locale.ROOT))) {
          rows.add(report(raft(settings, mode, n), progress));
        }
      }
    }
    return rows;
  }

  private static Row report(Row row, Consumer<String> progress) {
    progress.accept(String.format(Locale.ROOT, "%-5s n=%-3d %9.1f msgs/req %9.0f B/req %9.1f msgs/decision %9.0f req/s"
        + " busiest CPU %.2f primary %.2f backups %.2f", row.protocol(), row.nodes(), row.messagesPerRequest(),
        row.bytesPerRequest(), row.messagesPerDecision(), row.throughputPerSecond(), row.busiestCpuShare(),
        row.primaryCpuShare(), row.backupCpuShare()));
    return row;
  }

  static Row bft(Settings settings, Protocol protocol, int n) {
    SimSettings sim = new SimSettings(protocol, n, 0, Attack.SILENT, settings.clients(), settings.requestsPerClient(),
        0, 0, 0, false, settings.batchVerify() ? CostModel.datacenter(settings.linkGbps())
            : CostModel.datacenter(settings.linkGbps()).oneByOne());
    RunResult r = new BftSimulation(sim, settings.seed(), null).run();
    if (r.violation() != null) {
      throw new IllegalStateException(protocol + " n=" + n + " failed without faults (seed " + settings.seed() + "): "
          + r.violation());
    }
    return new Row(protocol.name().toLowerCase(Locale.ROOT), n, (double) r.messages() / r.requests(),
        (double) r.bytes() / r.requests(), (double) r.messages() / r.decisions(), (double) r.bytes() / r.decisions(),
        r.steadyPerSecond(), r.busiestCpuShare(), r.primaryCpuShare(), r.backupCpuShare());
  }

  static Row raft(Settings settings, Mode mode, int n) {
    CurveSearch.Result result = CurveSearch.search(
        KraftCurves.loadOptions(mode, n, CostModel.datacenter(settings.linkGbps()).resources()), PAYLOAD_BYTES,
        settings.p99BoundMillis(), 1024, 2, new CurveSearch.Timing(100, 300, 300), settings.seed(), point -> { });
    double bound = settings.p99BoundMillis() * 1000;
    LoadRun.Point best = result.points().stream().filter(p -> p.sustainable(bound))
        .max(Comparator.comparingDouble(LoadRun.Point::committedPerSecond))
        .orElseThrow(() -> new IllegalStateException(mode + " n=" + n + ": no sustained rate"));
    double perRequest = best.committed() == 0 ? 0 : (double) best.windowMessages() / best.committed();
    double bytesPerRequest = best.committed() == 0 ? 0 : (double) best.windowBytes() / best.committed();
    return new Row(mode.name().toLowerCase(Locale.ROOT), n, perRequest, bytesPerRequest, perRequest, bytesPerRequest,
        result.maxThroughputPerSecond(), best.busiestCpuShare(), Double.NaN, Double.NaN);
  }
}
