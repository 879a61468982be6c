package io.cairn.chain.api;

import java.util.List;

/**
 * The result of one round of verification consensus.
 *
 * @param requestHash the request's hash
 * @param agreed whether passing verdicts came from at least half of the participants
 * @param passing participants whose valid, signed verdict passed
 * @param participants participants asked (distinct keys)
 * @param verdicts the valid signed verdicts received, in participant order
 * @param problems one sentence per participant that gave no valid verdict (error, bad signature,
 *     not a member, wrong request)
 */
public record ConsensusOutcome(Hash32 requestHash, boolean agreed, int passing, int participants,
    List<SignedVerdict> verdicts, List<String> problems) {
  public ConsensusOutcome {
    verdicts = List.copyOf(verdicts);
    problems = List.copyOf(problems);
  }
}
