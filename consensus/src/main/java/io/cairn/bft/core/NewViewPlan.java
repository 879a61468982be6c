package io.cairn.bft.core;

import io.cairn.bft.api.BftCodec;
import io.cairn.bft.api.CheckpointProof;
import io.cairn.bft.api.PrePrepare;
import io.cairn.bft.api.PreparedProof;
import io.cairn.bft.api.Request;
import io.cairn.bft.api.ViewChange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.nio.ByteBuffer;

/**
 * What a new view must re-propose, computed from its 2f+1 view changes by the new primary and
 * recomputed by every backup (a pure function: equal inputs, equal plans).
 *
 * <ul>
 *   <li>The starting checkpoint is the highest one in the view changes ({@code min-s}).
 *   <li>For each sequence number up to the highest one reported ({@code max-s}): the digest of the
 *       prepared certificate of the <em>highest view</em> (ties, possible only with more than f
 *       faulty, broken by digest order).
 *   <li>SBFT adds the fast-path rule: a digest that f+1 view changes report as accepted wins when the
 *       (f+1)-th highest view among those reports is above the best prepared certificate's view.
 *       A value committed on the fast path was accepted by every honest replica, so at least f+1
 *       honest reports name it and no other digest can reach f+1 among 2f+1 reports.
 *   <li>Otherwise a null request (empty batch), which fills the hole.
 * </ul>
 */
record NewViewPlan(CheckpointProof checkpoint, List<Entry> entries) {
  /** The batch re-proposed at {@code seq}. */
  record Entry(long seq, byte[] digest, List<Request> batch) {}

  static NewViewPlan compute(List<ViewChange> changes, int f) {
    CheckpointProof start = changes.getFirst().checkpoint();
    for (ViewChange change : changes) {
      if (change.checkpoint().seq() > start.seq()) {
        start = change.checkpoint();
      }
    }
    Map<Long, PrePrepare> bestPrepared = new HashMap<>();
    Map<Long, Map<ByteBuffer, List<PrePrepare>>> accepted = new HashMap<>();
    long maxSeq = start.seq();
    for (ViewChange change : changes) {
      for (PreparedProof proof : change.prepared()) {
        PrePrepare p = proof.prePrepare();
        if (p.seq() > start.seq()) {
          bestPrepared.merge(p.seq(), p, NewViewPlan::higher);
          maxSeq = Math.max(maxSeq, p.seq());
        }
      }
      for (PrePrepare p : change.accepted()) {
        if (p.seq() > start.seq()) {
          accepted.computeIfAbsent(p.seq(), s -> new HashMap<>())
              .computeIfAbsent(ByteBuffer.wrap(p.digest()), d -> new ArrayList<>()).add(p);
          maxSeq = Math.max(maxSeq, p.seq());
        }
      }
    }
    List<Entry> entries = new ArrayList<>();
    for (long seq = start.seq() + 1; seq <= maxSeq; seq++) {
      PrePrepare chosen = bestPrepared.get(seq);
      PrePrepare fast = fastCandidate(accepted.getOrDefault(seq, Map.of()), f);
      if (fast != null && (chosen == null || fast.view() > chosen.view())) {
        chosen = fast;
      }
      List<Request> batch = chosen == null ? List.of() : chosen.batch();
      entries.add(new Entry(seq, chosen == null ? BftCodec.batchDigest(batch) : chosen.digest(), batch));
    }
    return new NewViewPlan(start, entries);
  }

  /**
   * The digest reported by at least f+1 view changes, as a pre-prepare whose view is the (f+1)-th
   * highest among those reports; null when no digest has f+1 reports.
   */
  private static PrePrepare fastCandidate(Map<ByteBuffer, List<PrePrepare>> byDigest, int f) {
    PrePrepare best = null;
    for (List<PrePrepare> reports : byDigest.values()) {
      if (reports.size() >= f + 1) {
        List<PrePrepare> sorted = new ArrayList<>(reports);
        sorted.sort((a, b) -> Long.compare(b.view(), a.view()));
        PrePrepare candidate = sorted.get(f);
        if (best == null || candidate.view() > best.view()
            || (candidate.view() == best.view() && Arrays.compare(candidate.digest(), best.digest()) < 0)) {
          best = candidate;
        }
      }
    }
    return best;
  }

  private static PrePrepare higher(PrePrepare a, PrePrepare b) {
    if (a.view() != b.view()) {
      return a.view() > b.view() ? a : b;
    }
    return Arrays.compare(a.digest(), b.digest()) <= 0 ? a : b;
  }
}
