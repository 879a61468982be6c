package io.cairn.bft.sim;

import io.cairn.bft.api.BftCodec;
import io.cairn.bft.api.BftConfig;
import io.cairn.bft.api.BftMessage;
import io.cairn.bft.api.Certificate;
import io.cairn.bft.api.Checkpoint;
import io.cairn.bft.api.Commit;
import io.cairn.bft.api.Envelope;
import io.cairn.bft.api.NewView;
import io.cairn.bft.api.PrePrepare;
import io.cairn.bft.api.Prepare;
import io.cairn.bft.api.Protocol;
import io.cairn.bft.api.Request;
import io.cairn.bft.api.Signer;
import io.cairn.bft.api.ViewChange;
import io.cairn.bft.api.Vote;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The Byzantine side of one replica. It runs beside an honest core (so it knows the protocol
 * state) and rewrites that core's output according to its {@link Attack}: it drops, delays,
 * equivocates, double-votes, forges and replays. It holds only its own signing key; colluders learn
 * each other's conflicting pre-prepares because an equivocating primary sends them both versions.
 */
final class Adversary {
  /** A message to send, {@code delayMicros} later than an honest replica would. */
  record Out(int to, BftMessage message, long delayMicros) {}

  private static final byte[] NONE = new byte[0];
  private final Attack attack;
  private final int id;
  private final BftConfig config;
  private final Signer signer;
  private final Set<Integer> colluders;
  private final SplittableRandom random;
  private final Set<ByteBuffer> doubleVoted = new HashSet<>();
  private final List<BftMessage> heard = new ArrayList<>();

  Adversary(Attack attack, int id, BftConfig config, Signer signer, Set<Integer> colluders, SplittableRandom random) {
    this.attack = attack == Attack.MIXED ? pick(random) : attack;
    this.id = id;
    this.config = config;
    this.signer = signer;
    this.colluders = colluders;
    this.random = random;
  }

  private static Attack pick(SplittableRandom random) {
    Attack[] choices = {Attack.SILENT, Attack.WITHHOLD_VOTES, Attack.EQUIVOCATE, Attack.FORGE, Attack.REPLAY,
        Attack.SLOW};
    return choices[random.nextInt(choices.length)];
  }

  Attack attack() {
    return attack;
  }

  /** Whether replies to clients get through. */
  boolean repliesToClients() {
    return attack != Attack.SILENT;
  }

  /** Rewrites what the honest core wanted to send. */
  List<Out> outgoing(List<Envelope> honest) {
    List<Out> out = new ArrayList<>();
    for (Envelope envelope : honest) {
      BftMessage message = envelope.message();
      switch (attack) {
        case SILENT -> { }
        case WITHHOLD_VOTES -> {
          if (message instanceof PrePrepare || message instanceof NewView || message instanceof Request) {
            out.add(new Out(envelope.to(), message, 0));
          }
        }
        case SLOW -> out.add(new Out(envelope.to(), message, 3_000L * config.viewChangeTicks()
            + random.nextLong(1000L * config.viewChangeTicks())));
        case EQUIVOCATE -> equivocate(envelope, out);
        case FORGE -> {
          out.add(new Out(envelope.to(), message, 0));
          if (random.nextInt(3) == 0) {
            out.add(new Out(envelope.to(), forge(message), 0));
          }
        }
        default -> out.add(new Out(envelope.to(), message, 0));
      }
    }
    return out;
  }

  /** Sees a message the core received; may answer with double votes. */
  List<Out> onReceive(BftMessage message) {
    if (attack == Attack.REPLAY && !(message instanceof Request)) {
      if (heard.size() < 512) {
        heard.add(message);
      } else {
        heard.set(random.nextInt(heard.size()), message);
      }
    }
    List<Out> out = new ArrayList<>();
    if (attack == Attack.EQUIVOCATE && message instanceof PrePrepare p && p.sender() == config.primary(p.view())) {
      doubleVote(p, out);
    }
    return out;
  }

  /** Replays now and then. */
  List<Out> onTick() {
    List<Out> out = new ArrayList<>();
    if (attack == Attack.REPLAY && !heard.isEmpty() && random.nextInt(4) == 0) {
      int to = random.nextInt(config.nodes());
      if (to != id) {
        out.add(new Out(to, heard.get(random.nextInt(heard.size())), 0));
      }
    }
    return out;
  }

  private void equivocate(Envelope envelope, List<Out> out) {
    if (!(envelope.message() instanceof PrePrepare p) || p.sender() != id) {
      out.add(new Out(envelope.to(), envelope.message(), 0));
      return;
    }
    PrePrepare other = alternative(p);
    int to = envelope.to();
    if (colluders.contains(to)) {
      out.add(new Out(to, p, 0));
      out.add(new Out(to, other, 0));
    } else {
      out.add(new Out(to, to % 2 == 0 ? p : other, 0));
    }
    doubleVote(p, out);
    doubleVote(other, out);
  }

  /** A conflicting pre-prepare for the same (view, seq): one more, invented request. */
  private PrePrepare alternative(PrePrepare p) {
    List<Request> batch = new ArrayList<>(p.batch());
    batch.add(new Request((1L << 40) + p.seq(), 1 + p.view(), new byte[] {(byte) id}));
    return sign(new PrePrepare(id, p.view(), p.seq(), BftCodec.batchDigest(batch), batch, NONE));
  }

  /** Prepare (share) and commit signatures for every digest it sees, sent where they count. */
  private void doubleVote(PrePrepare p, List<Out> out) {
    ByteBuffer key = ByteBuffer.allocate(48).putLong(p.view()).putLong(p.seq()).put(p.digest());
    if (!doubleVoted.add(key.flip())) {
      return;
    }
    Prepare prepare = sign(new Prepare(id, p.view(), p.seq(), p.digest(), NONE));
    Commit commit = sign(new Commit(id, p.view(), p.seq(), p.digest(), NONE));
    List<Integer> targets = new ArrayList<>();
    if (config.protocol() == Protocol.SBFT) {
      targets.add(config.collector(p.view(), p.seq()));
      targets.add(config.primary(p.view()));
    } else {
      for (int r = 0; r < config.nodes(); r++) {
        targets.add(r);
      }
    }
    for (int to : new HashSet<>(targets)) {
      if (to != id) {
        out.add(new Out(to, prepare, 0));
        out.add(new Out(to, commit, 0));
      }
    }
  }

  /** A message that must be rejected: a claimed honest sender, a bad signature or a tampered certificate. */
  private BftMessage forge(BftMessage message) {
    int victim = random.nextInt(config.nodes());
    byte[] junk = new byte[64];
    random.nextBytes(junk);
    byte[] digest = new byte[32];
    random.nextBytes(digest);
    return switch (message) {
      case Prepare p -> new Prepare(victim, p.view(), p.seq(), random.nextBoolean() ? digest : p.digest(), junk);
      case Commit c -> new Commit(id, c.view(), c.seq(), digest, c.signature());
      case PrePrepare p -> new PrePrepare(config.primary(p.view()), p.view(), p.seq(), p.digest(), List.of(), junk);
      case Checkpoint c -> new Checkpoint(victim, c.seq(), digest, junk);
      case Certificate c -> new Certificate(id, c.kind(), c.view(), c.seq(), digest, c.votes());
      case ViewChange v -> new ViewChange(victim, v.newView(), v.checkpoint(), v.prepared(), v.accepted(), junk);
      default -> new Certificate(id, Certificate.Kind.FAST, 0, 1, digest, List.of(new Vote(victim, junk)));
    };
  }

  @SuppressWarnings("unchecked")
  private <T extends BftMessage> T sign(T unsigned) {
    return (T) unsigned.withSignature(signer.sign(BftCodec.signedBytes(unsigned)));
  }
}
