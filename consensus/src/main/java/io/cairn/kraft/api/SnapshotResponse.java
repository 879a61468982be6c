package io.cairn.kraft.api;

import java.util.Objects;

/**
 * A follower's acknowledgement of snapshot chunks: it holds the first {@code nextOffset} bytes of
 * the snapshot at {@code snapshotIndex} and wants the chunk starting there next (0 restarts).
 *
 * @param from the follower
 * @param to the leader
 * @param term the follower's term
 * @param snapshotIndex the index of the snapshot being received
 * @param nextOffset the next byte the follower needs
 */
public record SnapshotResponse(NodeId from, NodeId to, long term, long snapshotIndex, long nextOffset)
    implements Message {
  /** Checks the components. */
  public SnapshotResponse {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  @Override
  public boolean isResponse() {
    return true;
  }
}
