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

/**
 * Every validity rule of the protocol in one place: signatures, pre-prepares, certificates of
 * votes, checkpoint proofs, view changes. Pure functions of the configuration and the keys.
 */
final class Checks {
  private static final byte[] NONE = new byte[0];
  private final BftConfig config;
  private final Verifier verifier;
  private final byte[] genesis = ServiceState.genesisDigest();

  Checks(BftConfig config, Verifier verifier) {
    this.config = config;
    this.verifier = verifier;
  }

  /** Whether {@code message} is signed by the replica it names. */
  boolean signed(BftMessage message) {
    long from = message.from();
    return from >= 0 && from < config.nodes()
        && verifier.verify((int) from, BftCodec.signedBytes(message), message.signature());
  }

  /** Signed by the primary of its view, and the digest is the batch's. */
  boolean prePrepare(PrePrepare prePrepare) {
    return prePrepare.sender() == config.primary(prePrepare.view())
        && Arrays.equals(prePrepare.digest(), BftCodec.batchDigest(prePrepare.batch())) && signed(prePrepare);
  }

  /** Counts valid, distinct votes other than {@code excluded}'s; -1 if any vote is invalid. */
  int votes(List<Vote> votes, IntFunction<BftMessage> payload, int excluded) {
    int previous = -1;
    int counted = 0;
    for (Vote vote : votes) {
      if (vote.replica() <= previous || vote.replica() >= config.nodes()
          || !verifier.verify(vote.replica(), BftCodec.signedBytes(payload.apply(vote.replica())), vote.signature())) {
        return -1;
      }
      previous = vote.replica();
      counted += vote.replica() == excluded ? 0 : 1;
    }
    return counted;
  }

  /** A pre-prepare plus prepare signatures from at least 2f replicas other than its primary. */
  boolean prepared(PreparedProof proof) {
    PrePrepare p = proof.prePrepare();
    return prePrepare(p)
        && votes(proof.votes(), r -> new Prepare(r, p.view(), p.seq(), p.digest(), NONE), p.sender()) >= 2 * config.f();
  }

  /** The genesis checkpoint, or 2f+1 checkpoint signatures. */
  boolean checkpoint(CheckpointProof proof) {
    if (proof.seq() == 0) {
      return proof.votes().isEmpty() && Arrays.equals(proof.stateDigest(), genesis);
    }
    return proof.seq() % config.checkpointInterval() == 0
        && votes(proof.votes(), r -> new Checkpoint(r, proof.seq(), proof.stateDigest(), NONE), -1) >= config.quorum();
  }

  /** An SBFT certificate with enough valid votes for its kind. */
  boolean certificate(Certificate c) {
    return switch (c.kind()) {
      case FAST -> votes(c.votes(), r -> new Prepare(r, c.view(), c.seq(), c.digest(), NONE), -1) == config.nodes();
      case PREPARED -> votes(c.votes(), r -> new Prepare(r, c.view(), c.seq(), c.digest(), NONE), -1)
          >= config.quorum();
      case COMMITTED -> votes(c.votes(), r -> new Commit(r, c.view(), c.seq(), c.digest(), NONE), -1)
          >= config.quorum();
      case CHECKPOINT -> c.view() == 0 && checkpoint(new CheckpointProof(c.seq(), c.digest(), c.votes()));
    };
  }

  /**
   * A signed view change whose checkpoint proof and prepared proofs are valid, with proofs and
   * accepted pre-prepares of earlier views, in strictly ascending sequence order inside the window
   * above its checkpoint (PBFT sends no accepted pre-prepares).
   */
  boolean viewChange(ViewChange change) {
    long low = change.checkpoint().seq();
    long previous = low;
    for (PreparedProof proof : change.prepared()) {
      PrePrepare p = proof.prePrepare();
      if (p.seq() <= previous || p.seq() > low + config.window() || p.view() >= change.newView() || !prepared(proof)) {
        return false;
      }
      previous = p.seq();
    }
    previous = low;
    for (PrePrepare p : change.accepted()) {
      if (p.seq() <= previous || p.seq() > low + config.window() || p.view() >= change.newView() || !prePrepare(p)) {
        return false;
      }
      previous = p.seq();
    }
    return (config.protocol() == Protocol.SBFT || change.accepted().isEmpty())
        && checkpoint(change.checkpoint()) && signed(change);
  }
}
