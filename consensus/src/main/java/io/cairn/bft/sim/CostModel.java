package io.cairn.bft.sim;

import io.cairn.bft.api.BftMessage;
import io.cairn.bft.api.Certificate;
import io.cairn.bft.api.NewView;
import io.cairn.bft.api.PreparedProof;
import io.cairn.bft.api.Request;
import io.cairn.bft.api.ViewChange;
import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.sim.ResourceModel;
import java.util.Objects;

/**
 * The BFT simulator's costs: the KRaft simulator's {@link ResourceModel} (one NIC per replica with
 * egress and ingress queues at the link rate, one CPU that does one thing at a time, CPU per
 * message, per byte and per executed request, propagation delay) plus what only a Byzantine
 * protocol pays: {@code verifyMicros} of CPU per Ed25519 signature a received message carries
 * (a certificate carries its votes; a view change its proofs) and {@code signMicros} per message
 * signed. One model for both simulators, so KRaft/Raft and PBFT/SBFT are compared on the same
 * hardware (docs/bft.md §7).
 *
 * <p>The signatures of one message that carries several (a certificate's votes, a view change's
 * proofs) are checked as one Ed25519 batch when that is cheaper (the core's {@code
 * Verifier.verifyAll}, the node's {@code MemberKey.verifyAll}): {@code batchFixed + batchPerSignature
 * * k} single checks for k signatures, the figures measured by {@code Ed25519BatchBenchmark} and
 * docs/bft.md §7 ("Batch verification"). A message with one signature (a pre-prepare, a prepare, a
 * commit, an SBFT share) is checked alone: {@link #ONE_BY_ONE} charges every signature alone.
 *
 * @param resources NIC, CPU per message and byte, apply cost, propagation (shared with KRaft)
 * @param verifyMicros CPU to check one Ed25519 signature (about 50 µs on one server core)
 * @param signMicros CPU to make one (about 25 µs)
 * @param tickMicros virtual time between two ticks of a replica
 * @param batchFixed a batch check's fixed cost, in single checks
 * @param batchPerSignature a batch check's cost per signature, in single checks
 */
public record CostModel(ResourceModel resources, double verifyMicros, double signMicros, long tickMicros,
    double batchFixed, double batchPerSignature) {
  /** Batch check of k signatures, measured (CPU time, thread-local, k = 4..31): 1.2 + 0.53 k single checks. */
  public static final double[] MEASURED_BATCH = {1.2, 0.53};
  /** No batch checks: every signature costs one single check. */
  public static final double[] ONE_BY_ONE = {0, 1};

  /** A model whose checks are all one by one (no batch verification). */
  public CostModel(ResourceModel resources, double verifyMicros, double signMicros, long tickMicros) {
    this(resources, verifyMicros, signMicros, tickMicros, ONE_BY_ONE[0], ONE_BY_ONE[1]);
  }

  /** Validates. */
  public CostModel {
    Objects.requireNonNull(resources, "resources");
    if (!resources.enabled()) {
      throw new InvalidArgumentException("the BFT simulator needs a resource model with a link rate");
    }
    if (batchFixed < 0 || batchPerSignature <= 0 || batchPerSignature > 1) {
      throw new InvalidArgumentException("a batch check costs a non-negative fixed part and 0..1 single checks per signature");
    }
    if (verifyMicros < 0 || signMicros < 0 || tickMicros < 100) {
      throw new InvalidArgumentException("signature costs must not be negative and ticks at least 100 µs");
    }
  }

  /**
   * The sweeps' model: the datacenter CPU figures of {@link ResourceModel#datacenter} on 1 Gbit/s
   * links, but 1 ms one-way latency plus up to 0.5 ms (a wide-area-like network, so that
   * reordering and timeouts matter), Ed25519 at 50 µs to verify and 25 µs to sign, 1 ms ticks.
   */
  public static CostModel defaults() {
    ResourceModel lan = ResourceModel.datacenter(1);
    return new CostModel(new ResourceModel(1, 1000, 500, lan.sendMicros(), lan.recvMicros(), lan.cpuNanosPerByte(),
        lan.applyMicros()), 50, 25, 1000, MEASURED_BATCH[0], MEASURED_BATCH[1]);
  }

  /** {@link ResourceModel#datacenter} at {@code gbps} (as {@code sim kraft --curve} uses) plus Ed25519 costs. */
  public static CostModel datacenter(double gbps) {
    return new CostModel(ResourceModel.datacenter(gbps), 50, 25, 1000, MEASURED_BATCH[0], MEASURED_BATCH[1]);
  }

  /** This model with every signature checked alone (to compare with the batch checks). */
  public CostModel oneByOne() {
    return new CostModel(resources, verifyMicros, signMicros, tickMicros, ONE_BY_ONE[0], ONE_BY_ONE[1]);
  }

  /** CPU micros to check {@code k} signatures carried by one message: a batch when cheaper. */
  double verifyCost(int k) {
    return verifyMicros * Math.min(k, k == 0 ? 0 : batchFixed + batchPerSignature * k);
  }

  /** One-way latency before GST: the resource model's propagation. */
  long latencyMicros() {
    return resources.propagationMicros();
  }

  /** Random extra one-way latency. */
  long jitterMicros() {
    return resources.propagationSpreadMicros();
  }

  /** CPU micros a replica spends receiving {@code message} of {@code bytes}, its signatures checked. */
  double receive(BftMessage message, int bytes) {
    return resources.recvCost(bytes) + verifyCost(signatures(message));
  }

  /** CPU micros a replica spends sending {@code bytes} (the NIC's time is separate). */
  double send(int bytes) {
    return resources.sendCost(bytes);
  }

  /** CPU micros to execute {@code requests} decided requests. */
  double apply(int requests) {
    return resources.applyMicros() * requests;
  }

  /** Signatures a receiver checks in {@code message}, nested proofs included. */
  static int signatures(BftMessage message) {
    return switch (message) {
      case Request ignored -> 0;
      case Certificate c -> c.votes().size();
      case ViewChange v -> viewChange(v);
      case NewView v -> 1 + v.prePrepares().size() + v.viewChanges().stream().mapToInt(CostModel::viewChange).sum();
      default -> 1;
    };
  }

  private static int viewChange(ViewChange v) {
    int count = 1 + v.checkpoint().votes().size() + v.accepted().size();
    for (PreparedProof proof : v.prepared()) {
      count += 1 + proof.votes().size();
    }
    return count;
  }
}
