package io.cairn.kraft.api;

import java.util.List;
import java.util.Objects;

/**
 * Raft's AppendEntries: the leader asks the receiver to append {@code entries} after the entry at
 * {@code prevIndex}, which must have term {@code prevTerm} (the consistency check behind Log
 * Matching), and tells it how far the log is committed.
 *
 * @param from the leader
 * @param to the receiver
 * @param term the leader's term
 * @param prevIndex index of the entry just before {@code entries}
 * @param prevTerm term of that entry
 * @param entries new entries, consecutive from {@code prevIndex + 1} (empty for a probe)
 * @param commit the leader's commit index
 * @param fanout group members a relay forwards this to
 * @param relay the relay this copy came through, or null
 * @param ackDirect members answer the leader directly instead of through the relay
 */
public record AppendRequest(
    NodeId from, NodeId to, long term, long prevIndex, long prevTerm, List<Entry> entries,
    long commit, List<NodeId> fanout, NodeId relay, boolean ackDirect) implements RelayableRequest {
  /** Checks and copies the components. */
  public AppendRequest {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    entries = List.copyOf(entries);
    fanout = List.copyOf(fanout);
  }

  /** Index of the last entry carried, or {@code prevIndex} when there is none. */
  public long lastIndex() {
    return prevIndex + entries.size();
  }

  @Override
  public AppendRequest forwardedTo(NodeId member, NodeId via) {
    return new AppendRequest(from, member, term, prevIndex, prevTerm, entries, commit, List.of(), via, ackDirect);
  }
}
