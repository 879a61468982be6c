package io.cairn.bft.api;

import java.util.List;

/**
 * A stable checkpoint: 2f+1 replicas signed {@link Checkpoint}{@code (seq, stateDigest)}. The
 * genesis checkpoint (seq 0) needs no votes.
 */
public record CheckpointProof(long seq, byte[] stateDigest, List<Vote> votes) {
  public CheckpointProof {
    stateDigest = stateDigest.clone();
    votes = List.copyOf(votes);
  }

  @Override
  public byte[] stateDigest() {
    return stateDigest.clone();
  }
}
