package io.cairn.kraft.api;

import io.cairn.common.ByteWriter;
import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.wire.ByteReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Cluster membership: the voters, whose majority decides elections and commits, and the learners,
 * who receive the log but do not vote. A configuration takes effect on a node as soon as its
 * entry is appended to that node's log (Raft thesis §4.1), and KRaft derives its whole topology
 * from it.
 *
 * <p>Both lists are sorted by {@link NodeId} order and disjoint; the canonical encoding ({@link
 * #encode}) depends on that.
 *
 * <p>Thread-safety: immutable.
 */
public final class Configuration {
  /** No members: the configuration of a node that has not yet received any. */
  public static final Configuration EMPTY = new Configuration(List.of(), List.of());

  private final List<NodeId> voters;
  private final List<NodeId> learners;
  private final Set<NodeId> voterSet;
  private final Set<NodeId> learnerSet;

  private Configuration(List<NodeId> voters, List<NodeId> learners) {
    this.voters = voters;
    this.learners = learners;
    this.voterSet = Set.copyOf(voters);
    this.learnerSet = Set.copyOf(learners);
  }

  /**
   * A configuration with these voters and learners (in any order).
   *
   * @throws InvalidArgumentException when a node is listed twice or is both voter and learner
   */
  public static Configuration of(Collection<NodeId> voters, Collection<NodeId> learners) {
    TreeSet<NodeId> sortedVoters = new TreeSet<>(voters);
    TreeSet<NodeId> sortedLearners = new TreeSet<>(learners);
    if (sortedVoters.size() != voters.size() || sortedLearners.size() != learners.size()) {
      throw new InvalidArgumentException("a configuration lists a node twice");
    }
    for (NodeId learner : sortedLearners) {
      if (sortedVoters.contains(learner)) {
        throw new InvalidArgumentException("node " + learner + " is both voter and learner");
      }
    }
    return new Configuration(List.copyOf(sortedVoters), List.copyOf(sortedLearners));
  }

  /** Voters only. */
  public static Configuration ofVoters(Collection<NodeId> voters) {
    return of(voters, List.of());
  }

  /** Voters, sorted. */
  public List<NodeId> voters() {
    return voters;
  }

  /** Learners, sorted. */
  public List<NodeId> learners() {
    return learners;
  }

  /** Voters then learners. */
  public List<NodeId> members() {
    List<NodeId> members = new ArrayList<>(voters.size() + learners.size());
    members.addAll(voters);
    members.addAll(learners);
    return members;
  }

  /** True when {@code id} votes. */
  public boolean isVoter(NodeId id) {
    return voterSet.contains(id);
  }

  /** True when {@code id} is a learner. */
  public boolean isLearner(NodeId id) {
    return learnerSet.contains(id);
  }

  /** True when {@code id} is a voter or a learner. */
  public boolean isMember(NodeId id) {
    return voterSet.contains(id) || learnerSet.contains(id);
  }

  /** Votes needed to win an election or commit: a strict majority of voters. */
  public int quorum() {
    return voters.size() / 2 + 1;
  }

  /**
   * The configuration after {@code change}. Every change moves exactly one node, so consecutive
   * configurations always have overlapping majorities (thesis §4.1).
   *
   * @throws InvalidArgumentException when the change does not apply (adding a member, promoting a
   *     non-learner, removing a non-member, demoting a non-voter, or removing or demoting the last
   *     voter)
   */
  public Configuration apply(ConfChange change) {
    NodeId node = change.node();
    Set<NodeId> newVoters = new HashSet<>(voters);
    Set<NodeId> newLearners = new HashSet<>(learners);
    switch (change.kind()) {
      case ADD_LEARNER -> {
        if (isMember(node)) {
          throw new InvalidArgumentException("node " + node + " is already a member");
        }
        newLearners.add(node);
      }
      case PROMOTE_LEARNER -> {
        if (!isLearner(node)) {
          throw new InvalidArgumentException("node " + node + " is not a learner");
        }
        newLearners.remove(node);
        newVoters.add(node);
      }
      case REMOVE_NODE -> {
        if (!isMember(node)) {
          throw new InvalidArgumentException("node " + node + " is not a member");
        }
        if (isVoter(node) && voters.size() == 1) {
          throw new InvalidArgumentException("cannot remove the last voter " + node);
        }
        newVoters.remove(node);
        newLearners.remove(node);
      }
      case DEMOTE_VOTER -> {
        if (!isVoter(node)) {
          throw new InvalidArgumentException("node " + node + " is not a voter");
        }
        if (voters.size() == 1) {
          throw new InvalidArgumentException("cannot demote the last voter " + node);
        }
        newVoters.remove(node);
        newLearners.add(node);
      }
    }
    return of(newVoters, newLearners);
  }

  /** The canonical encoding: voter count, voters, learner count, learners (ids sorted). */
  public byte[] encode() {
    ByteWriter writer = new ByteWriter(4 + NodeId.BYTES * (voters.size() + learners.size()));
    writeTo(writer);
    return writer.toByteArray();
  }

  /** Appends the canonical encoding to {@code writer}. */
  public void writeTo(ByteWriter writer) {
    writer.varint(voters.size());
    voters.forEach(id -> id.writeTo(writer));
    writer.varint(learners.size());
    learners.forEach(id -> id.writeTo(writer));
  }

  /**
   * Decodes {@link #encode()}'s output.
   *
   * @throws io.cairn.common.CorruptionException when the bytes are not a canonical encoding
   */
  public static Configuration decode(byte[] bytes) {
    ByteReader reader = new ByteReader(bytes, 0, bytes.length, "configuration");
    Configuration configuration = readFrom(reader);
    reader.expectEnd();
    return configuration;
  }

  /** Reads one configuration from {@code reader}, strictly (sorted, disjoint lists). */
  public static Configuration readFrom(ByteReader reader) {
    List<NodeId> voters = readSorted(reader, "voter count");
    List<NodeId> learners = readSorted(reader, "learner count");
    Set<NodeId> voterSet = new HashSet<>(voters);
    for (NodeId learner : learners) {
      if (voterSet.contains(learner)) {
        throw reader.corrupt(reader.position(), "node " + learner + " is both voter and learner");
      }
    }
    return new Configuration(List.copyOf(voters), List.copyOf(learners));
  }

  private static List<NodeId> readSorted(ByteReader reader, String field) {
    int count = reader.count(NodeId.BYTES, field);
    List<NodeId> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int at = reader.position();
      NodeId id = reader.nodeId();
      if (!ids.isEmpty() && ids.getLast().compareTo(id) >= 0) {
        throw reader.corrupt(at, "node ids not strictly ascending");
      }
      ids.add(id);
    }
    return ids;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Configuration configuration
        && voters.equals(configuration.voters)
        && learners.equals(configuration.learners);
  }

  @Override
  public int hashCode() {
    return Objects.hash(voters, learners);
  }

  @Override
  public String toString() {
    return "Configuration[voters=" + voters + ", learners=" + learners + "]";
  }
}
