package io.cairn.bft.sim;

import io.cairn.bft.api.BftMessage;
import io.cairn.bft.api.Decision;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Agreement across honest replicas: no two commit different batches at the same sequence number. */
final class SafetyChecker {
  private final Map<Long, byte[]> decided = new HashMap<>();
  private final Map<Long, Integer> decidedBy = new HashMap<>();

  /** Records {@code replica}'s decision; returns a description of the violation, or null. */
  String onDecision(int replica, Decision decision) {
    byte[] earlier = decided.putIfAbsent(decision.seq(), decision.digest());
    if (earlier == null) {
      decidedBy.put(decision.seq(), replica);
      return null;
    }
    if (!Arrays.equals(earlier, decision.digest())) {
      return "safety: replica " + replica + " committed d=" + BftMessage.shortHex(decision.digest()) + " at seq "
          + decision.seq() + " but replica " + decidedBy.get(decision.seq()) + " committed d="
          + BftMessage.shortHex(earlier);
    }
    return null;
  }

  /** Distinct sequence numbers decided by some honest replica. */
  int decisions() {
    return decided.size();
  }
}
