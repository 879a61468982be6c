package io.cairn.kraft.core;

import io.cairn.common.CorruptionException;
import io.cairn.kraft.api.BasicStatus;
import io.cairn.kraft.api.ConfChange;
import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.kraft.api.HardState;
import io.cairn.kraft.api.KraftConfig;
import io.cairn.kraft.api.LogStorage;
import io.cairn.kraft.api.Message;
import io.cairn.kraft.api.Mode;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.Proposal;
import io.cairn.kraft.api.ReadState;
import io.cairn.kraft.api.Ready;
import io.cairn.kraft.api.RelayableRequest;
import io.cairn.kraft.api.Role;
import io.cairn.kraft.api.SnapshotMetadata;
import io.cairn.kraft.api.Status;
import io.cairn.kraft.kademlia.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft / Kademlia-Raft protocol state machine of one node: its term, vote, role, log and
 * configuration, and the rules that move them. It performs no I/O, reads no clock and draws
 * randomness only from the generator it was given; outputs accumulate in an outbox that {@link
 * ReadyBatch} hands to the driver. Role-specific rules live in {@link LeaderSteps}, {@link
 * FollowerSteps} and {@link ElectionSteps}; relaying in {@link RelayDuty},
 * {@link RelayCatchUp} and {@link RelayTracker}.
 *
 * <p>Thread-safety: not thread-safe; one driver thread calls everything.
 */
public final class Raft {
  private static final Logger LOG = LoggerFactory.getLogger(Raft.class);
  private static final long CONFIG_SCAN_BYTES = 1 << 20;

  final KraftConfig config;
  final NodeId id;
  final RandomGenerator random;
  final RaftLog log;
  final ProgressTracker tracker;
  final ConfigHistory configs;
  Topology topology = Topology.of(Configuration.EMPTY);

  long term;
  NodeId vote;
  NodeId lead;
  /** The last leader this node knew of, kept across terms: the anchor of KRaft's XOR rank. */
  NodeId lastLeader;
  Role role = Role.FOLLOWER;

  int electionElapsed;
  int heartbeatElapsed;
  int randomizedElectionTimeout;
  long tickCount;

  NodeId leadTransferee;
  long pendingConfIndex;
  /** Follower: the log is known to equal the current leader's up to here (bounds heartbeat commits). */
  long leaderMatchIndex;

  final List<Message> outbox = new ArrayList<>();
  final List<ReadState> readStates = new ArrayList<>();
  final ReadOnlyQueue readOnly = new ReadOnlyQueue();
  final SnapshotReceiver snapshotReceiver = new SnapshotReceiver();
  final CatchUp catchUp = new CatchUp();
  final RelayDuty relayDuty;
  final RelayCatchUp relayCatchUp;
  final RelayTracker relays;

  final LeaderSteps leader;
  final FollowerSteps follower;
  final ElectionSteps election;
  final Proposals proposals;
  final Dispatch dispatch;
  final ReadyBatch readyBatch;

  /**
   * A node restarting from {@code storage} (or starting fresh on an empty one): term, vote and
   * commit come from the hard state, the configuration from the snapshot and the log's
   * configuration entries. It starts as a follower.
   */
  public Raft(KraftConfig config, LogStorage storage, RandomGenerator random) {
    this.config = config;
    this.id = config.id();
    this.random = random;
    this.log = new RaftLog(storage, config.appliedIndex());
    this.tracker = new ProgressTracker(config.maxInflightAppends());
    SnapshotMetadata snapshot = storage.snapshotMetadata();
    this.configs = new ConfigHistory(snapshot.index(), snapshot.configuration());
    scanConfigurations(storage);
    this.relayDuty = new RelayDuty(id, config.relayBundleTicks(), outbox::add);
    this.relays = new RelayTracker(id);
    this.relayCatchUp = new RelayCatchUp(this);
    this.leader = new LeaderSteps(this);
    this.follower = new FollowerSteps(this);
    this.election = new ElectionSteps(this);
    this.proposals = new Proposals(this);
    this.dispatch = new Dispatch(this);
    HardState hard = storage.hardState();
    this.term = hard.term();
    this.vote = hard.vote();
    this.readyBatch = new ReadyBatch(this, new HardState(term, vote, log.committed()));
    reconfigure();
    becomeFollower(term, null);
  }

  private void scanConfigurations(LogStorage storage) {
    long index = storage.firstIndex();
    long last = storage.lastIndex();
    while (index <= last) {
      List<Entry> batch = storage.entries(index, last + 1, CONFIG_SCAN_BYTES);
      for (Entry entry : batch) {
        if (entry.type() == EntryType.CONFIG) {
          configs.add(entry.index(), Configuration.decode(entry.data()));
        }
      }
      index += batch.size();
    }
  }

  // ---------------------------------------------------------------- inputs

  /** One tick of the logical clock. */
  public void tick() {
    tickCount++;
    relayDuty.tick();
    relayCatchUp.tick();
    if (role == Role.LEADER) {
      leader.tick();
    } else {
      election.tick();
    }
  }

  /** Handles one message from the network. */
  public void step(Message message) {
    dispatch.step(message);
  }

  /** See {@link io.cairn.kraft.api.RawKraft#persisted}. */
  public void persisted(long index, long term) {
    leader.persisted(index, term);
  }

  /** See {@link io.cairn.kraft.api.RawKraft#propose}. */
  public Proposal propose(byte[] data) {
    return proposals.propose(data);
  }

  /** See {@link io.cairn.kraft.api.RawKraft#proposeConfChange}. */
  public Proposal proposeConfChange(ConfChange change) {
    return proposals.proposeConfChange(change);
  }

  /** See {@link io.cairn.kraft.api.RawKraft#promoteLearner}. */
  public void promoteLearner(NodeId learner) {
    proposals.promoteLearner(learner);
  }

  /** See {@link io.cairn.kraft.api.RawKraft#readIndex}. */
  public boolean readIndex(byte[] context) {
    return proposals.readIndex(context);
  }

  /** See {@link io.cairn.kraft.api.RawKraft#transferLeadership}. */
  public void transferLeadership(NodeId target) {
    proposals.transferLeadership(target);
  }

  /** See {@link io.cairn.kraft.api.RawKraft#campaign}. */
  public void campaign() {
    proposals.campaign();
  }

  /** True when {@link #ready()} has something to hand out. */
  public boolean hasReady() {
    return readyBatch.hasReady();
  }

  /** The next batch of outputs; see {@link Ready}. */
  public Ready ready() {
    return readyBatch.ready();
  }

  /** The driver finished {@code ready}. */
  public void advance(Ready ready) {
    readyBatch.advance(ready);
  }

  /** True between {@link #ready()} and {@link #advance}. */
  public boolean awaitingAdvance() {
    return readyBatch.awaitingAdvance();
  }

  /** The node's role, term, leader and indexes. */
  public BasicStatus basicStatus() {
    return new BasicStatus(id, role, term, lead, log.committed(), log.lastIndex());
  }

  /** The node's current state. */
  public Status status() {
    Map<NodeId, Long> match = new HashMap<>();
    List<NodeId> currentRelays = List.of();
    if (role == Role.LEADER) {
      tracker.progress().forEach((member, progress) -> match.put(member, progress.match));
      currentRelays = relays.currentRelays();
    }
    return new Status(id, role, term, vote, lead, log.committed(), log.applied(), log.lastIndex(),
        configs.latest(), match, currentRelays, catchUp.learner(), catchUp.lastFailure());
  }

  // ---------------------------------------------------------------- roles

  void becomeFollower(long newTerm, NodeId newLead) {
    reset(newTerm);
    role = Role.FOLLOWER;
    setLead(newLead);
    LOG.debug("{} became follower at term {} (leader {})", id, term, newLead);
  }

  void becomePreCandidate() {
    tracker.resetVotes();
    election.resetRouting();
    role = Role.PRE_CANDIDATE;
    lead = null;
    LOG.debug("{} became pre-candidate at term {}", id, term);
  }

  void becomeCandidate() {
    reset(term + 1);
    vote = id;
    role = Role.CANDIDATE;
    LOG.debug("{} became candidate at term {}", id, term);
  }

  void becomeLeader() {
    reset(term);
    role = Role.LEADER;
    lead = id;
    lastLeader = id;
    tracker.resetProgress(id, log.lastIndex());
    Progress self = tracker.get(id);
    if (self != null) {
      self.becomeReplicate();
    }
    // No configuration change until an entry of this term commits (thesis §4.1, the 2015 fix).
    pendingConfIndex = log.lastIndex();
    relays.reset(topology);
    leader.appendEntries(List.of(new Entry(log.lastIndex() + 1, term, EntryType.NORMAL, null)));
    LOG.debug("{} became leader at term {}", id, term);
  }

  private void reset(long newTerm) {
    if (term != newTerm) {
      term = newTerm;
      vote = null;
      leaderMatchIndex = 0;
    }
    lead = null;
    electionElapsed = 0;
    heartbeatElapsed = 0;
    resetRandomizedElectionTimeout();
    leadTransferee = null;
    tracker.resetVotes();
    tracker.resetProgress(id, log.lastIndex());
    pendingConfIndex = 0;
    readOnly.clear();
    leader.clearDeferredReads();
    catchUp.clear();
    election.resetRouting();
  }

  void setLead(NodeId newLead) {
    if (newLead != null && !newLead.equals(lead)) {
      leaderMatchIndex = 0;
    }
    lead = newLead;
    if (newLead != null && !newLead.equals(lastLeader)) {
      lastLeader = newLead;
      // KRaft ranks are anchored on the last leader: re-rank now, not at the next term change.
      resetRandomizedElectionTimeout();
    }
  }

  /**
   * Raft: {@code electionTicks + random[0, electionTicks)}. KRaft: candidate-layer nodes wait
   * {@code electionTicks + rank * rankStaggerTicks} plus, from rank 1 on, {@code random[0,
   * rankStaggerTicks/2]}, so the
   * live candidate XOR-closest to the last leader almost always starts alone; other nodes wait
   * {@code fallbackElectionFactor} timeouts plus a Raft-style random part.
   */
  void resetRandomizedElectionTimeout() {
    int base = config.electionTicks();
    if (config.mode() == Mode.RAFT || topology.candidates().isEmpty()) {
      randomizedElectionTimeout = base + random.nextInt(base);
      return;
    }
    int rank = topology.rank(id, lastLeader);
    if (rank >= 0) {
      int stagger = config.rankStaggerTicks();
      // Rank 0 needs no jitter: ranks already keep candidates apart; later ranks get a little, in
      // case nodes anchored on different last leaders computed colliding ranks.
      randomizedElectionTimeout = base + rank * stagger + (rank == 0 ? 0 : random.nextInt(stagger / 2 + 1));
    } else {
      randomizedElectionTimeout = config.fallbackElectionFactor() * base + random.nextInt(base);
    }
  }

  /** True when this node may campaign: it is a voter of the configuration in effect. */
  boolean promotable() {
    return configs.latest().isVoter(id);
  }

  // ---------------------------------------------------------------- shared plumbing

  /** Queues {@code message}; a response this node relays for itself goes into its bundle instead. */
  void send(Message message) {
    if (message.isResponse() && id.equals(message.relay())) {
      relayDuty.addOwn(message);
    } else {
      outbox.add(message);
    }
  }

  /** The relay a response to {@code request} travels through (null: straight back). */
  NodeId responseRelay(RelayableRequest request) {
    if (request.ackDirect()) {
      return null;
    }
    if (!request.fanout().isEmpty()) {
      return id;
    }
    return request.relay();
  }

  /**
   * Appends entries to the log (truncating a conflicting suffix) and keeps the configuration and
   * KRaft topology equal to the latest configuration entry in the log.
   */
  void appendToLog(List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    boolean changed = configs.truncateFrom(entries.getFirst().index());
    log.append(entries);
    for (Entry entry : entries) {
      if (entry.type() == EntryType.CONFIG) {
        configs.add(entry.index(), Configuration.decode(entry.data()));
        changed = true;
      }
    }
    if (changed) {
      reconfigure();
    }
  }

  /** True when every configuration entry in {@code entries} decodes (checked before appending anything). */
  static boolean configurationsDecode(List<Entry> entries) {
    for (Entry entry : entries) {
      if (entry.type() == EntryType.CONFIG) {
        try {
          Configuration.decode(entry.data());
        } catch (CorruptionException e) {
          LOG.warn("dropping an append with a corrupt configuration entry {}: {}", entry, e.getMessage());
          return false;
        }
      }
    }
    return true;
  }

  /** Applies the configuration in effect to progress tracking and recomputes the KRaft topology. */
  void reconfigure() {
    Configuration latest = configs.latest();
    tracker.applyConfig(latest, log.lastIndex() + 1);
    topology = config.mode() == Mode.KRAFT ? Topology.of(latest) : Topology.of(Configuration.EMPTY);
    relays.reset(topology);
    if (catchUp.running() && !latest.isLearner(catchUp.learner())) {
      catchUp.clear();
    }
    if (role != Role.LEADER && role != Role.FOLLOWER && !latest.isVoter(id)) {
      becomeFollower(term, null);
    }
  }

  /** True when the leader's commit index points at an entry of its own term. */
  boolean committedInCurrentTerm() {
    return log.term(log.committed()) == term;
  }
}
