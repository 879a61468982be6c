package io.cairn.kraft.core;

import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.kademlia.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The sending side of KRaft relaying (leader, or candidate gathering votes): which member relays
 * for each group, and whether it still answers. A relay that stays silent for {@code
 * timeoutTicks} after being used is declared dead: its group is served directly at once and the
 * next member in the group's rotation order (head, then by XOR distance to the head) takes over.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class RelayTracker {
  private static final class GroupState {
    final Topology.Group group;
    int position;
    NodeId awaiting;
    int silentTicks;

    GroupState(Topology.Group group) {
      this.group = group;
    }
  }

  private final NodeId self;
  private final Map<NodeId, GroupState> byHead = new LinkedHashMap<>();
  private final Map<NodeId, GroupState> byMember = new HashMap<>();

  RelayTracker(NodeId self) {
    this.self = self;
  }

  /** Starts over with {@code topology}'s groups, each relayed by its first member other than self. */
  void reset(Topology topology) {
    byHead.clear();
    byMember.clear();
    for (Topology.Group group : topology.groups()) {
      GroupState state = new GroupState(group);
      byHead.put(group.head(), state);
      for (NodeId member : group.members()) {
        byMember.put(member, state);
      }
    }
  }

  /**
   * The member that should relay for {@code group} among those accepted by {@code usable}: the
   * current relay if usable, else the next usable one in rotation order; null if none.
   */
  NodeId relayFor(Topology.Group group, Predicate<NodeId> usable) {
    GroupState state = byHead.get(group.head());
    if (state == null) {
      return null;
    }
    List<NodeId> members = group.members();
    for (int step = 0; step < members.size(); step++) {
      NodeId candidate = members.get((state.position + step) % members.size());
      if (!candidate.equals(self) && usable.test(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** A request went out through {@code relay}; expect to hear from it. */
  void sentThrough(NodeId relay) {
    GroupState state = byMember.get(relay);
    if (state != null && state.awaiting == null) {
      state.awaiting = relay;
      state.silentTicks = 0;
    }
  }

  /** Something arrived from {@code node}: if it is a relay we wait for, it is alive. */
  void heardFrom(NodeId node) {
    GroupState state = byMember.get(node);
    if (state != null && node.equals(state.awaiting)) {
      state.awaiting = null;
      state.silentTicks = 0;
    }
  }

  /** Advances the timers; returns the groups whose relay just timed out (each rotated already). */
  List<Topology.Group> tick(int timeoutTicks) {
    List<Topology.Group> timedOut = new ArrayList<>();
    for (GroupState state : byHead.values()) {
      if (state.awaiting == null) {
        continue;
      }
      if (++state.silentTicks > timeoutTicks) {
        int dead = state.group.members().indexOf(state.awaiting);
        state.position = ((dead >= 0 ? dead : state.position) + 1) % state.group.members().size();
        state.awaiting = null;
        state.silentTicks = 0;
        timedOut.add(state.group);
      }
    }
    return timedOut;
  }

  /** The relay each group would use now (for status and the simulator's relay kills). */
  List<NodeId> currentRelays() {
    List<NodeId> relays = new ArrayList<>();
    for (GroupState state : byHead.values()) {
      NodeId relay = relayFor(state.group, member -> true);
      if (relay != null) {
        relays.add(relay);
      }
    }
    return relays;
  }
}
