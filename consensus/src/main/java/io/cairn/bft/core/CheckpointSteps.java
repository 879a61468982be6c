package io.cairn.bft.core;

import io.cairn.bft.api.BftCodec;
import io.cairn.bft.api.BftConfig;
import io.cairn.bft.api.Certificate;
import io.cairn.bft.api.Checkpoint;
import io.cairn.bft.api.CheckpointProof;
import io.cairn.bft.api.FetchState;
import io.cairn.bft.api.Protocol;
import io.cairn.bft.api.StateSnapshot;
import io.cairn.bft.api.Vote;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Checkpoints, watermarks and state transfer. Every K executed sequence numbers a replica signs
 * {@code Checkpoint(seq, SHA-256(state))}; PBFT broadcasts it, SBFT sends it to the collector and
 * the primary, who broadcast a CHECKPOINT certificate. 2f+1 matching signatures make the
 * checkpoint stable: the low watermark moves to it and everything at or below is dropped. A replica
 * that learns a stable checkpoint beyond its execution fetches that state from the signers and
 * installs it only if it hashes to the certified digest.
 */
final class CheckpointSteps {
  private static final byte[] NONE = new byte[0];
  private final Replica r;
  /** Checkpoint signatures above the low watermark, by seq. */
  private final TreeMap<Long, VoteSet> votes = new TreeMap<>();
  /** This replica's own state encodings at its checkpoints at or above the low watermark. */
  private final TreeMap<Long, byte[]> snapshots = new TreeMap<>();
  /** Far checkpoints: each sender's latest one beyond twice the window. */
  private final TreeMap<Integer, Checkpoint> far = new TreeMap<>();
  private Checkpoint latestOwn;
  private long fetchTimer;

  CheckpointSteps(Replica replica) {
    this.r = replica;
    snapshots.put(0L, new ServiceState().snapshot());
  }

  /** Takes the checkpoint at {@code seq}, which was just executed. */
  void take(long seq) {
    byte[] snapshot = r.state.snapshot();
    snapshots.put(seq, snapshot);
    latestOwn = r.sign(new Checkpoint(r.id, seq, BftCodec.sha256(snapshot), NONE));
    announce(latestOwn);
  }

  /** Sends this replica's latest checkpoint again if it is not yet stable (a new view has new collectors). */
  void announceAgain() {
    if (latestOwn != null && latestOwn.seq() > r.stable.seq()) {
      announce(latestOwn);
    }
  }

  private void announce(Checkpoint checkpoint) {
    if (r.config.protocol() == Protocol.PBFT) {
      r.broadcast(checkpoint);
    } else {
      int collector = r.config.collector(r.view, checkpoint.seq());
      int primary = r.config.primary(r.view);
      if (collector != r.id) {
        r.send(collector, checkpoint);
      }
      if (primary != r.id && primary != collector) {
        r.send(primary, checkpoint);
      }
    }
    onCheckpoint(checkpoint);
  }

  void onCheckpoint(Checkpoint c) {
    long low = r.stable.seq();
    if (c.seq() <= low || c.seq() % r.config.checkpointInterval() != 0) {
      return;
    }
    if (c.seq() > low + 2L * r.config.window()) {
      onFarCheckpoint(c);
      return;
    }
    VoteSet set = votes.computeIfAbsent(c.seq(), s -> new VoteSet());
    int quorum = BftConfig.quorum(r.reconfiguration.nodesAt(c.seq()));
    if (set.add(c.stateDigest(), c.sender(), c.signature()) < quorum) {
      return;
    }
    List<Vote> proof = set.votes(c.stateDigest(), -1);
    if (r.config.protocol() == Protocol.SBFT) {
      r.broadcast(new Certificate(r.id, Certificate.Kind.CHECKPOINT, 0, c.seq(), c.stateDigest(), proof));
    }
    advance(new CheckpointProof(c.seq(), c.stateDigest(), proof));
  }

  /**
   * A checkpoint far beyond the window (this replica restarted or was cut off): only each sender's
   * latest one is kept (bounded by n), and 2f+1 matching ones make it stable, so a replica that
   * fell far behind still learns where to fetch state from.
   */
  private void onFarCheckpoint(Checkpoint c) {
    Checkpoint previous = far.get(c.sender());
    if (previous != null && previous.seq() >= c.seq()) {
      return;
    }
    far.put(c.sender(), c);
    VoteSet set = new VoteSet();
    for (Checkpoint other : far.values()) {
      if (other.seq() == c.seq()) {
        set.add(other.stateDigest(), other.sender(), other.signature());
      }
    }
    int quorum = BftConfig.quorum(r.reconfiguration.nodesAt(c.seq()));
    if (set.count(c.stateDigest()) >= quorum) {
      far.clear();
      advance(new CheckpointProof(c.seq(), c.stateDigest(), set.votes(c.stateDigest(), -1).subList(0, quorum)));
    }
  }

  void onCertificate(Certificate c) {
    if (c.seq() <= r.stable.seq()) {
      return;
    }
    if (!r.checks.certificate(c)) {
      r.reject();
      return;
    }
    advance(new CheckpointProof(c.seq(), c.digest(), c.votes()));
  }

  /** Makes {@code proof} (already checked) the stable checkpoint, if it is newer, and resumes work. */
  void advance(CheckpointProof proof) {
    if (moveLow(proof)) {
      r.replayDeferred();
      r.execute();
      r.agreement.maybePropose();
    }
  }

  /** Moves the low watermark to {@code proof} (already checked) if it is newer; false otherwise. */
  boolean moveLow(CheckpointProof proof) {
    long seq = proof.seq();
    if (seq <= r.stable.seq()) {
      return false;
    }
    byte[] own = snapshots.get(seq);
    if (own != null) {
      Invariants.check(Arrays.equals(BftCodec.sha256(own), proof.stateDigest()),
          "replica " + r.id + " state at checkpoint " + seq + " differs from the certified one");
    }
    r.stable = proof;
    r.slots.headMap(seq, true).clear();
    votes.headMap(seq, true).clear();
    snapshots.headMap(seq, false).clear();
    r.agreement.collectors.truncate(seq);
    r.lastProposed = Math.max(r.lastProposed, seq);
    if (r.state.executed() < seq) {
      fetch();
    }
    return true;
  }

  /** Asks f+1 of the checkpoint's signers, picked at random, for its state: at least one is honest. */
  private void fetch() {
    fetchTimer = 0;
    FetchState request = r.sign(new FetchState(r.id, r.stable.seq(), NONE));
    List<Integer> signers = new ArrayList<>();
    for (Vote vote : r.stable.votes()) {
      if (vote.replica() != r.id) {
        signers.add(vote.replica());
      }
    }
    for (int asked = 0; asked <= r.f && !signers.isEmpty(); asked++) {
      r.send(signers.remove(r.random.nextInt(signers.size())), request);
    }
  }

  void tick() {
    if (r.state.executed() < r.stable.seq() && ++fetchTimer >= r.config.fetchTicks()) {
      fetch();
    }
  }

  /**
   * Answers with the state at the asked checkpoint, or, when the asker is behind this replica's
   * stable checkpoint, with that checkpoint's certificate (self-proving: an added replica learns
   * where to fetch from this way).
   */
  void onFetch(FetchState request) {
    if (request.sender() == r.id) {
      return;
    }
    byte[] snapshot = snapshots.get(request.seq());
    if (snapshot != null) {
      r.send(request.sender(), r.sign(new StateSnapshot(r.id, request.seq(), snapshot, NONE)));
    } else if (request.seq() < r.stable.seq()) {
      r.send(request.sender(), new Certificate(r.id, Certificate.Kind.CHECKPOINT, 0, r.stable.seq(),
          r.stable.stateDigest(), r.stable.votes()));
    }
  }

  void onSnapshot(StateSnapshot s) {
    if (s.seq() != r.stable.seq() || r.state.executed() >= s.seq()
        || !Arrays.equals(BftCodec.sha256(s.state()), r.stable.stateDigest())) {
      return;
    }
    r.state.install(s.state());
    snapshots.put(s.seq(), s.state());
    r.dropExecutedRequests();
    r.execute();
  }
}
