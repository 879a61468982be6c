package io.cairn.bft.core;

import io.cairn.bft.api.BftCodec;
import io.cairn.bft.api.BftConfig;
import io.cairn.bft.api.BftMessage;
import io.cairn.bft.api.Certificate;
import io.cairn.bft.api.Checkpoint;
import io.cairn.bft.api.CheckpointProof;
import io.cairn.bft.api.Commit;
import io.cairn.bft.api.PrePrepare;
import io.cairn.bft.api.Prepare;
import io.cairn.bft.api.PreparedProof;
import io.cairn.bft.api.Protocol;
import io.cairn.bft.api.Verifier;
import io.cairn.bft.api.ViewChange;
import io.cairn.bft.api.Vote;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;
import java.util.function.LongToIntFunction;

/**
 * Every validity rule of the protocol in one place: signatures, pre-prepares, certificates of
 * votes, checkpoint proofs, view changes. Pure functions of the configuration, the keys and the
 * replica's knowledge of configuration epochs (who may sign a checkpoint at a sequence number;
 * where an epoch starts), which only its executed state changes.
 */
final class Checks {
  private static final byte[] NONE = new byte[0];
  private final BftConfig config;
  private final Verifier verifier;
  private final byte[] genesis = ServiceState.genesisDigest();
  private final LongToIntFunction nodesAt;
  private final IntToLongFunction epochFloor;

  /**
   * @param nodesAt replicas whose checkpoint signatures count at a sequence number
   * @param epochFloor the lowest stable checkpoint a view change into an epoch may carry
   */
  Checks(BftConfig config, Verifier verifier, LongToIntFunction nodesAt, IntToLongFunction epochFloor) {
    this.config = config;
    this.verifier = verifier;
    this.nodesAt = nodesAt;
    this.epochFloor = epochFloor;
  }

  /**
   * Whether {@code message} is signed by the replica it names (the verifier knows every admitted
   * replica; whether the sender belongs to the message's configuration is checked by the caller).
   */
  boolean signed(BftMessage message) {
    long from = message.from();
    return from >= 0 && from <= Integer.MAX_VALUE
        && verifier.verify((int) from, BftCodec.signedBytes(message), message.signature());
  }

  /** Signed by the primary of its view, and the digest is the batch's. */
  boolean prePrepare(PrePrepare prePrepare) {
    return prePrepare.sender() == config.primary(prePrepare.view())
        && Arrays.equals(prePrepare.digest(), BftCodec.batchDigest(prePrepare.batch())) && signed(prePrepare);
  }

  /** Counts valid, distinct votes of replicas 0..nodes-1 other than {@code excluded}'s; -1 if any vote is invalid. */
  int votes(List<Vote> votes, IntFunction<BftMessage> payload, int excluded, int nodes) {
    int previous = -1;
    int counted = 0;
    int[] replicas = new int[votes.size()];
    byte[][] payloads = new byte[votes.size()][];
    byte[][] signatures = new byte[votes.size()][];
    for (int i = 0; i < replicas.length; i++) {
      Vote vote = votes.get(i);
      if (vote.replica() <= previous || vote.replica() >= nodes) {
        return -1;
      }
      replicas[i] = vote.replica();
      payloads[i] = BftCodec.signedBytes(payload.apply(vote.replica()));
      signatures[i] = vote.signature();
      previous = vote.replica();
      counted += vote.replica() == excluded ? 0 : 1;
    }
    return verifier.verifyAll(replicas, payloads, signatures) ? counted : -1;
  }

  /** A pre-prepare plus prepare signatures from at least quorum-1 (2f when n = 3f+1) replicas other than its primary. */
  boolean prepared(PreparedProof proof) {
    PrePrepare p = proof.prePrepare();
    return prePrepare(p)
        && votes(proof.votes(), r -> new Prepare(r, p.view(), p.seq(), p.digest(), NONE), p.sender(),
            config.nodes(p.view())) >= config.quorum(p.view()) - 1;
  }

  /** The genesis checkpoint, or 2f+1 checkpoint signatures of the replicas that may sign at its seq. */
  boolean checkpoint(CheckpointProof proof) {
    if (proof.seq() == 0) {
      return proof.votes().isEmpty() && Arrays.equals(proof.stateDigest(), genesis);
    }
    int nodes = nodesAt.applyAsInt(proof.seq());
    return proof.seq() % config.checkpointInterval() == 0
        && votes(proof.votes(), r -> new Checkpoint(r, proof.seq(), proof.stateDigest(), NONE), -1, nodes)
            >= BftConfig.quorum(nodes);
  }

  /** An SBFT certificate with enough valid votes for its kind. */
  boolean certificate(Certificate c) {
    return switch (c.kind()) {
      case FAST -> votes(c.votes(), r -> new Prepare(r, c.view(), c.seq(), c.digest(), NONE), -1,
          config.nodes(c.view())) == config.nodes(c.view());
      case PREPARED -> votes(c.votes(), r -> new Prepare(r, c.view(), c.seq(), c.digest(), NONE), -1,
          config.nodes(c.view())) >= config.quorum(c.view());
      case COMMITTED -> votes(c.votes(), r -> new Commit(r, c.view(), c.seq(), c.digest(), NONE), -1,
          config.nodes(c.view())) >= config.quorum(c.view());
      case CHECKPOINT -> c.view() == 0 && checkpoint(new CheckpointProof(c.seq(), c.digest(), c.votes()));
    };
  }

  /**
   * A signed view change whose checkpoint proof and prepared proofs are valid, with proofs and
   * accepted pre-prepares of earlier views, in strictly ascending sequence order inside the window
   * above its checkpoint (PBFT sends no accepted pre-prepares). Proofs and accepted pre-prepares
   * are of the target view's configuration epoch, and the checkpoint is at or above the point
   * where that epoch starts (nothing of an earlier epoch's is carried over, docs/bft.md §10).
   */
  boolean viewChange(ViewChange change) {
    int epoch = BftConfig.epochOf(change.newView());
    long low = change.checkpoint().seq();
    if (low < epochFloor.applyAsLong(epoch)) {
      return false;
    }
    long previous = low;
    for (PreparedProof proof : change.prepared()) {
      PrePrepare p = proof.prePrepare();
      if (p.seq() <= previous || p.seq() > low + config.window() || p.view() >= change.newView()
          || BftConfig.epochOf(p.view()) != epoch || !prepared(proof)) {
        return false;
      }
      previous = p.seq();
    }
    previous = low;
    for (PrePrepare p : change.accepted()) {
      if (p.seq() <= previous || p.seq() > low + config.window() || p.view() >= change.newView()
          || BftConfig.epochOf(p.view()) != epoch || !prePrepare(p)) {
        return false;
      }
      previous = p.seq();
    }
    return (config.protocol() == Protocol.SBFT || change.accepted().isEmpty())
        && checkpoint(change.checkpoint()) && signed(change);
  }
}
