package io.cairn.kraft.api;

import java.util.Objects;

/**
 * A single-server membership change (Raft thesis §4.1): one node joins as a learner, one learner
 * becomes a voter, a voter becomes a learner again, or one node leaves. The leader turns it into a {@link EntryType#CONFIG} entry
 * holding the whole new {@link Configuration}.
 *
 * <p>Thread-safety: immutable.
 *
 * @param kind what happens to {@code node}
 * @param node the node concerned
 */
public record ConfChange(Kind kind, NodeId node) {
  /** The single-server changes. */
  public enum Kind {
    /** A new node starts receiving the log without voting. */
    ADD_LEARNER,
    /** A learner that has caught up becomes a voter. */
    PROMOTE_LEARNER,
    /** A voter or learner leaves the cluster. */
    REMOVE_NODE,
    /**
     * A voter becomes a learner: it keeps receiving the log but no longer counts in majorities (the
     * first half of a removal that drops the node only once it no longer votes).
     */
    DEMOTE_VOTER
  }

  /** Checks the components. */
  public ConfChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(node, "node");
  }
}
