package io.cairn.bft.core;

import io.cairn.bft.api.AddReplica;
import io.cairn.bft.api.BftConfig;
import io.cairn.bft.api.BftMessage;
import io.cairn.bft.api.Certificate;
import io.cairn.bft.api.Checkpoint;
import io.cairn.bft.api.Commit;
import io.cairn.bft.api.FetchState;
import io.cairn.bft.api.NewView;
import io.cairn.bft.api.PrePrepare;
import io.cairn.bft.api.Prepare;
import io.cairn.bft.api.Request;
import io.cairn.bft.api.StateSnapshot;
import io.cairn.bft.api.Verifier;
import io.cairn.bft.api.ViewChange;
import java.util.List;
import java.util.Optional;

/**
 * Seed 002 on the BFT core: a replica added by an executed {@link AddReplica} transaction, brought
 * in by a view change into the next configuration epoch (docs/bft.md §10).
 *
 * <ul>
 *   <li>An add executed at sequence number s (admission signature valid, numbered as the next
 *       replica, no other add pending) ends the current epoch e at b = the first checkpoint at or
 *       after s. Nothing above b is ever executed in epoch e: commits there are void.
 *   <li>The primary fills the gap to b with null batches; the view-change timer runs until the
 *       switch, so a primary that stalls the switch is replaced.
 *   <li>A replica that executed b and holds b as its stable checkpoint (2f+1 signatures of epoch
 *       e) enters view {@code firstView(e+1)}: n+1 replicas, f and quorums recomputed, primary and
 *       collectors renumbered. Every honest replica enters with the same state, so no new-view
 *       proof is needed; later views of the epoch change as usual.
 *   <li>The new replica is not a member until it installed a state (checked against a stable
 *       checkpoint's digest) that makes it one: before that it neither votes nor proposes, and only
 *       takes checkpoints, checkpoint certificates and state snapshots.
 * </ul>
 */
final class Reconfiguration {
  private final Replica r;
  private final Verifier verifier;
  private long probeTimer;

  Reconfiguration(Replica replica, Verifier verifier) {
    this.r = replica;
    this.verifier = verifier;
  }

  /** Whether this replica is a member of its current epoch (a new replica is not until it synced). */
  boolean member() {
    return r.id < r.n;
  }

  /** The last sequence number of the current epoch; {@link Long#MAX_VALUE} while no add is pending. */
  long epochEnd() {
    return r.state.epochEnd(BftConfig.epochOf(r.view));
  }

  /** Whether an executed add waits for its switch (the view-change timer runs meanwhile). */
  boolean pending() {
    return epochEnd() != Long.MAX_VALUE;
  }

  /** Replicas whose checkpoint signatures count at {@code seq}, as far as this replica knows. */
  int nodesAt(long seq) {
    return member() ? r.config.nodes(BftConfig.firstView(r.state.epochOf(seq))) : r.n;
  }

  /** The lowest stable checkpoint a view change into {@code epoch} may carry: the switch point. */
  long floor(int epoch) {
    return epoch == 0 ? 0 : r.state.epochEnd(epoch - 1);
  }

  /** Whether {@code message}'s sender belongs to the configuration the message is judged in. */
  boolean fromMember(BftMessage message) {
    long from = message.from();
    return switch (message) {
      case PrePrepare p -> from < r.config.nodes(p.view());
      case Prepare p -> from < r.config.nodes(p.view());
      case Commit c -> from < r.config.nodes(c.view());
      case ViewChange v -> from < r.config.nodes(v.newView());
      case NewView v -> from < r.config.nodes(v.view());
      case Checkpoint c -> from < nodesAt(c.seq());
      default -> true;
    };
  }

  /** What a replica that is not yet a member handles: checkpoints and state transfer only. */
  static boolean forNonMember(BftMessage message) {
    return message instanceof Checkpoint || message instanceof StateSnapshot
        || (message instanceof Certificate c && c.kind() == Certificate.Kind.CHECKPOINT);
  }

  /** Applies the add-replica transactions among the requests just run at {@code seq}. */
  void executed(long seq, List<Request> ran) {
    for (Request request : ran) {
      Optional<AddReplica> add = AddReplica.decode(request.operation());
      if (add.isPresent() && admissible(add.get(), seq)) {
        AddReplica a = add.get();
        long k = r.config.checkpointInterval();
        long switchAt = (seq + k - 1) / k * k;
        r.state.add(new ServiceState.Member(a.replica(), a.identity(), a.host(), a.port(), seq, switchAt));
      }
    }
  }

  /** Signed by the admission authority, the next number in the node list, no other add pending. */
  private boolean admissible(AddReplica add, long seq) {
    List<ServiceState.Member> added = r.state.added();
    boolean idle = added.isEmpty() || added.getLast().switchAt() < seq;
    return idle && add.replica() == r.config.nodes() + added.size()
        && verifier.verifyAdmission(add.signedBytes(), add.signature());
  }

  /** Enters every epoch whose switch point this replica has executed and holds as stable. */
  void maybeSwitch() {
    while (BftConfig.epochOf(r.view) < r.state.added().size()) {
      long end = epochEnd();
      if (r.state.executed() < end || r.stable.seq() < end) {
        return;
      }
      enter(BftConfig.epochOf(r.view) + 1, end);
    }
  }

  private void enter(int epoch, long end) {
    int before = r.n;
    long view = BftConfig.firstView(epoch);
    Invariants.check(view > r.view, "epoch " + epoch + " does not follow view " + r.view);
    r.view = view;
    r.n = r.config.nodes(view);
    r.f = r.config.f(view);
    r.changing = false;
    r.viewTimer = 0;
    r.viewTimeout = r.config.viewChangeTicks();
    r.slots.tailMap(end, false).clear();
    r.agreement.collectors.clear();
    r.queue.clear();
    r.lastProposed = Math.max(r.stable.seq(), end);
    if (member()) {
      Certificate stable = new Certificate(r.id, Certificate.Kind.CHECKPOINT, 0, r.stable.seq(),
          r.stable.stateDigest(), r.stable.votes());
      for (int added = before; added < r.n; added++) {
        if (added != r.id) {
          r.send(added, stable);
        }
      }
      for (Request request : r.known.values()) {
        if (r.isPrimary()) {
          r.queue.add(request);
        } else {
          r.send(r.primary(), request);
        }
      }
    }
    r.replayDeferred();
    r.execute();
    r.agreement.maybePropose();
  }

  /**
   * A replica that is not yet a member asks the members it knows, now and then, for their stable
   * checkpoint (they answer a stale {@link FetchState} with its certificate), until it installed a
   * state that makes it one.
   */
  void tick() {
    if (member() || ++probeTimer < r.config.viewChangeTicks()) {
      return;
    }
    probeTimer = 0;
    FetchState probe = r.sign(new FetchState(r.id, r.stable.seq(), new byte[0]));
    for (int to = 0; to < r.n; to++) {
      if (to != r.id) {
        r.send(to, probe);
      }
    }
  }
}
