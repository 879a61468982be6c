package io.cairn.replication.node;

import io.cairn.chain.api.Hash32;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.Snapshot;
import io.cairn.replication.ledger.LedgerMachine;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member's apply thread: it owns the writes to the {@link LedgerMachine} (committed entries,
 * installed snapshots, the ledger snapshots taken for log compaction), so the {@link Driver}
 * hands committed entries over and goes on persisting, acknowledging and proposing while a block
 * applies. Ratis (its state machine updater) and etcd (its apply loop) split the work the same
 * way: before, a member that applied a large block answered no append meanwhile, so a block's
 * commit waited for the apply of the one before it on the leader and on the followers.
 *
 * <p>Work is applied strictly in the order it was handed over; every result goes back to the
 * driver through {@link Results}, in the same order, so the driver's bookkeeping (block cutter,
 * waiting writes, reads, membership) sees the entries applied in log order, only later. The
 * queue is bounded by {@link #hasRoom} ({@link #QUEUE_MAX} entries or {@link #QUEUE_MAX_BYTES} of
 * their data), which the driver asks before it hands entries over: it never waits here, and
 * entries committed while the queue is full wait in the log ({@link ApplyBacklog}, session 12).
 *
 * <p>Invariant: an entry at or below the machine's applied index is skipped (a replay), and the
 * entries handed over are consecutive in log order (asserted).
 *
 * <p>Thread-safety: {@link #apply}, {@link #install} and {@link #stop} from the driver thread;
 * the rest runs on the applier's own thread.
 */
final class Applier implements Runnable, ApplyBacklog.Sink {
  /** Most entries handed over and not yet applied before {@link #hasRoom} says no. */
  static final int QUEUE_MAX = 256;
  /** Most bytes of entry data handed over and not yet applied before {@link #hasRoom} says no. */
  static final long QUEUE_MAX_BYTES = 32L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

  /** What the driver learns back, on its own thread (see {@link Driver#execute}). */
  interface Results {
    /**
     * Entry {@code entry} applied ({@code accepted}: the ledger took it), with the node change it
     * carried (or null) and, for a block, the record hashes whose first anchor is elsewhere.
     */
    void applied(Entry entry, boolean accepted, LedgerMachine.NodeChangeOutcome nodeChange, Set<Hash32> anchoredElsewhere,
        long appliedIndex);

    /** The applier starts applying {@code entry} (its own thread). */
    default void applying(Entry entry) {}

    /** {@code snapshot} was installed into the ledger. */
    void installed(Snapshot snapshot, long appliedIndex);

    /** A ledger snapshot was taken at the applied index, for the driver to store and compact below. */
    void snapshotTaken(Snapshot snapshot);

    /** The applier stopped on an error: the member can no longer apply. */
    void failed(Throwable error);
  }

  private record Install(Snapshot snapshot, io.cairn.replication.ledger.StreamedInstall streamed) {}

  private static final Object STOP = new Object();

  private final LedgerMachine machine;
  private final Results results;
  private final long snapshotEveryEntries;
  /** Lists of entries, snapshots to install and {@link #STOP}; bounded by the driver through {@link #hasRoom}. */
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  /** Entries handed over and not yet applied (or skipped). */
  private final AtomicInteger queuedEntries = new AtomicInteger();
  /** Their data's bytes. */
  private final AtomicLong queuedBytes = new AtomicLong();
  private long lastSnapshotIndex;
  private long lastHanded = -1;
  /** Set by {@link #stop}: the thread ends after the entry it is applying, within a hand-over too. */
  private volatile boolean stopping;

  /**
   * An applier into {@code machine}, reporting to {@code results}, that snapshots the ledger
   * every {@code snapshotEveryEntries} applied entries after {@code lastSnapshotIndex}.
   */
  Applier(LedgerMachine machine, Results results, long snapshotEveryEntries, long lastSnapshotIndex) {
    this.machine = machine;
    this.results = results;
    this.snapshotEveryEntries = snapshotEveryEntries;
    this.lastSnapshotIndex = lastSnapshotIndex;
  }

  /**
   * Hands over committed entries, in log order, without waiting: the caller asks {@link #hasRoom}
   * first (one hand-over may go past the bound).
   */
  @Override
  public void apply(List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    long bytes = 0;
    for (Entry entry : entries) {
      assert lastHanded < 0 || entry.index() == lastHanded + 1
          : "entry " + entry.index() + " handed over after " + lastHanded;
      lastHanded = entry.index();
      bytes += entry.data().length;
    }
    queuedEntries.addAndGet(entries.size());
    queuedBytes.addAndGet(bytes);
    queue.add(entries);
  }

  /** Whether fewer than {@link #QUEUE_MAX} entries and {@link #QUEUE_MAX_BYTES} of data wait to be applied. */
  @Override
  public boolean hasRoom() {
    return queuedEntries.get() < QUEUE_MAX && queuedBytes.get() < QUEUE_MAX_BYTES;
  }

  /** Hands over a snapshot to install, after everything handed over before it. */
  void install(Snapshot snapshot) {
    install(snapshot, null);
  }

  /**
   * Hands over a snapshot to install, after everything handed over before it, by committing
   * {@code streamed} (its pairs ingested while it arrived) when not null and it holds the snapshot.
   */
  void install(Snapshot snapshot, io.cairn.replication.ledger.StreamedInstall streamed) {
    lastHanded = snapshot.index();
    queue.add(new Install(snapshot, streamed));
  }

  /**
   * Asks the thread to end after the entry it is applying; what else was handed over is dropped
   * (the log holds it, and a restarted member applies it from there).
   */
  void stop() {
    stopping = true;
    queue.clear();
    queue.offer(STOP);
  }

  @Override
  public void run() {
    try {
      while (true) {
        Object work = queue.take();
        if (work == STOP) {
          return;
        }
        if (work instanceof Install(Snapshot snapshot, var streamed)) {
          machine.install(snapshot, streamed);
          lastSnapshotIndex = snapshot.index();
          results.installed(snapshot, machine.appliedIndex());
        } else {
          @SuppressWarnings("unchecked")
          List<Entry> entries = (List<Entry>) work;
          for (Entry entry : entries) {
            if (stopping) {
              return;
            }
            apply(entry);
            queuedEntries.decrementAndGet();
            queuedBytes.addAndGet(-entry.data().length);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("the apply thread stopped on an error; this member no longer applies", e);
      results.failed(e);
      throw e;
    }
  }

  private void apply(Entry entry) {
    if (entry.index() <= machine.appliedIndex()) {
      return;
    }
    results.applying(entry);
    boolean accepted = machine.applyEntry(entry);
    LedgerMachine.NodeChangeOutcome nodeChange = machine.pollNodeChange();
    results.applied(entry, accepted, nodeChange, machine.lastAnchoredElsewhere(), machine.appliedIndex());
    long applied = machine.appliedIndex();
    if (applied - lastSnapshotIndex >= snapshotEveryEntries) {
      results.snapshotTaken(machine.snapshot(entry.term()));
      lastSnapshotIndex = applied;
    }
  }
}
