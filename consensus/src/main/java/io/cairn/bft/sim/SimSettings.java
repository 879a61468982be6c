package io.cairn.bft.sim;

import io.cairn.bft.api.BftConfig;
import io.cairn.bft.api.Protocol;

/**
 * One simulated cluster: the protocol, n replicas of which {@code byzantine} run {@code attack},
 * closed-loop clients that each send {@code requestsPerClient} requests one after another, and
 * {@code chaosMillis} of asynchrony (delays up to {@code chaosDelayMillis}, reordering) before the
 * network becomes synchronous (GST). The network duplicates {@code duplicatePercent}% of messages.
 * {@code addNode} adds replica n during the run (seed 002, docs/bft.md §10).
 */
public record SimSettings(Protocol protocol, int nodes, int byzantine, Attack attack, int clients,
    int requestsPerClient, int chaosMillis, int chaosDelayMillis, int duplicatePercent, boolean ed25519,
    CostModel costs, AddNode addNode) {
  /** Settings of a run that adds no replica. */
  public SimSettings(Protocol protocol, int nodes, int byzantine, Attack attack, int clients, int requestsPerClient,
      int chaosMillis, int chaosDelayMillis, int duplicatePercent, boolean ed25519, CostModel costs) {
    this(protocol, nodes, byzantine, attack, clients, requestsPerClient, chaosMillis, chaosDelayMillis,
        duplicatePercent, ed25519, costs, AddNode.NONE);
  }

  public SimSettings {
    if (nodes < 4) {
      throw new IllegalArgumentException("--nodes must be at least 4, was " + nodes);
    }
    if (byzantine < 0 || byzantine >= nodes) {
      throw new IllegalArgumentException("--byzantine must be in 0.." + (nodes - 1) + ", was " + byzantine);
    }
    if (clients < 1 || requestsPerClient < 1 || chaosMillis < 0 || chaosDelayMillis < 0 || duplicatePercent < 0
        || duplicatePercent > 100) {
      throw new IllegalArgumentException("clients and requests must be positive, chaos and duplicates non-negative");
    }
  }

  /** A sweep setting: f Byzantine replicas with mixed attacks, 4 clients, 1 s of asynchrony. */
  public static SimSettings sweep(Protocol protocol, int nodes, int byzantine) {
    return new SimSettings(protocol, nodes, byzantine, Attack.MIXED, 4, 6, 1000, 120, 3, false, CostModel.defaults());
  }

  /** The same settings with a replica added during each run. */
  public SimSettings withAddNode(AddNode add) {
    return new SimSettings(protocol, nodes, byzantine, attack, clients, requestsPerClient, chaosMillis,
        chaosDelayMillis, duplicatePercent, ed25519, costs, add);
  }

  /** The replicas' configuration. */
  public BftConfig config() {
    return BftConfig.defaults(protocol, nodes);
  }
}
