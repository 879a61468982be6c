package io.cairn.consortium;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A slave's side of one block's verification (seed 004 §4.2 steps 2-3): its own signed result,
 * broadcast to the other HQ nodes, and the results it receives from them; once it has every other
 * slave's result (or its wait ends) it replies to the leader with my_result, the received results
 * and the comparison.
 */
final class SlaveRound {
  private final VerificationResult mine;
  private final int leader;
  private final int n;
  private final Map<Integer, List<VerificationResult>> received = new TreeMap<>();
  private final long deadline;
  private boolean replied;

  SlaveRound(VerificationResult mine, int leader, int n, long deadline) {
    this.mine = mine;
    this.leader = leader;
    this.n = n;
    this.deadline = deadline;
  }

  VerificationResult mine() {
    return mine;
  }

  /** A result from another slave about this block, signature already checked. */
  void onResult(VerificationResult result) {
    if (result.verifier() == leader || result.verifier() == mine.verifier()) {
      return;
    }
    List<VerificationResult> list = received.computeIfAbsent(result.verifier(), k -> new ArrayList<>());
    if (list.stream().noneMatch(r -> r.fault() == result.fault())) {
      list.add(result);
    }
  }

  /** Whether to reply now: all other slaves heard from, or the wait is over; true once. */
  boolean readyToReply(long now) {
    if (replied || received.size() < n - 2 && now < deadline) {
      return false;
    }
    replied = true;
    return true;
  }

  /** Every received result, ascending by verifier (a contradicting slave's two results both). */
  List<VerificationResult> received() {
    List<VerificationResult> all = new ArrayList<>();
    received.values().forEach(all::addAll);
    return all;
  }
}
