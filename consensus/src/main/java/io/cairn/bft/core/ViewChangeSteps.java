package io.cairn.bft.core;

import io.cairn.bft.api.BftConfig;
import io.cairn.bft.api.NewView;
import io.cairn.bft.api.PrePrepare;
import io.cairn.bft.api.PreparedProof;
import io.cairn.bft.api.Protocol;
import io.cairn.bft.api.Request;
import io.cairn.bft.api.ViewChange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * View change and new view (PBFT §4.4, with SBFT's accepted pre-prepares). A replica whose timer
 * expires, or that sees f+1 replicas ask for higher views, sends a {@link ViewChange}; the new
 * primary gathers 2f+1, computes the {@link NewViewPlan} and sends {@link NewView}; backups check
 * the proof and recompute the plan before they enter the view. Each view change that does not
 * lead to execution doubles the timeout.
 */
final class ViewChangeSteps {
  private static final byte[] NONE = new byte[0];
  private final Replica r;
  /** Valid view changes by target view, then sender. */
  private final TreeMap<Long, TreeMap<Integer, ViewChange>> received = new TreeMap<>();
  private long newViewSent = -1;

  ViewChangeSteps(Replica replica) {
    this.r = replica;
  }

  /** Leaves the current view for {@code target}. */
  void start(long target) {
    Invariants.check(target > r.view, "view change to " + target + " from " + r.view);
    if (r.changing) {
      r.viewTimeout = Math.min(r.viewTimeout * 2, 1L << 20);
    }
    r.view = target;
    r.changing = true;
    r.viewTimer = 0;
    r.queue.clear();
    r.agreement.collectors.clear();
    for (Slot slot : r.slots.values()) {
      slot.enterView();
    }
    List<PreparedProof> prepared = new ArrayList<>();
    List<PrePrepare> accepted = new ArrayList<>();
    for (Slot slot : r.slots.values()) {
      if (slot.prepared != null) {
        prepared.add(slot.prepared);
      }
      if (slot.accepted != null && r.config.protocol() == Protocol.SBFT) {
        accepted.add(slot.accepted);
      }
    }
    ViewChange mine = r.sign(new ViewChange(r.id, target, r.stable, prepared, accepted, NONE));
    r.broadcast(mine);
    record(mine);
  }

  void onViewChange(ViewChange change) {
    if (change.newView() < r.view || (change.newView() == r.view && !r.changing)) {
      return;
    }
    if (BftConfig.epochOf(change.newView()) != BftConfig.epochOf(r.view)) {
      r.defer(change);
      return;
    }
    TreeMap<Integer, ViewChange> forView = received.get(change.newView());
    if (forView != null && forView.containsKey(change.sender())) {
      return;
    }
    if (!r.checks.viewChange(change)) {
      r.reject();
      return;
    }
    record(change);
    joinIfOthersMoved();
  }

  private void record(ViewChange change) {
    received.computeIfAbsent(change.newView(), v -> new TreeMap<>()).put(change.sender(), change);
    maybeSendNewView();
  }

  /** PBFT's liveness rule: f+1 replicas asking for views above ours prove that a correct one did. */
  private void joinIfOthersMoved() {
    Map<Integer, Long> lowestAbove = new TreeMap<>();
    received.tailMap(r.view, false).forEach((v, bySender) -> bySender.keySet().forEach(s -> lowestAbove.putIfAbsent(s, v)));
    if (lowestAbove.size() >= r.f + 1) {
      long target = lowestAbove.values().stream().mapToLong(Long::longValue).min().orElseThrow();
      start(target);
    }
  }

  private void maybeSendNewView() {
    TreeMap<Integer, ViewChange> forView = received.get(r.view);
    int quorum = r.config.quorum(r.view);
    if (!r.changing || !r.isPrimary() || newViewSent == r.view || forView == null || forView.size() < quorum) {
      return;
    }
    List<ViewChange> proof = new ArrayList<>(forView.values()).subList(0, quorum);
    NewViewPlan plan = NewViewPlan.compute(proof, r.f);
    List<PrePrepare> prePrepares = new ArrayList<>();
    for (NewViewPlan.Entry entry : plan.entries()) {
      prePrepares.add(r.sign(new PrePrepare(r.id, r.view, entry.seq(), entry.digest(), entry.batch(), NONE)));
    }
    newViewSent = r.view;
    r.broadcast(r.sign(new NewView(r.id, r.view, proof, prePrepares, NONE)));
    enter(r.view, plan, prePrepares);
  }

  void onNewView(NewView newView) {
    if (newView.view() < r.view || (newView.view() == r.view && !r.changing)) {
      return;
    }
    if (BftConfig.epochOf(newView.view()) != BftConfig.epochOf(r.view)) {
      r.defer(newView);
      return;
    }
    if (newView.sender() != r.config.primary(newView.view()) || !valid(newView)) {
      r.reject();
      return;
    }
    enter(newView.view(), NewViewPlan.compute(newView.viewChanges(), r.f), newView.prePrepares());
  }

  /** 2f+1 valid view changes for the view from distinct replicas, and exactly the pre-prepares they imply. */
  private boolean valid(NewView newView) {
    List<ViewChange> changes = newView.viewChanges();
    if (changes.size() != r.config.quorum(newView.view())) {
      return false;
    }
    Set<Integer> senders = new HashSet<>();
    for (ViewChange change : changes) {
      if (change.newView() != newView.view() || !senders.add(change.sender()) || !r.checks.viewChange(change)) {
        return false;
      }
    }
    List<NewViewPlan.Entry> entries = NewViewPlan.compute(changes, r.f).entries();
    List<PrePrepare> prePrepares = newView.prePrepares();
    if (entries.size() != prePrepares.size()) {
      return false;
    }
    for (int i = 0; i < entries.size(); i++) {
      PrePrepare p = prePrepares.get(i);
      if (p.view() != newView.view() || p.seq() != entries.get(i).seq()
          || !Arrays.equals(p.digest(), entries.get(i).digest()) || !r.checks.prePrepare(p)) {
        return false;
      }
    }
    return true;
  }

  /** Enters {@code view} with the plan's checkpoint and re-proposals. */
  private void enter(long view, NewViewPlan plan, List<PrePrepare> prePrepares) {
    Invariants.check(view >= r.view, "entering view " + view + " from " + r.view);
    r.view = view;
    r.changing = false;
    r.viewTimer = 0;
    received.headMap(view, true).clear();
    for (Slot slot : r.slots.values()) {
      slot.enterView();
    }
    r.agreement.collectors.clear();
    r.queue.clear();
    r.checkpoints.moveLow(plan.checkpoint());
    long highest = plan.entries().isEmpty() ? r.stable.seq() : plan.entries().getLast().seq();
    r.lastProposed = Math.max(r.stable.seq(), highest);
    Set<Replica.RequestKey> reproposed = new HashSet<>();
    for (PrePrepare p : prePrepares) {
      p.batch().forEach(request -> reproposed.add(Replica.RequestKey.of(request)));
      if (p.seq() > r.stable.seq() && p.seq() <= r.stable.seq() + r.config.window()) {
        r.agreement.accept(p);
      }
    }
    if (r.isPrimary()) {
      for (Request request : r.known.values()) {
        if (!reproposed.contains(Replica.RequestKey.of(request)) && !r.state.isDone(request)) {
          r.queue.add(request);
        }
      }
    } else {
      for (Request request : r.known.values()) {
        if (!reproposed.contains(Replica.RequestKey.of(request))) {
          r.send(r.config.primary(view), request);
        }
      }
    }
    r.checkpoints.announceAgain();
    r.replayDeferred();
    r.execute();
    r.agreement.maybePropose();
  }
}
