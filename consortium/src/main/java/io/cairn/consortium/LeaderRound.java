package io.cairn.consortium;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The leader's side of one block's verification (seed 004 §4.2 steps 4-5): it gathers the slaves'
 * replies, keeps every signed result it learns per HQ, and decides: commit once every slave
 * agreed; otherwise resend the block once to those that disagreed or stayed silent, and after
 * that commit with a quorum of certificates, flagging those still disagreeing as suspects with
 * the evidence; below a quorum, give up (the records stay pending for a later block).
 */
final class LeaderRound {
  /** What the leader does next. */
  sealed interface Step {}

  record Wait() implements Step {}

  record Resend(List<Integer> to) implements Step {}

  record Commit(List<VerificationResult> certificates, List<Evidence> evidence) implements Step {}

  record GiveUp(String why) implements Step {}

  private final ConsortiumBlock block;
  private final byte[] hash;
  private final int leader;
  private final int n;
  private final int quorum;
  private final Map<Integer, List<VerificationResult>> signed = new TreeMap<>();
  private final Map<Integer, VerificationResult> mine = new TreeMap<>();
  private long deadline;
  private boolean resent;

  LeaderRound(ConsortiumBlock block, VerificationResult own, int n, int quorum, long deadline) {
    this.block = block;
    this.hash = block.hash();
    this.leader = own.verifier();
    this.n = n;
    this.quorum = quorum;
    this.deadline = deadline;
    mine.put(leader, own);
    note(own);
  }

  ConsortiumBlock block() {
    return block;
  }

  /** A reply whose signature the caller checked; its results' signatures are checked by {@code valid}. */
  void onReply(VerificationReply reply, java.util.function.Predicate<VerificationResult> valid) {
    VerificationResult result = reply.mine();
    if (result.verifier() != reply.verifier() || !result.about(hash) || !valid.test(result)) {
      return;
    }
    mine.put(reply.verifier(), result);
    note(result);
    for (VerificationResult received : reply.received()) {
      if (received.about(hash) && valid.test(received)) {
        note(received);
      }
    }
  }

  private void note(VerificationResult result) {
    List<VerificationResult> list = signed.computeIfAbsent(result.verifier(), k -> new ArrayList<>());
    if (list.stream().noneMatch(r -> r.fault() == result.fault())) {
      list.add(result);
    }
  }

  /** What to do at {@code now}. */
  Step decide(long now) {
    List<Integer> disagreeing = new ArrayList<>();
    for (int hq = 0; hq < n; hq++) {
      VerificationResult result = mine.get(hq);
      if (result == null || result.fault() != BlockFault.VALID || signed.get(hq).size() > 1) {
        disagreeing.add(hq);
      }
    }
    if (disagreeing.isEmpty()) {
      return commit(List.of());
    }
    if (now < deadline && mine.size() < n) {
      return new Wait();
    }
    if (!resent) {
      resent = true; // the caller resends and calls extend()
      return new Resend(disagreeing);
    }
    if (now < deadline) {
      return new Wait();
    }
    long valid = mine.values().stream().filter(r -> r.fault() == BlockFault.VALID).count();
    if (valid < quorum) {
      return new GiveUp(valid + " of " + n + " HQ nodes verified " + block + ", " + quorum + " needed");
    }
    return commit(disagreeing);
  }

  /** Pushes the resend's deadline {@code millis} past {@code now}. */
  void extend(long now, long millis) {
    deadline = now + millis;
  }

  private Commit commit(List<Integer> suspects) {
    List<VerificationResult> certificates = new ArrayList<>();
    for (VerificationResult result : mine.values()) {
      if (result.fault() == BlockFault.VALID && !suspects.contains(result.verifier())) {
        certificates.add(result);
      }
    }
    List<Evidence> evidence = new ArrayList<>();
    for (int suspect : suspects) {
      List<VerificationResult> results = signed.getOrDefault(suspect, List.of());
      if (results.size() > 1) {
        evidence.add(new Evidence(Evidence.Kind.CONTRADICTORY_RESULTS, suspect, block.height(), hash,
            List.of(results.get(0).encode(), results.get(1).encode())));
      } else if (results.size() == 1 && results.get(0).fault() != BlockFault.VALID) {
        evidence.add(new Evidence(Evidence.Kind.DISSENT, suspect, block.height(), hash, List.of(results.get(0).encode())));
      } else if (results.isEmpty()) {
        evidence.add(new Evidence(Evidence.Kind.WITHHELD_RESULT, suspect, block.height(), hash, List.of()));
      }
    }
    return new Commit(certificates, evidence);
  }
}
