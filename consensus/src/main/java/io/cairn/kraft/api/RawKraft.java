package io.cairn.kraft.api;

import io.cairn.kraft.core.Raft;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One node of a Raft or Kademlia-Raft (KRaft) cluster, as a pure single-threaded state machine in
 * the style of etcd's {@code RawNode}: no I/O, no threads, no clock, and randomness only from the
 * seeded generator given at start. The driver owns everything else:
 *
 * <pre>{@code
 * RawKraft node = RawKraft.start(config, storage, new SplittableRandom(seed));
 * loop:
 *   on timer every tick interval:   node.tick();
 *   on message m from the network:  node.step(m);
 *   on client write / read:          node.propose(data); node.readIndex(context);
 *   while (node.hasReady()) {
 *     Ready rd = node.ready();
 *     storage: write rd.snapshot(), rd.entries(), rd.hardState(); if (rd.mustSync()) sync
 *     network: send rd.messages() (each to m.destination())   -- only after the sync
 *     state machine: apply rd.snapshot() data, then rd.committedEntries(); serve rd.readStates()
 *     node.advance(rd);
 *   }
 * }</pre>
 *
 * <p><b>Persist before send.</b> Every message in a {@link Ready} may depend on that Ready's
 * writes: a vote on the persisted vote, an acknowledgement on persisted entries, a relay's bundle
 * on the relay's own persisted entries. The driver must make the writes durable before it sends
 * anything of the batch, and must not call any other method between {@link #ready()} and {@link
 * #advance}. A crash before the sync loses the batch's writes and sends nothing, which Raft
 * tolerates like a lost message.
 *
 * <p>Thread-safety: not thread-safe; confine a node to one thread.
 */
public final class RawKraft {
  private final Raft raft;

  private RawKraft(Raft raft) {
    this.raft = raft;
  }

  /**
   * Starts (or restarts) a node from {@code storage}. A brand-new cluster member is started on
   * storage whose log begins with a {@link EntryType#CONFIG} entry (see {@link
   * #bootstrap(LogStorage, Configuration)}); a node joining later starts on empty storage and
   * learns the configuration from the leader.
   */
  public static RawKraft start(KraftConfig config, LogStorage storage, RandomGenerator random) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(random, "random");
    return new RawKraft(new Raft(config, storage, random));
  }

  /**
   * Writes the first entry of a new cluster to empty {@code storage}: index 1, term 1, holding
   * {@code initial}, committed. Every founding member bootstraps identical storage.
   *
   * @throws io.cairn.common.InvalidArgumentException when the storage is not empty or there is no voter
   */
  public static void bootstrap(LogStorage storage, Configuration initial) {
    if (storage.lastIndex() != 0 || storage.hardState().term() != 0) {
      throw new io.cairn.common.InvalidArgumentException("bootstrap needs empty storage");
    }
    if (initial.voters().isEmpty()) {
      throw new io.cairn.common.InvalidArgumentException("the initial configuration has no voter");
    }
    storage.append(java.util.List.of(new Entry(1, 1, EntryType.CONFIG, initial.encode())));
    storage.setHardState(new HardState(1, null, 1));
    storage.sync();
  }

  /** Advances the logical clock by one tick (election and heartbeat timers, relay timeouts). */
  public void tick() {
    checkNotAwaitingAdvance();
    raft.tick();
  }

  /** Handles a message received from the network (whatever its destination said). */
  public void step(Message message) {
    checkNotAwaitingAdvance();
    raft.step(Objects.requireNonNull(message, "message"));
  }

  /**
   * The driver made this node's log durable through {@code index}, which it wrote in {@code term}
   * (with {@link KraftConfig#leaderMatchAtPersist}: a leader's own copy counts towards commit from
   * now on; ignored when the node no longer leads in {@code term}, and without that setting).
   */
  public void persisted(long index, long term) {
    checkNotAwaitingAdvance();
    raft.persisted(index, term);
  }

  /**
   * Appends {@code data} as a new entry (leader only); the array is owned by the log afterwards.
   *
   * @throws ProposalDroppedException when this node is not the leader or is transferring leadership
   */
  public Proposal propose(byte[] data) {
    checkNotAwaitingAdvance();
    return raft.propose(Objects.requireNonNull(data, "data"));
  }

  /**
   * Appends a configuration entry adding a learner or removing a node (leader only). Learners
   * become voters through {@link #promoteLearner}.
   *
   * @throws ProposalDroppedException when not leader, transferring, another change is pending, or
   *     nothing of the leader's term is committed yet
   * @throws io.cairn.common.InvalidArgumentException when the change does not apply (or is a promotion)
   */
  public Proposal proposeConfChange(ConfChange change) {
    checkNotAwaitingAdvance();
    return raft.proposeConfChange(Objects.requireNonNull(change, "change"));
  }

  /**
   * Starts catch-up rounds for {@code learner}; when a round completes within an election timeout
   * the leader appends the configuration that makes it a voter. {@link Status#promotion()} and
   * {@link Status#lastPromotionFailure()} report progress.
   *
   * @throws ProposalDroppedException when not leader or a promotion is already running
   * @throws io.cairn.common.InvalidArgumentException when {@code learner} is not a learner
   */
  public void promoteLearner(NodeId learner) {
    checkNotAwaitingAdvance();
    raft.promoteLearner(Objects.requireNonNull(learner, "learner"));
  }

  /**
   * Asks for a linearizable read point: a {@link ReadState} with this {@code context} will appear
   * in a later {@link Ready}. Returns false when no leader is known (the request was dropped);
   * requests may also be lost with messages, so callers retry after a timeout.
   */
  public boolean readIndex(byte[] context) {
    checkNotAwaitingAdvance();
    return raft.readIndex(Objects.requireNonNull(context, "context"));
  }

  /**
   * Hands leadership to voter {@code target} (leader only); proposals are refused until it
   * succeeds or an election timeout passes.
   *
   * @throws ProposalDroppedException when this node is not the leader
   */
  public void transferLeadership(NodeId target) {
    checkNotAwaitingAdvance();
    raft.transferLeadership(Objects.requireNonNull(target, "target"));
  }

  /** Starts a campaign now (Pre-Vote first when enabled), as if the election timer fired. */
  public void campaign() {
    checkNotAwaitingAdvance();
    raft.campaign();
  }

  /** True when {@link #ready()} has work for the driver. */
  public boolean hasReady() {
    return !raft.awaitingAdvance() && raft.hasReady();
  }

  /**
   * The next batch of work; see {@link Ready} for what the driver must do with it.
   *
   * @throws IllegalStateException when the previous batch was not advanced
   */
  public Ready ready() {
    return raft.ready();
  }

  /**
   * The driver finished {@code ready}: its entries and snapshot are durable and it may hand out
   * the next batch.
   *
   * @throws IllegalStateException when {@code ready} is not the batch last returned
   */
  public void advance(Ready ready) {
    raft.advance(ready);
  }

  /** Role, term, leader and indexes, cheap enough to read after every step. */
  public BasicStatus basicStatus() {
    return raft.basicStatus();
  }

  /** The node's current state. */
  public Status status() {
    return raft.status();
  }

  private void checkNotAwaitingAdvance() {
    if (raft.awaitingAdvance()) {
      throw new IllegalStateException("the last Ready was not advanced yet");
    }
  }
}
