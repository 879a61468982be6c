package io.cairn.replication.node;

import io.cairn.chain.api.Block;
import io.cairn.chain.api.Transaction;
import io.cairn.kraft.api.AppendRequest;
import io.cairn.kraft.api.BasicStatus;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.HardState;
import io.cairn.kraft.api.HeartbeatRequest;
import io.cairn.kraft.api.LogStorage;
import io.cairn.kraft.api.Message;
import io.cairn.kraft.api.ProposalDroppedException;
import io.cairn.kraft.api.RawKraft;
import io.cairn.kraft.api.Ready;
import io.cairn.kraft.api.Role;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotChunk;
import io.cairn.kraft.api.SnapshotResponse;
import io.cairn.replication.api.NodeOptions;
import io.cairn.replication.ledger.LedgerMachine;
import io.cairn.replication.log.EngineLogStorage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ready loop: the one thread that owns this node's {@link RawKraft}, its {@link LogStorage},
 * the {@link BlockCutter} and the {@link Submissions}; the {@link LedgerMachine} is written by its
 * {@link Applier} thread. Other threads hand it work with {@link #execute}; it ticks the protocol
 * every {@link NodeOptions#tickMillis()} and, whenever KRaft has a {@link Ready}, does what {@code
 * Ready} requires in its order:
 *
 * <ol>
 *   <li>hand the leader's snapshot offers to the {@link SnapshotSender}, send the Ready's appends and heartbeats (they depend on
 *       nothing it writes), then write the snapshot, entries and hard state to the log storage,
 *       and sync when the Ready says so (or carries a snapshot) — before anything else of it is
 *       sent;
 *   <li>send its other messages, then flush the transport once;
 *   <li>hand the snapshot to install and the committed entries to the applier, in log order (those
 *       the applier has no room for wait in the log, {@link ApplyBacklog}: the loop never waits
 *       for the apply);
 *   <li>advance.
 * </ol>
 *
 * <p>The applier's results come back through the queue, in log order: they complete the waiting
 * writes and reads, tell the block cutter and membership, and store the ledger snapshots it takes
 * every {@link NodeOptions#snapshotEveryEntries()} applied entries (then the log is compacted,
 * keeping {@link NodeOptions#entriesKeptAfterSnapshot()} entries for followers that are only a
 * little behind).
 *
 * <p>Thread-safety: {@link #execute}, {@link #status}, {@link #chunkArrived} and {@link
 * #snapshotSender} from any thread; everything else is the driver thread's.
 */
final class Driver implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Driver.class);

  /** Sends KRaft messages and frames for the driver. */
  interface Network {
    void send(Message message);

    void flush();

    /**
     * Flushes what was sent from a thread other than the driver's (the snapshot sender, an event
     * loop): the transport only, nothing the driver's sends keep.
     */
    void flushAside();

    /** Forwards {@code transaction} to the leader {@code leader}; false when it could not be queued. */
    boolean forward(int leader, Transaction transaction);

    /** Tells member {@code origin} that its transaction was refused ({@code kind}: a {@code Wire.REFUSAL_} constant). */
    void refuse(BlockCutter.Queued queued, int kind, String reason);

    /** The member number of KRaft node {@code id}, 0 when unknown. */
    int memberOf(io.cairn.kraft.api.NodeId id);
  }

  private final RawKraft raft;
  private final EngineLogStorage storage;
  private final LedgerMachine machine;
  private final BlockCutter cutter;
  private final Submissions submissions;
  private final Network network;
  private final Membership membership;
  private final NodeOptions options;
  private final int selfId;
  private final TaskInbox inbox = new TaskInbox();
  private final Reads reads;
  private volatile boolean stopped;
  private volatile BasicStatus status;
  private volatile java.util.Map<io.cairn.kraft.api.NodeId, Long> match = java.util.Map.of();
  /** The full protocol status (configuration, relays), refreshed every 10 ticks; null before the first. */
  private volatile io.cairn.kraft.api.Status detail;
  private long ticks;
  /** The applied index as far as the applier's results have reached this thread. */
  private long appliedIndex;
  private final Applier applier;
  private final Thread applierThread;
  /** Committed entries waiting for room in the applier's queue. */
  private final ApplyBacklog backlog;
  /** A transfer without an answer for this long while chunks are in flight is probed (a lost connection). */
  private static final long SNAPSHOT_SILENCE_NANOS = TimeUnit.SECONDS.toNanos(2);
  private final SnapshotIntake intake = new SnapshotIntake();
  private final SnapshotSender sender;
  private final SnapshotStream stream;
  private final StageTrace trace;
  /** This member's CPU weight on a machine shared with other members (session 13). */
  private final SharedCpuWeight cpuWeight = SharedCpuWeight.fromProperties();
  /**
   * System property: {@code false} makes a leader sync its log on the driver thread before it
   * advances each Ready, as before session 17 (for A/B runs); by default it syncs beside the driver
   * ({@link LogSyncer}) and counts its own copy only once durable ({@code leaderMatchAtPersist}).
   */
  static final String SYNC_BESIDE_PROPERTY = "cairn.leaderSyncBeside";
  /** Whether a leader's log sync runs beside the driver (the protocol core must be configured to match). */
  static final boolean SYNC_BESIDE = !"false".equals(System.getProperty(SYNC_BESIDE_PROPERTY));
  /** The leader's log sync beside this thread; null with {@link #SYNC_BESIDE} off. */
  private final LogSyncer syncer;
  /** The term and vote of the hard state last made durable by a sync on this thread (or found at start). */
  private long durableTerm;
  private io.cairn.kraft.api.NodeId durableVote;
  /** The highest index whose {@code persisted} stage the trace was given. */
  private long persistedStamped;
  /** When this node took or opened the snapshot its log store holds ({@link System#nanoTime}). */
  private long snapshotHeldNanos = System.nanoTime();

  Driver(RawKraft raft, EngineLogStorage storage, LedgerMachine machine, BlockCutter cutter, Submissions submissions,
      Network network, Membership membership, NodeOptions options, int selfId) {
    this.raft = raft;
    this.storage = storage;
    this.machine = machine;
    this.cutter = cutter;
    this.submissions = submissions;
    this.network = network;
    this.membership = membership;
    this.options = options;
    this.selfId = selfId;
    this.status = raft.basicStatus();
    this.appliedIndex = machine.appliedIndex();
    this.applier = new Applier(machine, new AppliedResults(), options.snapshotEveryEntries(),
        storage.snapshotMetadata().index());
    this.applierThread = Thread.ofPlatform().name("cairn-apply-" + selfId).daemon().unstarted(applier);
    this.backlog = new ApplyBacklog(applier, storage);
    this.stream = new SnapshotStream(storage.snapshotDir(), machine, selfId);
    this.sender = new SnapshotSender(network, NodeRuntime.SNAPSHOT_CHUNK_BYTES,
        SnapshotPace.chunksInFlight(NodeRuntime.SNAPSHOT_CHUNKS_IN_FLIGHT), SnapshotPace.bytesPerTick(1000),
        SNAPSHOT_SILENCE_NANOS, "cairn-snapshot-send-" + selfId);
    this.trace = StageTrace.open(selfId);
    this.reads = new Reads(task -> Thread.ofVirtual().start(task), options.writeTimeoutMillis() * 1_000_000L);
    this.durableTerm = storage.hardState().term();
    this.durableVote = storage.hardState().vote();
    this.syncer = SYNC_BESIDE ? new LogSyncer(storage::syncWal,
        (index, term) -> executeFirst(() -> persisted(index, term)),
        failure -> executeFirst(() -> {
          throw failure; // the log's state is unknown: stop as a failed sync on this thread would
        }), "cairn-logsync-" + selfId) : null;
  }

  /** The leader's log is durable through {@code index} of {@code term} (driver thread, from the {@link LogSyncer}). */
  private void persisted(long index, long term) {
    if (trace.on()) {
      for (long i = Math.max(persistedStamped + 1, index - 10_000); i <= index; i++) {
        trace.entry(i, StageTrace.Stage.PERSISTED);
      }
      persistedStamped = Math.max(persistedStamped, index);
    }
    raft.persisted(index, term);
  }

  /** Runs {@code task} on the driver thread, in submission order. */
  void execute(Runnable task) {
    inbox.add(task);
  }

  /** The stage trace of this member's anchor rounds (off unless {@link StageTrace#PROPERTY} is set). */
  StageTrace trace() {
    return trace;
  }

  /**
   * Runs {@code task} on the driver thread ahead of the work {@link #execute} queued (its own
   * submissions stay in order), and acts on what it released before taking more of that work.
   */
  void executeFirst(Runnable task) {
    inbox.addFirst(task);
  }

  /** The protocol status after the driver's last step. */
  BasicStatus status() {
    return status;
  }

  /** On the leader: the highest log index known replicated to each member (refreshed every 10 ticks). */
  java.util.Map<io.cairn.kraft.api.NodeId, Long> match() {
    return match;
  }

  /** The full protocol status as of the last refresh (every 10 ticks); null before the first. */
  io.cairn.kraft.api.Status detail() {
    return detail;
  }

  /** Asks the loop to end; it fails the waiting submissions on its way out. */
  void stop() {
    stopped = true;
    inbox.add(() -> { });
  }

  @Override
  public void run() {
    long tickNanos = TimeUnit.MILLISECONDS.toNanos(options.tickMillis());
    long nextTick = System.nanoTime() + tickNanos;
    int coalesce = IdleTicks.ENABLED ? options.heartbeatTicks() : 1;
    applierThread.start();
    if (syncer != null) {
      syncer.start();
    }
    cpuWeight.start();
    try {
      while (!stopped) {
        inbox.runDue(IdleTicks.wakeAt(nextTick, tickNanos, coalesce, coalesce > 1 && quiet()));
        long now = System.nanoTime();
        if (now - nextTick > 50 * tickNanos) {
          nextTick = now; // a long pause (GC, overload): do not replay its ticks
        }
        if (now - nextTick >= 0) {
          // every tick due, in order: more than one after a quiet sleep (IdleTicks) or a pause
          for (long due = IdleTicks.due(now, nextTick, tickNanos); due > 0; due--) {
            raft.tick();
            nextTick += tickNanos;
            if (++ticks % 10 == 0) {
              detail = raft.status();
              match = status.role() == Role.LEADER ? detail.match() : java.util.Map.of();
              membership.reconcile(now);
            }
          }
          submissions.resend(now, leaderEpoch(), this::sendToLeader);
          reads.ask(now, raft::readIndex);
        }
        processReadies();
        proposeBlocks();
        processReadies();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("the driver of member {} stopped on an error; the node no longer takes part", selfId, e);
      throw e;
    } finally {
      if (syncer != null) {
        syncer.close();
      }
      cpuWeight.stop();
      trace.close();
      sender.close();
      stream.abandon();
      stopApplier();
      submissions.closeAll();
      membership.closeAll();
      reads.closeAll();
    }
  }

  /**
   * Whether nothing can be waiting for a tick but the protocol's own timers ({@link IdleTicks}): a
   * leader, or a follower that knows its leader, with everything appended committed and applied,
   * no transaction queued or submitted, no read, node change, snapshot transfer or apply backlog.
   */
  private boolean quiet() {
    BasicStatus now = status;
    return (now.role() == Role.LEADER || now.role() == Role.FOLLOWER && now.leader() != null)
        && now.commit() == now.lastIndex() && appliedIndex == now.commit()
        && cutter.queued() == 0 && submissions.size() == 0 && reads.isEmpty() && membership.isEmpty()
        && backlog.waiting() == 0 && !sender.busy();
  }

  /**
   * Steps a KRaft message from the network (driver thread) that the transport decoded at {@code
   * arrivedNanos}.
   */
  void step(Message message, long arrivedNanos) {
    if (message instanceof io.cairn.kraft.api.AppendRequest) {
      intake.appendStepped(); // one volatile read unless a snapshot was just installed
    }
    raft.step(message);
  }

  /**
   * A leader's snapshot chunk, on the transport's event loop (any thread but the driver's). A chunk
   * the {@link SnapshotStream} takes is answered from here with the byte it needs next, without
   * waiting for this driver; the last one hands the whole snapshot to the protocol (ahead of the
   * driver's other work), which checks its CRC32C and installs it. A chunk the stream does not take
   * goes to the protocol, which answers it.
   */
  void chunkArrived(SnapshotChunk chunk, long arrivedNanos) {
    intake.chunk(chunk, network.memberOf(chunk.from()), arrivedNanos, System.nanoTime());
    BasicStatus now = status;
    SnapshotStream.Arrival arrival = stream.chunk(chunk, now.term());
    if (!arrival.streamed()) {
      executeFirst(() -> step(chunk, arrivedNanos));
    } else if (arrival.complete()) {
      intake.complete(chunk.metadata().index(), arrivedNanos);
      executeFirst(() -> {
        SnapshotChunk whole = stream.whole(chunk);
        if (whole != null) {
          raft.step(whole);
        }
      });
    } else {
      network.send(new SnapshotResponse(chunk.to(), chunk.from(), Math.max(chunk.term(), now.term()),
          chunk.metadata().index(), arrival.nextOffset()));
      network.flushAside();
    }
  }

  /** The sender that streams this leader's snapshot chunks (answers go to it from the transport). */
  SnapshotSender snapshotSender() {
    return sender;
  }

  /** The last snapshot received from a leader and installed here (zeros when none). */
  SnapshotIntake.Received snapshotReceived() {
    return intake.last();
  }

  /** The steps of the last snapshot received and installed here (null when none). */
  io.cairn.replication.api.SnapshotTimeline snapshotReceivedSteps() {
    return intake.timeline();
  }

  /** A client transaction of this node (driver thread); sent with the next resend round. */
  void submit(Transaction transaction, java.util.concurrent.CompletableFuture<io.cairn.replication.api.TransactionReceipt> future) {
    submit(transaction, future, null);
  }

  /**
   * A client transaction of this node as above; {@code committed} (may be null) completes once it
   * is committed, when this node leads and proposed it (see {@link Submissions#committed}).
   */
  void submit(Transaction transaction, java.util.concurrent.CompletableFuture<io.cairn.replication.api.TransactionReceipt> future,
      java.util.concurrent.CompletableFuture<Void> committed) {
    submissions.add(transaction, future, committed, System.nanoTime());
    submissions.resend(System.nanoTime(), leaderEpoch(), this::sendToLeader);
  }

  /** A number that changes whenever the leader this node knows of does: its term and member number. */
  private long leaderEpoch() {
    BasicStatus current = raft.basicStatus();
    int leader = current.leader() == null ? 0 : network.memberOf(current.leader());
    return current.term() << 20 ^ leader;
  }

  /** A linearizable read on this node (driver thread): completes once its read point has applied here. */
  void read(java.util.concurrent.CompletableFuture<Void> future) {
    reads.add(future, System.nanoTime());
    reads.ask(System.nanoTime(), raft::readIndex);
  }

  /** A node change submitted on this node (driver thread); see {@link Membership#submit}. */
  void changeNodes(io.cairn.replication.api.NodeChange change, java.util.concurrent.CompletableFuture<Void> future,
      long deadlineNanos) {
    membership.submit(change, future, deadlineNanos);
  }

  /** A transaction forwarded by member {@code origin} whose signature verified (driver thread). */
  void forwarded(Transaction transaction, int origin) {
    if (status.role() == Role.LEADER) {
      cutter.offer(transaction, origin);
    } else {
      network.refuse(new BlockCutter.Queued(transaction, origin), Wire.REFUSAL_NOT_LEADER, "this member is not the leader");
    }
  }

  /** The leader refused a transaction this node forwarded (driver thread). */
  void refused(Wire.Refusal refusal) {
    submissions.refused(refusal.transactionId(), refusal.kind(), refusal.reason(), System.nanoTime());
  }

  private boolean sendToLeader(Transaction transaction) {
    BasicStatus current = raft.basicStatus();
    if (current.role() == Role.LEADER) {
      cutter.offer(transaction, 0);
      return true;
    }
    int leader = current.leader() == null ? 0 : network.memberOf(current.leader());
    return leader != 0 && network.forward(leader, transaction);
  }

  private void proposeBlocks() {
    while (true) {
      Block block = cutter.cut(machine.ledger(), appliedIndex, network::refuse);
      if (block == null) {
        return;
      }
      try {
        raft.propose(BlockCutter.entry(block));
        cutter.proposed(raft.basicStatus().lastIndex(), block);
        trace.proposed(raft.basicStatus().lastIndex(), block.transactions());
      } catch (ProposalDroppedException e) {
        cutter.leadership(false, 0);
        return;
      }
    }
  }

  private void processReadies() {
    backlog.feed();
    while (raft.hasReady()) {
      Ready ready = raft.ready();
      Snapshot snapshot = ready.snapshot();
      long readyNanos = System.nanoTime();
      SnapshotStream.Streamed streamed = null;
      if (snapshot != null) {
        intake.stage(SnapshotIntake.Stage.TRANSFER, readyNanos);
        streamed = stream.take(snapshot);
        intake.streamed(streamed == null ? null : streamed.install());
        intake.stage(SnapshotIntake.Stage.FILE_WAIT, System.nanoTime());
        storage.applySnapshot(snapshot);
        snapshotHeldNanos = System.nanoTime();
        intake.stage(SnapshotIntake.Stage.LOG_WRITE, System.nanoTime());
      }
      boolean early = sendEarly(ready);
      boolean beside = syncsBeside(ready);
      storage.append(ready.entries());
      if (ready.hardState() != null) {
        storage.setHardState(ready.hardState());
      }
      long durableThrough = 0;
      long durableThroughTerm = 0;
      if (beside) {
        // A leader's entries only: sent already, durable beside this thread; the protocol counts
        // this copy once the LogSyncer reports it (the followers' acknowledgements may commit first).
        Entry last = ready.entries().getLast();
        syncer.request(last.index(), last.term());
      } else if (ready.mustSync() || snapshot != null) {
        storage.sync();
        HardState durable = storage.hardState();
        durableTerm = durable.term();
        durableVote = durable.vote();
        durableThrough = storage.lastIndex();
        durableThroughTerm = durableThrough >= storage.firstIndex() ? storage.term(durableThrough) : 0;
      }
      if (trace.on()) {
        if (!beside) {
          ready.entries().forEach(entry -> trace.entry(entry.index(), StageTrace.Stage.PERSISTED));
        }
        // With the sync beside, a block may commit on the followers' copies before the leader's own
        // is durable: its `persisted` stage is then stamped at the commit (the first stamp stays).
        ready.committedEntries().forEach(entry -> {
          trace.entry(entry.index(), StageTrace.Stage.PERSISTED);
          trace.entry(entry.index(), StageTrace.Stage.COMMITTED);
        });
      }
      if (snapshot != null) {
        intake.stage(SnapshotIntake.Stage.LOG_SYNC, System.nanoTime());
      }
      for (Message message : ready.messages()) {
        if (!leavesEarly(message, early)) {
          network.send(message);
        }
      }
      network.flush();
      if (snapshot != null) {
        backlog.installed(snapshot.index());
        applier.install(snapshot, streamed == null ? null : streamed.install());
      }
      committed(ready.committedEntries());
      backlog.committed(ready.committedEntries());
      reads.confirmed(ready.readStates());
      raft.advance(ready);
      if (durableThroughTerm != 0) {
        raft.persisted(durableThrough, durableThroughTerm); // a leader's own copy counts (ignored otherwise)
      }
      BasicStatus now = raft.basicStatus();
      status = now;
      if (now.role() != Role.LEADER) {
        sender.cancelAll();
      }
      cutter.leadership(now.role() == Role.LEADER, now.lastIndex());
      cpuWeight.role(now.role() == Role.LEADER);
      reads.applied(appliedIndex);
    }
    stream.dropUnclaimed();
  }

  /**
   * Whether {@code ready}'s log write may be made durable beside this thread ({@link LogSyncer})
   * instead of before it is advanced: with {@link #SYNC_BESIDE}, for a leader's Ready that holds
   * entries, no snapshot, no change of term or vote (only the commit index may move), only messages
   * that promise nothing about this member's log (appends, heartbeats and snapshot offers, sent
   * already by {@link #sendEarly}) and no snapshot file waiting to be pruned. Invariant: a Ready
   * that holds a vote, an acknowledgement or a term change is always synced here before anything
   * of it is sent, and the log's WAL is one sequential file, so that sync covers every earlier
   * entry written unsynced while this member led.
   */
  private boolean syncsBeside(Ready ready) {
    if (syncer == null || !ready.mustSync() || ready.snapshot() != null || ready.entries().isEmpty()
        || raft.basicStatus().role() != Role.LEADER || storage.prunePending()) {
      return false;
    }
    HardState hard = ready.hardState();
    if (hard != null && (hard.term() != durableTerm || !java.util.Objects.equals(hard.vote(), durableVote))) {
      return false;
    }
    for (Message message : ready.messages()) {
      if (!leavesEarly(message, true)) {
        return false;
      }
    }
    assert ready.entries().getLast().term() == raft.basicStatus().term() : "a leader appends entries of its own term only";
    return true;
  }

  /**
   * Tells the waiting writes of the blocks this leader proposed that {@code entries} committed, so
   * an anchor round returns its permit at commit instead of after its apply (session 11): the next
   * round is stored, signed and proposed while this one applies.
   */
  private void committed(java.util.List<Entry> entries) {
    if (submissions.size() == 0) {
      return;
    }
    for (Entry entry : entries) {
      Block block = cutter.proposedAt(entry.index());
      if (block != null) {
        submissions.committed(block);
      }
    }
  }

  /**
   * Sends the messages of {@code ready} that depend on nothing this member writes, before its log
   * write and sync, and returns whether appends and heartbeats were among them:
   *
   * <ul>
   *   <li>the leader's snapshot offers, always, to the {@link SnapshotSender} (which streams the
   *       chunks on its own thread): a chunk carries only durable state (the stored snapshot and
   *       the leader's term, synced before it could lead);
   *   <li>appends and heartbeats (the leader's, or a relay's forwarded copies), when there is a
   *       sync to wait for and no snapshot to install: they carry the leader's log and commit
   *       index, so the followers persist while this member does (thesis §10.2.1). Commit still
   *       needs a quorum of persisted logs: the followers' acknowledgements are stepped only after
   *       this Ready's sync and advance, on this thread, and the leader's own match then names
   *       persisted entries only.
   * </ul>
   *
   * Votes, their answers and acknowledgements wait for the sync.
   */
  private boolean sendEarly(Ready ready) {
    boolean appendsEarly = ready.mustSync() && ready.snapshot() == null;
    boolean sent = false;
    for (Message message : ready.messages()) {
      if (leavesEarly(message, appendsEarly)) {
        if (message instanceof SnapshotChunk offer) {
          sender.offer(offer, storage.snapshot(), snapshotHeldNanos); // the protocol's offer: the sender streams the chunks
        } else {
          network.send(message);
          sent = true;
        }
      }
    }
    if (sent) {
      network.flush();
    }
    return appendsEarly;
  }

  /** Whether {@link #sendEarly} sends {@code message} (given whether appends went early). */
  private static boolean leavesEarly(Message message, boolean appendsEarly) {
    return message instanceof SnapshotChunk
        || appendsEarly && (message instanceof AppendRequest || message instanceof HeartbeatRequest);
  }

  /** Entry {@code entry} was applied (driver thread, in log order): the bookkeeping that follows it. */
  private void afterApply(Entry entry, boolean accepted, LedgerMachine.NodeChangeOutcome nodeChange,
      java.util.Set<io.cairn.chain.api.Hash32> anchoredElsewhere, long applied) {
    appliedIndex = applied;
    trace.entry(entry.index(), StageTrace.Stage.ACKED);
    if (nodeChange != null) {
      membership.applied(nodeChange);
    }
    Block proposed = cutter.applied(entry.index(), accepted);
    assert proposed == null || java.util.Arrays.equals(BlockCutter.entry(proposed), entry.data())
        : "entry " + entry.index() + " is not the block this leader proposed there";
    // The block is needed only to complete this node's waiting writes: the leader has it as it
    // proposed it; a follower decodes it only when it has writes waiting.
    if (accepted && submissions.size() > 0) {
      Block block = proposed != null ? proposed : LedgerMachine.blockOf(entry.data());
      if (block != null) {
        submissions.applied(block, anchoredElsewhere);
      }
    }
    reads.applied(appliedIndex);
  }

  /** Stores a ledger snapshot the applier took and compacts the log below it (driver thread). */
  private void storeSnapshot(Snapshot snapshot) {
    long applied = snapshot.index();
    if (applied > storage.lastIndex() || applied <= storage.snapshotMetadata().index()) {
      return;
    }
    storage.saveSnapshot(snapshot);
    snapshotHeldNanos = System.nanoTime();
    long through = applied - options.entriesKeptAfterSnapshot();
    if (through >= storage.firstIndex()) {
      storage.compact(through);
    }
    LOG.debug("member {}: ledger snapshot at {}, log compacted through {}", selfId, applied, through);
  }

  /** Stops the applier after the item it is applying (within the node's close, which waits 10 s for this thread). */
  private void stopApplier() {
    applier.stop();
    try {
      applierThread.join(8_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The applier's results, carried over to the driver thread in the order they come. */
  private final class AppliedResults implements Applier.Results {
    @Override
    public void applied(Entry entry, boolean accepted, LedgerMachine.NodeChangeOutcome nodeChange,
        java.util.Set<io.cairn.chain.api.Hash32> anchoredElsewhere, long applied) {
      trace.entry(entry.index(), StageTrace.Stage.APPLIED);
      execute(() -> afterApply(entry, accepted, nodeChange, anchoredElsewhere, applied));
    }

    @Override
    public void applying(Entry entry) {
      trace.entry(entry.index(), StageTrace.Stage.APPLYING);
    }

    @Override
    public void installed(Snapshot snapshot, long applied) {
      long nanos = System.nanoTime();
      execute(() -> {
        appliedIndex = applied;
        intake.installed(snapshot, nanos);
        reads.applied(appliedIndex);
      });
    }

    @Override
    public void snapshotTaken(Snapshot snapshot) {
      execute(() -> storeSnapshot(snapshot));
    }

    @Override
    public void failed(Throwable error) {
      execute(() -> {
        throw new IllegalStateException("the apply thread of member " + selfId + " failed", error);
      });
    }
  }
}
