package io.cairn.bft.core;

import io.cairn.bft.api.BftCodec;
import io.cairn.bft.api.BftMessage;
import io.cairn.bft.api.Certificate;
import io.cairn.bft.api.Commit;
import io.cairn.bft.api.PrePrepare;
import io.cairn.bft.api.Prepare;
import io.cairn.bft.api.PreparedProof;
import io.cairn.bft.api.Protocol;
import io.cairn.bft.api.Request;
import io.cairn.bft.api.Vote;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The normal case of one view. PBFT: pre-prepare, all-to-all prepare (2f from backups makes
 * <em>prepared</em>), all-to-all commit (2f+1 makes <em>committed</em>). SBFT: the same prepare and
 * commit signatures go to one collector per sequence number ({@link io.cairn.bft.api.BftConfig#collector}),
 * which broadcasts a {@link Certificate}: FAST with all n prepare shares (commit at once), else,
 * once its fast-path wait is over, PREPARED with 2f+1, then COMMITTED with 2f+1 commit shares. A
 * replica that sees no certificate in time also sends its shares to the primary, the fallback
 * collector ({@link SbftCollectors}).
 */
final class Agreement {
  private static final byte[] NONE = new byte[0];
  private final Replica r;
  private final boolean sbft;
  final SbftCollectors collectors;

  Agreement(Replica replica) {
    this.r = replica;
    this.sbft = replica.config.protocol() == Protocol.SBFT;
    this.collectors = new SbftCollectors(replica);
  }

  /** Primary: assigns sequence numbers to queued requests while the window and the pipeline allow. */
  void maybePropose() {
    long end = r.reconfiguration.epochEnd();
    long fillTo = end == Long.MAX_VALUE ? 0 : end;
    while (r.isPrimary() && !r.changing && (!r.queue.isEmpty() || r.lastProposed < fillTo)
        && r.lastProposed < r.stable.seq() + r.config.window() && r.lastProposed < end
        && r.lastProposed - r.state.executed() < r.config.pipeline()) {
      List<Request> batch = new ArrayList<>();
      while (!r.queue.isEmpty() && batch.size() < r.config.batchMax()) {
        Request request = r.queue.poll();
        if (!r.state.isDone(request)) {
          batch.add(request);
        }
      }
      if (batch.isEmpty() && r.lastProposed >= fillTo) {
        return;
      }
      long seq = Math.max(r.lastProposed, r.stable.seq()) + 1;
      r.lastProposed = seq;
      PrePrepare prePrepare = r.sign(new PrePrepare(r.id, r.view, seq, BftCodec.batchDigest(batch), batch, NONE));
      r.broadcast(prePrepare);
      accept(prePrepare);
    }
  }

  void onPrePrepare(PrePrepare p) {
    switch (r.disposition(p.view(), p.seq())) {
      case DROP -> { }
      case DEFER -> r.defer(p);
      case HANDLE -> {
        if (p.sender() != r.config.primary(r.view)
            || !Arrays.equals(p.digest(), BftCodec.batchDigest(p.batch()))) {
          r.reject();
          return;
        }
        accept(p);
      }
    }
  }

  /** Accepts a checked pre-prepare of the current view, unless another digest holds its place. */
  void accept(PrePrepare p) {
    Slot slot = r.slot(p.seq());
    if (slot.prePrepare != null) {
      if (!Arrays.equals(slot.prePrepare.digest(), p.digest())) {
        r.reject();
      }
      return;
    }
    slot.prePrepare = p;
    slot.accepted = p;
    for (Request request : p.batch()) {
      if (!r.state.isDone(request)) {
        r.known.putIfAbsent(Replica.RequestKey.of(request), request);
      }
    }
    Prepare mine = r.sign(new Prepare(r.id, r.view, p.seq(), p.digest(), NONE));
    if (sbft) {
      slot.myShare = mine;
      slot.shareTick = r.ticks;
      collectors.sendShare(mine, p.seq());
      for (Certificate held : List.copyOf(slot.held)) {
        applyCertificate(slot, held);
      }
      slot.held.clear();
    } else {
      if (!r.isPrimary()) {
        r.broadcast(mine);
        slot.prepares.add(p.digest(), r.id, mine.signature());
      }
      checkPrepared(slot);
    }
  }

  void onPrepare(Prepare p) {
    switch (r.disposition(p.view(), p.seq())) {
      case DROP -> { }
      case DEFER -> r.defer(p);
      case HANDLE -> {
        if (sbft) {
          collectors.onPrepareShare(p);
          return;
        }
        if (p.sender() == r.config.primary(r.view)) {
          r.reject();
          return;
        }
        Slot slot = r.slot(p.seq());
        slot.prepares.add(p.digest(), p.sender(), p.signature());
        checkPrepared(slot);
      }
    }
  }

  void onCommit(Commit c) {
    switch (r.disposition(c.view(), c.seq())) {
      case DROP -> { }
      case DEFER -> r.defer(c);
      case HANDLE -> {
        if (sbft) {
          collectors.onCommitShare(c);
          return;
        }
        Slot slot = r.slot(c.seq());
        slot.commits.add(c.digest(), c.sender(), c.signature());
        checkCommitted(slot);
      }
    }
  }

  private void checkPrepared(Slot slot) {
    PrePrepare p = slot.prePrepare;
    if (p == null || slot.preparedInView) {
      return;
    }
    List<Vote> votes = slot.prepares.votes(p.digest(), p.sender());
    if (votes.size() < r.config.quorum(r.view) - 1) {
      return;
    }
    markPrepared(slot, votes);
    Commit mine = r.sign(new Commit(r.id, r.view, p.seq(), p.digest(), NONE));
    r.broadcast(mine);
    slot.commits.add(p.digest(), r.id, mine.signature());
    checkCommitted(slot);
  }

  private void checkCommitted(Slot slot) {
    if (slot.preparedInView && slot.commits.count(slot.prePrepare.digest()) >= r.config.quorum(r.view)) {
      commit(slot);
    }
  }

  private void markPrepared(Slot slot, List<Vote> votes) {
    slot.preparedInView = true;
    slot.prepared = new PreparedProof(slot.prePrepare, votes);
  }

  private void commit(Slot slot) {
    slot.committedInView = true;
    if (slot.commit(slot.prePrepare.digest(), slot.prePrepare.batch())) {
      r.execute();
    }
  }

  /** SBFT: a collector's certificate (or a checkpoint certificate, which any protocol may see). */
  void onCertificate(Certificate c) {
    if (c.kind() == Certificate.Kind.CHECKPOINT) {
      r.checkpoints.onCertificate(c);
      return;
    }
    if (!sbft) {
      r.reject();
      return;
    }
    switch (r.disposition(c.view(), c.seq())) {
      case DROP -> { }
      case DEFER -> r.defer(c);
      case HANDLE -> {
        if (!r.checks.certificate(c)) {
          r.reject();
          return;
        }
        Slot slot = r.slot(c.seq());
        if (slot.prePrepare == null) {
          if (slot.held.size() < 4) {
            slot.held.add(c);
          }
          return;
        }
        applyCertificate(slot, c);
      }
    }
  }

  private void applyCertificate(Slot slot, Certificate c) {
    PrePrepare p = slot.prePrepare;
    if (!Arrays.equals(p.digest(), c.digest())) {
      return;
    }
    switch (c.kind()) {
      case FAST -> {
        markPrepared(slot, votesWithout(c.votes(), p.sender()));
        commit(slot);
      }
      case PREPARED -> {
        if (!slot.preparedInView) {
          markPrepared(slot, votesWithout(c.votes(), p.sender()));
          Commit mine = r.sign(new Commit(r.id, r.view, p.seq(), p.digest(), NONE));
          slot.myCommitShare = mine;
          collectors.sendShare(mine, p.seq());
        }
      }
      case COMMITTED -> commit(slot);
      case CHECKPOINT -> throw new IllegalStateException("checkpoint certificates are handled before");
    }
  }

  private static List<Vote> votesWithout(List<Vote> votes, int excluded) {
    List<Vote> kept = new ArrayList<>(votes.size());
    for (Vote vote : votes) {
      if (vote.replica() != excluded) {
        kept.add(vote);
      }
    }
    return kept;
  }

  void tick() {
    if (sbft && !r.changing) {
      collectors.tick();
    }
  }

  /** Sends {@code message} to a replica, or handles it here when that replica is this one. */
  void sendOrHandle(int to, BftMessage message) {
    if (to == r.id) {
      r.dispatch(message);
    } else {
      r.send(to, message);
    }
  }
}
