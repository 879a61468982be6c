package io.cairn.replication.node;

import io.cairn.bft.api.AddReplica;
import io.cairn.bft.api.Decision;
import io.cairn.bft.api.Request;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.LedgerEntry;
import io.cairn.chain.api.Transaction;
import io.cairn.common.ByteWriter;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.kraft.wire.ByteReader;
import io.cairn.lsm.api.Db;
import io.cairn.replication.api.BftRunner;
import io.cairn.replication.api.NodeChange;
import io.cairn.replication.api.TransactionReceipt;
import io.cairn.replication.ledger.LedgerMachine;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger as the state machine of a PBFT/SBFT group ({@code docs/bft.md} §9). The primary cuts
 * blocks exactly as a KRaft leader does ({@link BlockCutter}) and orders each one as a BFT request
 * (client = its member id, operation = the block's ledger-entry bytes); every replica applies the
 * decided requests in sequence order to its ledger at consecutive ledger indexes, so all hold the
 * same blocks byte for byte. A Byzantine primary can only propose blocks the ledger's own rules
 * then accept or reject, identically everywhere.
 *
 * <p>Clients' transactions are sent to every member ({@code FORWARD}), not only the primary: each
 * member watches them, and a backup suspects the primary ({@link BftRunner#suspectPrimary}) when
 * one has waited {@link #SUSPECT_NANOS} in the current view while no decision executed for as long
 * (a primary that is down), or {@link #CENSOR_FACTOR} times as long whatever else commits (a
 * primary that censors); when 2f+1 do, the view changes. A new view starts every wait afresh.
 *
 * <p>A member whose core jumps over decisions fetches the missing blocks first ({@link
 * BftLedgerSync}) and holds later decisions until then. Progress ({@code (seq, ledger index)}
 * after each decision) is kept in the node's otherwise
 * unused {@code log} database, so a restarted member skips what its ledger already holds.
 *
 * <p>Thread-safety: the runner thread owns it; other threads go through {@link BftRunner#execute}.
 */
final class BftLedger implements BftRunner.StateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(BftLedger.class);
  /** How long a watched transaction may stay unordered before a backup suspects the primary. */
  static final long SUSPECT_NANOS = 5_000_000_000L;
  /** A transaction waiting this many suspicion periods counts as censored even while others commit. */
  static final int CENSOR_FACTOR = 3;
  /** A backup that executed nothing for this long asks its peers whether it missed decisions. */
  static final long IDLE_SYNC_NANOS = 2_000_000_000L;
  /** Most transactions watched at once. */
  static final int WATCH_MAX = 100_000;
  private static final byte[] PROGRESS_KEY = "bft.progress".getBytes(StandardCharsets.US_ASCII);

  /** Sends transactions to every peer, and refusals to the member that sent one. */
  interface Peers extends BlockCutter.Refusals {
    /** Sends {@code transaction} to every other member. */
    void broadcast(Transaction transaction);
  }

  private record Watched(Transaction transaction, long sinceNanos) {}

  private final LedgerMachine machine;
  private final BlockCutter cutter;
  private final Submissions submissions;
  private final Peers peers;
  private final Db progressDb;
  private final int selfReplica;
  private final int selfMember;
  private final Map<Hash32, Watched> watched = new LinkedHashMap<>();
  private final Map<Long, Block> ownInFlight = new HashMap<>();
  private final java.util.ArrayDeque<Decision> held = new java.util.ArrayDeque<>();
  private BftRunner runner;
  private BftLedgerSync sync;
  private BftMembership membership;
  private volatile long decidedSeq;
  /** Set while the ledger fetches the blocks of decisions it missed (up to {@link #syncTarget}). */
  private boolean syncing;
  private long syncTarget;
  private boolean syncInFlight;
  /** The current sync only probes (no decision showed a gap): it ends at once when peers are not ahead. */
  private boolean probing;
  private long nextSyncNanos;
  private long ticks;
  private long nextTimestamp;
  private boolean primary;
  private long watchedView;
  private long lastDecisionNanos = System.nanoTime();

  BftLedger(LedgerMachine machine, BlockCutter cutter, Submissions submissions, Peers peers, Db progressDb,
      int selfReplica, int selfMember) {
    this.machine = machine;
    this.cutter = cutter;
    this.submissions = submissions;
    this.peers = peers;
    this.progressDb = progressDb;
    this.selfReplica = selfReplica;
    this.selfMember = selfMember;
    byte[] progress = progressDb.get(PROGRESS_KEY);
    if (progress != null) {
      ByteReader in = new ByteReader(progress, 0, progress.length, "bft progress");
      decidedSeq = in.varint();
      in.varint();
      in.expectEnd();
    }
    nextTimestamp = System.currentTimeMillis() * 1000;
  }

  void attach(BftRunner value, BftLedgerSync ledgerSync, BftMembership nodeChanges) {
    runner = value;
    sync = ledgerSync;
    membership = nodeChanges;
  }

  /** The highest sequence number whose decision this ledger holds. */
  long decidedSeq() {
    return decidedSeq;
  }

  @Override
  public void apply(Decision decision) {
    if (syncing) {
      held.add(decision);
    } else if (decision.seq() == decidedSeq + 1) {
      applyDecision(decision);
    } else if (decision.seq() > decidedSeq + 1) {
      // The core installed state from peers (restart, or behind a stable checkpoint): fetch the
      // blocks of the decisions in between before applying this one.
      LOG.info("member {}: decision {} after {}: fetching the missed blocks from peers", selfMember, decision.seq(),
          decidedSeq);
      syncing = true;
      syncTarget = decision.seq() - 1;
      held.add(decision);
    }
    // At or below decidedSeq: a restarted member's core re-executes what the ledger already holds.
  }

  private void applyDecision(Decision decision) {
    for (Request request : decision.batch()) {
      if (AddReplica.isAddReplica(request.operation())) {
        continue; // executed by the core (docs/bft.md §10); the runner reports it as added
      }
      if (NodeChange.isLogEntry(request.operation())) {
        machine.apply(new Entry(machine.appliedIndex() + 1, 0, EntryType.NORMAL, request.operation()));
        membership.applied(machine.pollNodeChange());
        continue;
      }
      Block block = applyEntry(request.operation());
      if (request.client() == selfMember && ownInFlight.remove(request.timestamp()) != null) {
        cutter.applied(request.timestamp(), block != null);
      }
    }
    decided(decision.seq());
  }

  private Block applyEntry(byte[] entry) {
    Block block = machine.apply(machine.appliedIndex() + 1, entry);
    if (block != null) {
      submissions.applied(block);
      block.transactions().forEach(transaction -> watched.remove(transaction.id()));
    }
    return block;
  }

  private void decided(long seq) {
    decidedSeq = seq;
    lastDecisionNanos = System.nanoTime();
    progressDb.put(PROGRESS_KEY, new ByteWriter(20).varint(seq).varint(machine.appliedIndex()).toByteArray());
  }

  private void maybeSync(long now) {
    if (!syncing && !primary && now - lastDecisionNanos >= IDLE_SYNC_NANOS && now - nextSyncNanos >= 0) {
      // Idle: the last decisions may have passed this member by (it was changing views or lost
      // messages), and no checkpoint will come while nothing is ordered. Ask whether peers are ahead.
      syncing = true;
      probing = true;
      syncTarget = decidedSeq + 1;
    }
    if (!syncing || syncInFlight || now - nextSyncNanos < 0) {
      return;
    }
    syncInFlight = true;
    sync.round(machine.ledger().blockCount(), syncTarget).whenComplete((result, error) ->
        runner.execute(() -> synced(error == null ? result : null)));
  }

  /** A sync round's result (runner thread): applies the confirmed blocks; ends the sync at the target height. */
  private void synced(BftLedgerSync.Result result) {
    syncInFlight = false;
    nextSyncNanos = System.nanoTime() + 500_000_000L;
    if (result == null) {
      if (probing) { // peers are not ahead: nothing was missed
        endSync(decidedSeq);
        nextSyncNanos = System.nanoTime() + IDLE_SYNC_NANOS;
      }
      return;
    }
    for (Block block : result.blocks()) {
      if (block.height() == machine.ledger().blockCount() && applyEntry(LedgerEntry.encode(block)) == null) {
        LOG.warn("member {}: a fetched block at height {} was rejected; asking again", selfMember, block.height());
        return;
      }
    }
    if (machine.ledger().blockCount() < result.targetHeight()) {
      nextSyncNanos = System.nanoTime();
      return;
    }
    endSync(Math.max(syncTarget, result.decidedSeq()));
  }

  /** Ends the sync with the ledger holding every decision up to {@code seq}, and applies the held ones. */
  private void endSync(long seq) {
    if (seq > decidedSeq) {
      LOG.info("member {}: ledger synchronized to decision {} ({} blocks)", selfMember, seq,
          machine.ledger().blockCount());
      decided(seq);
    }
    syncing = false;
    probing = false;
    List<Decision> again = new ArrayList<>(held);
    held.clear();
    again.forEach(this::apply);
  }

  @Override
  public void tick() {
    BftRunner.Status status = runner.status();
    primary = status.primary() == selfReplica && !status.viewChanging() && !syncing;
    cutter.leadership(primary, 0);
    if (!primary) {
      ownInFlight.clear();
    }
    long now = System.nanoTime();
    maybeSync(now);
    submissions.resend(now, leaderEpoch(status), this::send);
    if (primary) {
      proposeBlocks();
    }
    if (++ticks % 50 == 0) {
      checkWatched(now, status);
    }
    membership.tick(status);
  }

  @Override
  public void replicaAdded(AddReplica add) {
    membership.replicaAdded(add);
  }

  /** A client transaction of this member (runner thread). */
  void submit(Transaction transaction, CompletableFuture<TransactionReceipt> future) {
    submissions.add(transaction, future, System.nanoTime());
    submissions.resend(System.nanoTime(), leaderEpoch(runner.status()), this::send);
  }

  /** A number that changes whenever the primary does: its view and replica index. */
  private static long leaderEpoch(BftRunner.Status status) {
    return status.view() << 20 ^ status.primary();
  }

  /** A transaction a peer sent, signature checked (runner thread). */
  void forwarded(Transaction transaction, int origin) {
    watch(transaction);
    if (primary) {
      cutter.offer(transaction, origin);
    }
  }

  /**
   * The primary refused a transaction of this member (runner thread). A stale-nonce refusal is
   * ignored: the copy that holds the nonce is this very transaction in a block the primary applied
   * and this member may apply only after a view change or a catch-up, so the write waits for its
   * block (or its deadline). A replay is refused before it gets here, against the local ledger.
   */
  void refused(Wire.Refusal refusal) {
    if (refusal.kind() != Wire.REFUSAL_STALE) {
      submissions.refused(refusal.transactionId(), refusal.kind(), refusal.reason(), System.nanoTime());
    }
  }

  /** Fails the waiting writes (closing). */
  void closeAll() {
    submissions.closeAll();
    membership.closeAll(); // the runner thread has stopped
  }

  private boolean send(Transaction transaction) {
    watch(transaction);
    if (primary) {
      cutter.offer(transaction, 0);
    }
    peers.broadcast(transaction);
    return true;
  }

  private void watch(Transaction transaction) {
    if (watched.size() < WATCH_MAX
        && BlockCutter.problem(transaction, machine.ledger(), Map.of()) == null) {
      watched.putIfAbsent(transaction.id(), new Watched(transaction, System.nanoTime()));
    }
  }

  private void proposeBlocks() {
    while (true) {
      Block block = cutter.cut(machine.ledger(), machine.appliedIndex(), peers);
      if (block == null) {
        return;
      }
      long timestamp = ++nextTimestamp;
      cutter.proposed(timestamp, block);
      ownInFlight.put(timestamp, block);
      runner.submit(new Request(selfMember, timestamp, BlockCutter.entry(block)));
    }
  }

  /** Forgets transactions the ledger no longer accepts; suspects the primary when one waits too long. */
  private void checkWatched(long now, BftRunner.Status status) {
    if (status.view() != watchedView) {
      watchedView = status.view();
      watched.replaceAll((id, entry) -> new Watched(entry.transaction(), now));
      return;
    }
    boolean idle = now - lastDecisionNanos >= SUSPECT_NANOS;
    boolean overdue = false;
    Iterator<Watched> iterator = watched.values().iterator();
    while (iterator.hasNext()) {
      Watched entry = iterator.next();
      long waited = now - entry.sinceNanos();
      if (BlockCutter.problem(entry.transaction(), machine.ledger(), Map.of()) != null) {
        iterator.remove(); // committed, superseded or no longer admitted
      } else if (waited >= SUSPECT_NANOS * CENSOR_FACTOR || (idle && waited >= SUSPECT_NANOS)) {
        overdue = true;
      }
    }
    if (!overdue) {
      return;
    }
    watched.replaceAll((id, entry) -> new Watched(entry.transaction(), now));
    if (status.primary() != selfReplica && !status.viewChanging()) {
      LOG.info("member {}: a transaction waits for {} s; suspecting primary {} of view {}", selfMember,
          SUSPECT_NANOS / 1_000_000_000L, status.primary(), status.view());
      runner.suspectPrimary();
    }
  }
}
