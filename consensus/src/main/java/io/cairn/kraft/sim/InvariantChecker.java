package io.cairn.kraft.sim;

import io.cairn.kraft.api.BasicStatus;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.Ready;
import io.cairn.kraft.api.Role;
import io.cairn.kraft.api.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Raft's safety properties, checked incrementally after every step and every persisted batch:
 *
 * <ul>
 *   <li><b>Election Safety</b>: at most one leader per term;
 *   <li><b>Log Matching</b>: an (index, term) pair names one entry, always preceded by the same
 *       term, so logs agreeing on an entry agree on everything before it;
 *   <li><b>Leader Completeness</b>: a new leader's first persisted log holds every entry of an
 *       earlier term that was committed before it won;
 *   <li><b>State Machine Safety</b>: no two nodes apply different entries at one index, and an
 *       installed snapshot agrees with the entries applied elsewhere;
 *   <li><b>Monotone commit</b>: a node's commit and applied indexes never go back within one
 *       run of the node, and its durable commit index never goes back at all.
 * </ul>
 *
 * <p>The first violation is kept; the simulation stops there and reports it with its seed.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class InvariantChecker {
  private record Written(Entry entry, long prevTerm) {}

  private final Map<Long, NodeId> leaderOfTerm = new HashMap<>();
  private final Map<Long, Set<NodeId>> candidatesOfTerm = new HashMap<>();
  private final Map<Long, Map<Long, Written>> written = new HashMap<>();
  private final Map<Long, Entry> committed = new HashMap<>();
  private final List<Entry> commitOrder = new ArrayList<>();
  private long configurationChanges;
  private String violation;
  private long violationMicros;

  InvariantChecker() {}

  String violation() {
    return violation;
  }

  long violationMicros() {
    return violationMicros;
  }

  Map<Long, NodeId> leaderOfTerm() {
    return leaderOfTerm;
  }

  Map<Long, Set<NodeId>> candidatesOfTerm() {
    return candidatesOfTerm;
  }

  /** Configuration entries committed after the bootstrap one. */
  long configurationChanges() {
    return configurationChanges;
  }

  long committedEntries() {
    return committed.size();
  }

  private void violate(long now, String what) {
    if (violation == null) {
      violation = what;
      violationMicros = now;
    }
  }

  /** After any input was stepped: roles and volatile indexes. Returns true for a newly elected leader. */
  boolean afterStep(long now, SimNode node, BasicStatus status) {
    boolean newLeader = false;
    if (status.role() == Role.LEADER) {
      NodeId previous = leaderOfTerm.putIfAbsent(status.term(), node.id);
      if (previous == null) {
        newLeader = true;
        node.pendingLeaderCheck = status.term();
        node.committedBeforeElection = commitOrder.size();
      } else if (!previous.equals(node.id)) {
        violate(now, "election safety: " + previous + " and " + node.id + " both lead term " + status.term());
      }
    } else if (status.role() == Role.CANDIDATE) {
      candidatesOfTerm.computeIfAbsent(status.term(), term -> new HashSet<>()).add(node.id);
    }
    if (status.commit() < node.lastCommitSeen) {
      violate(now, "monotone commit: " + node + " commit went from " + node.lastCommitSeen + " to " + status.commit());
    }
    node.lastCommitSeen = status.commit();
    return newLeader;
  }

  /** After a batch became durable: log matching, durable commit, leader completeness. */
  void afterPersist(long now, SimNode node, Ready ready, BasicStatus status) {
    SimDisk disk = node.disk;
    for (Entry entry : ready.entries()) {
      long prevIndex = entry.index() - 1;
      long prevTerm = prevIndex >= disk.firstIndex() - 1 ? disk.term(prevIndex) : -1;
      Map<Long, Written> atIndex = written.computeIfAbsent(entry.index(), index -> new HashMap<>(2));
      Written known = atIndex.putIfAbsent(entry.term(), new Written(entry, prevTerm));
      if (known != null && (!known.entry().equals(entry)
          || (known.prevTerm() >= 0 && prevTerm >= 0 && known.prevTerm() != prevTerm))) {
        violate(now, "log matching: " + node + " wrote " + entry + " after term " + prevTerm
            + " but another node has " + known.entry() + " after term " + known.prevTerm());
      }
    }
    long durableCommit = disk.durableHardState().commit();
    if (durableCommit < node.lastDurableCommit) {
      violate(now, "monotone commit: " + node + " durable commit went from " + node.lastDurableCommit
          + " to " + durableCommit);
    }
    node.lastDurableCommit = durableCommit;
    if (status.role() == Role.LEADER && node.pendingLeaderCheck == status.term()) {
      node.pendingLeaderCheck = 0;
      for (Entry entry : commitOrder.subList(0, node.committedBeforeElection)) {
        if (entry.term() < status.term()) {
          checkLeaderHas(now, node, status.term(), entry);
        }
      }
    }
  }

  /** {@code node} applied {@code entry}: state machine safety. */
  void onApply(long now, SimNode node, Entry entry) {
    if (entry.index() <= node.lastAppliedSeen) {
      violate(now, "monotone apply: " + node + " applied " + entry.index() + " after " + node.lastAppliedSeen);
    }
    node.lastAppliedSeen = entry.index();
    Entry known = committed.putIfAbsent(entry.index(), entry);
    if (known == null) {
      commitOrder.add(entry);
      if (entry.type() == io.cairn.kraft.api.EntryType.CONFIG && entry.index() > 1) {
        configurationChanges++;
      }
    } else if (!known.equals(entry)) {
      violate(now, "state machine safety: " + node + " applied " + entry + " where another node applied " + known);
    }
  }

  /** {@code node} installed {@code snapshot}: it must agree with what was applied at its index. */
  void onSnapshot(long now, SimNode node, Snapshot snapshot) {
    Entry known = committed.get(snapshot.index());
    if (known != null && known.term() != snapshot.term()) {
      violate(now, "state machine safety: " + node + " installed a snapshot at " + snapshot.index() + "@"
          + snapshot.term() + " but entry " + known + " was applied there");
    }
    node.lastAppliedSeen = Math.max(node.lastAppliedSeen, snapshot.index());
  }

  private void checkLeaderHas(long now, SimNode leader, long term, Entry entry) {
    SimDisk disk = leader.disk;
    if (entry.index() < disk.firstIndex()) {
      return;
    }
    if (entry.index() > disk.lastIndex() || disk.term(entry.index()) != entry.term()) {
      violate(now, "leader completeness: " + leader + " leads term " + term + " without committed entry " + entry);
    }
  }
}
