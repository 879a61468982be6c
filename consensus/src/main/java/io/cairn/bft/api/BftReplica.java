package io.cairn.bft.api;

import io.cairn.bft.core.Replica;
import java.util.random.RandomGenerator;

/**
 * One PBFT or SBFT replica as a pure state machine (see docs/bft.md): no I/O, no threads, no clock.
 * The driver calls {@link #step} for each message received, {@link #propose} for each client
 * request, {@link #tick} at a fixed rate, and sends what {@link #ready} returns. Every message it
 * sends is signed with {@code signer}; every message it accepts is checked with {@code verifier}.
 *
 * <p>Thread-safety: not thread-safe; one driver thread per replica.
 */
public final class BftReplica {
  private final Replica replica;

  private BftReplica(Replica replica) {
    this.replica = replica;
  }

  /** Replica {@code id} (0..n-1) of a group with {@code config}, in view 0 at the genesis checkpoint. */
  public static BftReplica start(BftConfig config, int id, Signer signer, Verifier verifier, RandomGenerator random) {
    return new BftReplica(Replica.start(config, id, signer, verifier, random));
  }

  /**
   * Replica {@code id} admitted by an {@link AddReplica} transaction (the group had {@code id}
   * replicas before): it votes only once it installed a checkpointed state that makes it a member
   * (docs/bft.md §10).
   */
  public static BftReplica join(BftConfig config, int id, Signer signer, Verifier verifier, RandomGenerator random) {
    return new BftReplica(Replica.join(config, id, signer, verifier, random));
  }

  public void step(BftMessage message) {
    replica.step(message);
  }

  public void propose(Request request) {
    replica.propose(request);
  }

  public void tick() {
    replica.tick();
  }

  /**
   * The driver suspects the primary (for example a client operation it watches stays unordered):
   * starts a view change to the next view unless one is under way. A view change needs 2f+1
   * replicas, so one faulty suspicion cannot replace a correct primary.
   */
  public void suspectPrimary() {
    replica.suspect();
  }

  /** The primary of the current view (0..n-1). */
  public int primary() {
    return replica.primary();
  }

  /** Replicas in the configuration of the current view (grows by one with each add). */
  public int nodes() {
    return replica.nodes();
  }

  /** Whether this replica votes: false for an added replica until it synchronized. */
  public boolean isMember() {
    return replica.isMember();
  }

  /**
   * The replicas added so far (docs/bft.md §10), in order, as the replicated state holds them (the
   * admission signatures are not kept: each was checked when its transaction executed). A driver
   * learns from it the keys and addresses of new replicas, also after installing a state.
   */
  public java.util.List<AddReplica> added() {
    return replica.added();
  }

  public boolean hasReady() {
    return replica.hasReady();
  }

  /** Drains messages, replies and decisions produced since the last call. */
  public Ready ready() {
    return replica.ready();
  }

  public int id() {
    return replica.id();
  }

  public long view() {
    return replica.view();
  }

  public boolean isViewChanging() {
    return replica.isViewChanging();
  }

  /** Highest sequence number executed. */
  public long executed() {
    return replica.executed();
  }

  /** The stable checkpoint's sequence number (low watermark). */
  public long lowWatermark() {
    return replica.lowWatermark();
  }

  /** Messages dropped as forged, invalid or conflicting. */
  public long rejected() {
    return replica.rejected();
  }
}
