package io.cairn.bft.api;

import java.util.List;

/**
 * Proof that {@code prePrepare} was prepared in its view: the primary's signed pre-prepare plus
 * {@link Prepare} signatures from at least 2f distinct replicas other than that primary, in
 * ascending replica order (an SBFT prepare or fast certificate qualifies too).
 */
public record PreparedProof(PrePrepare prePrepare, List<Vote> votes) {
  public PreparedProof {
    votes = List.copyOf(votes);
  }
}
