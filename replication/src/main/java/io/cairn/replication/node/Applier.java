package io.cairn.replication.node;

import io.cairn.chain.api.Hash32;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.Snapshot;
import io.cairn.replication.ledger.LedgerMachine;
import java.util.ArrayList;
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
 * Entries that have waited together (up to {@link #RUN_ENTRIES_MAX}) are applied as one run
 * ({@link LedgerMachine#applyEntries}, session 14): the same results, one engine write.
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
  /**
   * Most entries applied as one run ({@link LedgerMachine#applyEntries}: consecutive blocks in one
   * engine batch, their anchor rows in one sorted pass); a run's first result waits for the whole
   * run, so it is kept short.
   */
  static final int RUN_ENTRIES_MAX = 8;

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
  /** A snapshot or {@link #STOP} taken from the queue while gathering a run, handled next. */
  private Object held;
  /** Set by {@link #stop}: the thread ends after the run it is applying, within a hand-over too. */
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
        Object work = held != null ? held : queue.take();
        held = null;
        if (work == STOP) {
          return;
        }
        if (work instanceof Install(Snapshot snapshot, var streamed)) {
          machine.install(snapshot, streamed);
          lastSnapshotIndex = snapshot.index();
          results.installed(snapshot, machine.appliedIndex());
        } else {
          @SuppressWarnings("unchecked")
          List<Entry> entries = takeMore((List<Entry>) work);
          int from = 0;
          while (from < entries.size()) {
            if (stopping) {
              return;
            }
            from += applyRun(entries.subList(from, runEnd(entries, from)));
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

  /**
   * {@code first} and the entries of the hand-overs queued behind it, up to {@link
   * #RUN_ENTRIES_MAX} in all (a snapshot or {@link #STOP} ends them and waits in {@link #held}):
   * what has waited meanwhile is applied together ({@link LedgerMachine#applyEntries}), nothing
   * waits for more.
   */
  @SuppressWarnings("unchecked")
  private List<Entry> takeMore(List<Entry> first) {
    if (first.size() >= RUN_ENTRIES_MAX || !(queue.peek() instanceof List<?>)) {
      return first;
    }
    List<Entry> entries = new ArrayList<>(first);
    while (entries.size() < RUN_ENTRIES_MAX) {
      Object more = queue.poll();
      if (more == null) {
        break;
      }
      if (!(more instanceof List<?>)) {
        held = more;
        break;
      }
      entries.addAll((List<Entry>) more);
    }
    return entries;
  }

  /**
   * Where the run starting at {@code entries.get(from)} ends (exclusive): after at most {@link
   * #RUN_ENTRIES_MAX} entries, and at the entry after which a snapshot is due, so snapshots are
   * taken every {@code snapshotEveryEntries} entries exactly as when entries applied one by one.
   */
  private int runEnd(List<Entry> entries, int from) {
    int end = Math.min(entries.size(), from + RUN_ENTRIES_MAX);
    long due = snapshotEveryEntries > Long.MAX_VALUE - lastSnapshotIndex ? Long.MAX_VALUE
        : Math.max(lastSnapshotIndex + snapshotEveryEntries, machine.appliedIndex() + 1);
    long first = entries.get(from).index();
    if (due >= first && due - first < end - from) {
      end = from + (int) (due - first) + 1;
    }
    return end;
  }

  /**
   * Applies {@code entries} (consecutive) as one run, reporting each in order; returns how many it
   * took: all of them, or fewer when {@link #stop} came while it announced them (the run then ends
   * with the entry being announced, as a one-by-one apply ended with the entry it was applying).
   */
  private int applyRun(List<Entry> entries) {
    long appliedBefore = machine.appliedIndex();
    List<Entry> fresh = new ArrayList<>(entries.size());
    long bytes = 0;
    int taken = 0;
    for (Entry entry : entries) {
      bytes += entry.data().length;
      taken++;
      if (entry.index() > appliedBefore) {
        results.applying(entry);
        fresh.add(entry);
        if (stopping) {
          break;
        }
      }
    }
    if (!fresh.isEmpty()) {
      for (LedgerMachine.Applied applied : machine.applyEntries(fresh)) {
        results.applied(applied.entry(), applied.accepted(), applied.nodeChange(), applied.anchoredElsewhere(),
            applied.entry().index());
      }
    }
    queuedEntries.addAndGet(-taken);
    queuedBytes.addAndGet(-bytes);
    long applied = machine.appliedIndex();
    if (!fresh.isEmpty() && applied - lastSnapshotIndex >= snapshotEveryEntries) {
      results.snapshotTaken(machine.snapshot(fresh.getLast().term()));
      lastSnapshotIndex = applied;
    }
    return taken;
  }
}
