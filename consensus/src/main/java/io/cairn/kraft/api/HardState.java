package io.cairn.kraft.api;

import java.util.Objects;

/**
 * The state a node must have on stable storage before it sends any message that depends on it:
 * its current term, whom it voted for in that term, and its commit index.
 *
 * <p>Thread-safety: immutable.
 *
 * @param term the latest term this node has seen
 * @param vote the node voted for in {@code term}, or null
 * @param commit highest log index known to be committed
 */
public record HardState(long term, NodeId vote, long commit) {
  /** The state of a node that has never run. */
  public static final HardState EMPTY = new HardState(0, null, 0);

  /** Checks the components. */
  public HardState {
    if (term < 0 || commit < 0) {
      throw new IllegalArgumentException("negative term or commit: " + term + ", " + commit);
    }
  }

  /** True when term or vote differ from {@code other}: those changes must be synced before sending. */
  public boolean termOrVoteDiffers(HardState other) {
    return term != other.term || !Objects.equals(vote, other.vote);
  }
}
