package io.cairn.bft.sim;

import io.cairn.bft.api.AddReplica;
import io.cairn.bft.api.BftReplica;
import java.util.SplittableRandom;

/**
 * Seed 002 in one simulated run: when the regulator submits the {@link AddReplica} transaction
 * for replica n (a client of its own, at a random time up to half a second after GST), when replica
 * n starts as a joining replica, how it misbehaves while it synchronizes ({@link AddNode.Joiner}),
 * and a client that sends requests once replica n votes, so the new configuration must order them.
 * At the end every honest replica must run the new configuration and replica n must be a member.
 */
final class JoinPlan {
  private final BftSimulation sim;
  private final KeyRing keys;
  private final int joiner;
  private final AddNode.Joiner fault;
  private final SimClient admission;
  private final SimClient after;
  private boolean afterStarted;
  private boolean crashed;
  private boolean switchSeen;
  private int incarnation;

  JoinPlan(BftSimulation sim, KeyRing keys, AddNode.Joiner fault, int replyQuorum) {
    this.sim = sim;
    this.keys = keys;
    this.joiner = sim.config.nodes();
    SplittableRandom random = sim.random;
    this.fault = fault == AddNode.Joiner.MIXED
        ? AddNode.Joiner.values()[random.nextInt(AddNode.Joiner.MIXED.ordinal())] : fault;
    byte[] add = new AddReplica(joiner, keys.identity(joiner), "10.0.0." + (joiner + 1), 7000 + joiner, new byte[0])
        .signed(keys.admission()).encode();
    this.admission = sim.addClient(add, 1, replyQuorum);
    this.after = sim.addClient(null, 3, replyQuorum);
  }

  /** Submits the add at a random time and starts the new replica a little later. */
  void schedule() {
    SplittableRandom random = sim.random;
    long addAt = 1 + random.nextLong(sim.gstMicros + 500_000);
    long startAt = addAt + random.nextLong(300_000);
    sim.log("plan: add replica " + joiner + " at " + addAt / 1000 + " ms, it starts at " + startAt / 1000
        + " ms, joiner " + fault.name().toLowerCase(java.util.Locale.ROOT));
    sim.loop.after(addAt, () -> sim.sendRequest(admission, true));
    sim.loop.after(startAt, this::start);
  }

  private void start() {
    incarnation++;
    sim.replicas[joiner] = BftReplica.join(sim.config, joiner, keys.signer(joiner), keys.verifier(),
        new SplittableRandom(sim.seed * 31 + joiner + 1000L * incarnation));
    sim.log("r" + joiner + " starts as a joining replica (incarnation " + incarnation + ")");
    sim.tick(joiner);
  }

  /** Extra delay of a message: the slow joiner's traffic is 50-250 ms late. */
  long extraDelayMicros(int from, int to) {
    return fault == AddNode.Joiner.SLOW && (from == joiner || to == joiner) ? 50_000 + sim.random.nextLong(200_000) : 0;
  }

  /** After a replica's step: the first switch (a crash is due), the joiner's membership (start the client). */
  void afterStep(int replica) {
    BftReplica r = sim.replicas[replica];
    if (r == null) {
      return;
    }
    if (!switchSeen && replica != joiner && r.nodes() > joiner) {
      switchSeen = true;
      sim.log("r" + replica + " is the first to enter epoch 1 (view " + Long.toHexString(r.view()) + ")");
      if (fault == AddNode.Joiner.CRASH && !crashed) {
        crashed = true;
        sim.loop.after(sim.random.nextLong(8_000), this::crash);
      }
    }
    if (replica == joiner && r.isMember() && !afterStarted) {
      afterStarted = true;
      sim.log("r" + joiner + " is a member: executed " + r.executed() + ", view " + Long.toHexString(r.view()));
      sim.sendRequest(after, false);
    }
    sim.maybeStop();
  }

  private void crash() {
    if (sim.replicas[joiner] == null) {
      return;
    }
    sim.log("r" + joiner + " crashes (member: " + sim.replicas[joiner].isMember() + ")");
    sim.replicas[joiner] = null;
    sim.loop.after(500_000 + sim.random.nextLong(1_000_000), this::start);
  }

  /** Null once the add took effect everywhere; otherwise what is still missing. */
  String unsettled() {
    BftReplica[] replicas = sim.replicas;
    if (replicas[joiner] == null || !replicas[joiner].isMember()) {
      return "liveness: added replica " + joiner + " never became a member";
    }
    for (int i = 0; i < replicas.length; i++) {
      if (sim.honest(i) && replicas[i].nodes() != joiner + 1) {
        return "liveness: replica " + i + " still runs " + replicas[i].nodes() + " replicas (view "
            + Long.toHexString(replicas[i].view()) + ")";
      }
    }
    if (!after.done() || !admission.done()) {
      return "liveness: the requests after the add did not commit";
    }
    return null;
  }
}
