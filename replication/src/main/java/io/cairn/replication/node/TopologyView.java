package io.cairn.replication.node;

import io.cairn.kraft.api.Mode;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.Status;
import io.cairn.kraft.kademlia.Topology;
import io.cairn.replication.api.KraftView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Translates KRaft's {@link Topology} of a node's current configuration, and the leader's
 * current relays, into member numbers for the status API ({@link KraftView}).
 *
 * <p>Thread-safety: stateless.
 */
final class TopologyView {
  private TopologyView() {}

  /** The view of {@code status} (a protocol status read on the driver thread) in {@code mode}. */
  static KraftView of(Mode mode, Status status, ToIntFunction<NodeId> memberOf) {
    String name = mode.name().toLowerCase(Locale.ROOT);
    if (mode != Mode.KRAFT || status == null) {
      return new KraftView(name, List.of(), List.of());
    }
    Topology topology = Topology.of(status.configuration());
    Map<NodeId, NodeId> relayOfHead = new HashMap<>();
    for (NodeId relay : status.relays()) {
      Topology.Group group = topology.groupOf(relay);
      if (group != null) {
        relayOfHead.put(group.head(), relay);
      }
    }
    List<Integer> candidates = new ArrayList<>();
    topology.candidates().forEach(candidate -> candidates.add(memberOf.applyAsInt(candidate)));
    List<KraftView.Group> groups = new ArrayList<>();
    for (Topology.Group group : topology.groups()) {
      List<Integer> members = new ArrayList<>();
      group.members().forEach(member -> members.add(memberOf.applyAsInt(member)));
      NodeId relay = relayOfHead.get(group.head());
      groups.add(new KraftView.Group(memberOf.applyAsInt(group.head()), members,
          relay == null ? 0 : memberOf.applyAsInt(relay)));
    }
    return new KraftView(name, candidates, groups);
  }
}
