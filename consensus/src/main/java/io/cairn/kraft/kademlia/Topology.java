package io.cairn.kraft.kademlia;

import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two-layer Kademlia structure KRaft runs on, derived only from a {@link Configuration} (the
 * latest one in the log), so every node holding the same configuration computes the same
 * topology and none is ever learned from gossip.
 *
 * <ul>
 *   <li><b>Candidate layer.</b> {@code c = min(V, max(3, ceil(sqrt(V))))} of the {@code V} voters,
 *       spread evenly over the identifier space: the voters sorted by id, taking the one at
 *       position {@code floor((i + 1/2) V / c)} for {@code i = 0..c-1}.
 *   <li><b>Groups.</b> Every member (voter or learner) is attached to its XOR-closest candidate,
 *       found with a K-bucket lookup over the candidate layer; a candidate heads its own group.
 *       Members are listed in relay rotation order: the head, then by XOR distance to the head.
 *   <li><b>Rank.</b> Candidates are ranked by XOR distance to an anchor: the last leader a node
 *       knew (which therefore ranks itself out), else a digest of the configuration. Rank only
 *       staggers election timeouts; it never decides a vote.
 * </ul>
 *
 * <p>Thread-safety: immutable. {@link #of} remembers the last topology it built (a pure function
 * of the configuration, so sharing it between threads is safe).
 */
public final class Topology {
  /** Bucket capacity of the lookup tables; larger than any candidate layer we build, so lookups are exact. */
  private static final int BUCKET_CAPACITY = 20;

  private final List<NodeId> candidates;
  private final Set<NodeId> candidateSet;
  private final List<Group> groups;
  private final Map<NodeId, Group> groupOf;
  private final NodeId defaultAnchor;

  /** A group: the candidate at its head and its members in relay rotation order (head first). */
  public record Group(NodeId head, List<NodeId> members) {
    /** Copies the members. */
    public Group {
      members = List.copyOf(members);
    }
  }

  private Topology(List<NodeId> candidates, List<Group> groups, NodeId defaultAnchor) {
    this.candidates = List.copyOf(candidates);
    this.candidateSet = new HashSet<>(candidates);
    this.groups = List.copyOf(groups);
    this.groupOf = new HashMap<>();
    for (Group group : groups) {
      for (NodeId member : group.members()) {
        groupOf.put(member, group);
      }
    }
    this.defaultAnchor = defaultAnchor;
  }

  /** The last topology built, with its configuration: every node of a simulation asks for the same one. */
  private record Built(Configuration configuration, Topology topology) {}

  private static volatile Built lastBuilt;

  /** The topology of {@code configuration} (empty when it has no voters). */
  public static Topology of(Configuration configuration) {
    if (configuration.voters().isEmpty()) {
      return build(configuration);
    }
    Built last = lastBuilt;
    if (last != null && last.configuration().equals(configuration)) {
      return last.topology();
    }
    Topology topology = build(configuration);
    lastBuilt = new Built(configuration, topology);
    return topology;
  }

  private static Topology build(Configuration configuration) {
    List<NodeId> voters = configuration.voters();
    if (voters.isEmpty()) {
      return new Topology(List.of(), List.of(), null);
    }
    int v = voters.size();
    int c = Math.min(v, Math.max(3, (int) Math.ceil(Math.sqrt(v))));
    List<NodeId> candidates = new ArrayList<>(c);
    for (int i = 0; i < c; i++) {
      candidates.add(voters.get((int) (((2L * i + 1) * v) / (2L * c))));
    }
    KBucketTable lookup = new KBucketTable(candidates.getFirst(), candidates, BUCKET_CAPACITY);
    Map<NodeId, List<NodeId>> members = new LinkedHashMap<>();
    for (NodeId candidate : candidates) {
      members.put(candidate, new ArrayList<>(List.of(candidate)));
    }
    for (NodeId member : configuration.members()) {
      if (!members.containsKey(member)) {
        NodeId head = lookup.closest(member, 1, any -> true).getFirst();
        members.get(head).add(member);
      }
    }
    List<Group> groups = new ArrayList<>(c);
    for (Map.Entry<NodeId, List<NodeId>> group : members.entrySet()) {
      List<NodeId> rest = new ArrayList<>(group.getValue().subList(1, group.getValue().size()));
      rest.sort(XorMetric.byDistanceTo(group.getKey()));
      List<NodeId> ordered = new ArrayList<>(rest.size() + 1);
      ordered.add(group.getKey());
      ordered.addAll(rest);
      groups.add(new Group(group.getKey(), ordered));
    }
    NodeId anchor = NodeId.fromPublicKey(configuration.encode());
    return new Topology(candidates, groups, anchor);
  }

  /** The candidate layer, in id order. */
  public List<NodeId> candidates() {
    return candidates;
  }

  /** True when {@code id} belongs to the candidate layer. */
  public boolean isCandidate(NodeId id) {
    return candidateSet.contains(id);
  }

  /** All groups, one per candidate. */
  public List<Group> groups() {
    return groups;
  }

  /** The group of {@code member}, or null for a node outside the configuration. */
  public Group groupOf(NodeId member) {
    return groupOf.get(member);
  }

  /**
   * The rank of {@code node} among the candidates other than {@code anchor}, ordered by XOR
   * distance to {@code anchor} (0 = closest); the anchor itself ranks last, and -1 means {@code
   * node} is not a candidate. A null anchor means the configuration's own digest.
   */
  public int rank(NodeId node, NodeId anchor) {
    if (!candidateSet.contains(node)) {
      return -1;
    }
    NodeId point = anchor == null ? defaultAnchor : anchor;
    if (node.equals(point)) {
      return candidates.size() - 1;
    }
    int rank = 0;
    for (NodeId other : candidates) {
      if (!other.equals(node) && !other.equals(point) && XorMetric.compareDistance(point, other, node) < 0) {
        rank++;
      }
    }
    return rank;
  }
}
