package io.cairn.replication.node;

import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotChunk;
import io.cairn.kraft.api.SnapshotResponse;
import io.cairn.replication.api.SnapshotTimeline;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Streams the leader's ledger snapshot to catching-up members on a thread of its own, off the
 * driver: the protocol ({@code KraftConfig.snapshotSentOutside}) decides when a member needs the
 * snapshot and offers it (a chunk at offset 0 without data, the driver hands it here); from then on
 * the members' answers come straight from the transport's event loop to this thread, and each
 * releases the next chunks at once, instead of waiting behind the driver's Ready work (its log
 * sync, the client batches queued before it). The driver's protocol still steps every answer, for
 * its own account of where the member stands, and its silence timer offers the snapshot again
 * (which resumes a transfer this sender no longer holds, or is ignored).
 *
 * <p>Which chunks leave is {@link OutgoingTransfer}'s: a window of bytes in flight, a chunk sent
 * again only when lost. The pace ({@link SnapshotPace#PROPERTY}) is kept here as a credit of bytes
 * per second. A transfer ends when the member's append answer reaches the snapshot's index (it
 * installed it), when the protocol offers another snapshot to it, or when this node stops leading.
 * Each ended transfer is logged with its chunks (sent, needed), losses, and how long the answers
 * waited for this thread, and the wall-clock time of each step of the last transfer to each member
 * ({@link SnapshotTimeline}: snapshot held, offered, first and last chunk sent, last chunk
 * acknowledged, ended) is kept for the status API ({@link #sent}).
 *
 * <p>Thread-safety: {@link #offer}, {@link #answered}, {@link #appended}, {@link #cancelAll}, {@link
 * #sent} and {@link #close} from any thread; the transfers are this sender's thread's.
 */
final class SnapshotSender implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SnapshotSender.class);
  /** How often the thread looks at its transfers without an event (pace, silence). */
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final Driver.Network network;
  private final int chunkBytes;
  private final int windowChunks;
  private final long bytesPerSecond;
  private final long silenceNanos;
  private final String threadName;
  private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
  private final Map<NodeId, Active> transfers = new HashMap<>();
  /** The steps of the last transfer to each member, by member number (written by the sender's thread). */
  private final Map<Integer, SnapshotTimeline> timelines = new ConcurrentHashMap<>();
  /** Whether a transfer may be under way (set by offers, cleared by the thread): cheap filter for {@link #appended}. */
  private volatile boolean busy;
  private volatile boolean closed;
  private Thread thread;

  /** A transfer and its timings (sender thread). */
  private static final class Active {
    final OutgoingTransfer transfer;
    final long startNanos;
    long lastAnswerNanos;
    long credit;
    long creditNanos;
    long answers;
    long queuedNanos;
    long longestQueuedNanos;
    final int member;
    final Map<String, Long> steps = new LinkedHashMap<>();

    Active(OutgoingTransfer transfer, int member, long nowNanos) {
      this.transfer = transfer;
      this.member = member;
      this.startNanos = nowNanos;
      this.lastAnswerNanos = nowNanos;
      this.creditNanos = nowNanos;
    }
  }

  /**
   * A sender through {@code network}: chunks of {@code chunkBytes}, {@code windowChunks} in flight
   * per member, {@code bytesPerSecond} per member (0: no pace), a probe after {@code silenceNanos}
   * without an answer; its thread is named {@code threadName} and starts with the first offer.
   */
  SnapshotSender(Driver.Network network, int chunkBytes, int windowChunks, long bytesPerSecond, long silenceNanos,
      String threadName) {
    this.network = network;
    this.chunkBytes = chunkBytes;
    this.windowChunks = windowChunks;
    this.bytesPerSecond = bytesPerSecond;
    this.silenceNanos = silenceNanos;
    this.threadName = threadName;
  }

  /** Whether a transfer may be under way (an offer was made and not yet seen ended by the sender's thread). */
  boolean busy() {
    return busy;
  }

  /**
   * The protocol offered {@code snapshot} with {@code offer} (driver thread); this node has held
   * the snapshot since {@code heldNanos} ({@link System#nanoTime}: when it took or opened it).
   */
  void offer(SnapshotChunk offer, Snapshot snapshot, long heldNanos) {
    if (!offer.metadata().equals(snapshot.metadata()) || offer.totalBytes() != snapshot.data().length) {
      LOG.warn("dropping the offer {}: the stored snapshot is at {}", offer, snapshot.metadata());
      return;
    }
    busy = true;
    submit(() -> {
      Active active = transfers.get(offer.to());
      if (active != null && active.transfer.sameAs(offer)) {
        return; // the protocol's silence timer: this thread keeps its own
      }
      if (active != null) {
        ended(active, "another offer replaced it");
      }
      long now = System.nanoTime();
      Active started = new Active(new OutgoingTransfer(offer, snapshot, chunkBytes, windowChunks),
          network.memberOf(offer.to()), now);
      started.credit = 1;
      transfers.put(offer.to(), started);
      step(started, "snapshot_held", heldNanos);
      step(started, "offered", now);
    });
  }

  /** A member's answer, decoded by the transport at {@code arrivedNanos} (its event loop). */
  void answered(SnapshotResponse response, long arrivedNanos) {
    if (!busy) {
      return; // no transfer: a stray answer (this node is not leading, or was not when it asked)
    }
    submit(() -> {
      Active active = transfers.get(response.from());
      if (active == null || active.transfer.offer().metadata().index() != response.snapshotIndex()) {
        return;
      }
      long now = System.nanoTime();
      active.answers++;
      active.queuedNanos += now - arrivedNanos;
      active.longestQueuedNanos = Math.max(active.longestQueuedNanos, now - arrivedNanos);
      active.lastAnswerNanos = now;
      active.transfer.answered(response.nextOffset());
      if (active.transfer.allAcked() && !active.steps.containsKey("last_chunk_acked")) {
        step(active, "last_chunk_acked", arrivedNanos);
      }
    });
  }

  /** A member's accepted append answer at log index {@code index} (its event loop): ends a transfer it installed. */
  void appended(NodeId from, long index) {
    if (!busy) {
      return;
    }
    submit(() -> {
      Active active = transfers.get(from);
      if (active != null && index >= active.transfer.offer().metadata().index()) {
        transfers.remove(from);
        ended(active, "installed");
      }
    });
  }

  /** The steps of the last transfer to each member since this node started (any thread). */
  List<SnapshotTimeline> sent() {
    return List.copyOf(timelines.values());
  }

  /** Transfer {@code active} reached step {@code name} at {@code nanos} (sender thread). */
  private void step(Active active, String name, long nanos) {
    active.steps.put(name, SnapshotTimeline.wallMicros(nanos));
    timelines.put(active.member, new SnapshotTimeline(active.member, active.transfer.offer().metadata().index(),
        active.transfer.offer().totalBytes(), active.steps));
  }

  /** This node no longer leads: every transfer ends (driver thread). */
  void cancelAll() {
    if (!busy) {
      return;
    }
    submit(() -> {
      transfers.values().forEach(active -> ended(active, "this node no longer leads"));
      transfers.clear();
    });
  }

  @Override
  public void close() {
    closed = true;
    Thread started;
    synchronized (this) {
      started = thread;
    }
    if (started != null) {
      started.interrupt();
      try {
        started.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void submit(Runnable event) {
    if (closed) {
      return;
    }
    events.add(event);
    synchronized (this) {
      if (thread == null) {
        thread = Thread.ofPlatform().name(threadName).daemon().start(this::run);
      }
    }
  }

  private void run() {
    try {
      while (!closed) {
        Runnable event = events.poll(TICK_NANOS, TimeUnit.NANOSECONDS);
        while (event != null) {
          event.run();
          event = events.poll();
        }
        if (sendDue(System.nanoTime())) {
          network.flushAside();
        }
        busy = !transfers.isEmpty(); // an offer sets it at once; this corrects it within a round
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("the snapshot sender {} stopped on an error; transfers fall back to the protocol's offers", threadName, e);
    }
  }

  /** Sends what each transfer may send now; returns whether anything was sent. */
  private boolean sendDue(long now) {
    boolean sent = false;
    for (Active active : transfers.values()) {
      OutgoingTransfer transfer = active.transfer;
      // With every byte sent, the member's last answer comes after its install (an append answer):
      // a longer silence before the last chunk is probed.
      long silence = transfer.allSent() ? 4 * silenceNanos : silenceNanos;
      if (transfer.waiting() && now - active.lastAnswerNanos > silence) {
        LOG.info("no answer from {} for {} ms with chunks in flight: probing at offset {}", transfer.offer().to(),
            (now - active.lastAnswerNanos) / 1_000_000, transfer.acked());
        transfer.silence();
        active.lastAnswerNanos = now;
      }
      long credit = Long.MAX_VALUE;
      if (bytesPerSecond > 0) {
        long window = (long) chunkBytes * windowChunks;
        active.credit = Math.min(window, active.credit + (now - active.creditNanos) * bytesPerSecond / 1_000_000_000L);
        active.creditNanos = now;
        credit = active.credit;
      }
      List<SnapshotChunk> chunks = transfer.next(credit);
      for (SnapshotChunk chunk : chunks) {
        network.send(chunk);
        active.credit -= chunk.data().length;
        sent = true;
      }
      if (!chunks.isEmpty()) {
        if (!active.steps.containsKey("first_chunk_sent")) {
          step(active, "first_chunk_sent", now);
        }
        if (transfer.allSent() && !active.steps.containsKey("last_chunk_sent")) {
          step(active, "last_chunk_sent", System.nanoTime());
        }
      }
    }
    return sent;
  }

  private void ended(Active active, String why) {
    step(active, "ended", System.nanoTime());
    OutgoingTransfer.Counts counts = active.transfer.counts();
    LOG.info("sent the ledger snapshot at log index {} to {} ({}): {} chunks for {} needed, {} losses, in {} ms;"
        + " {} answers waited {} ms for the sender in all (longest {} ms)", active.transfer.offer().metadata().index(),
        active.transfer.offer().to(), why, counts.chunksSent(), counts.chunksNeeded(), counts.losses(),
        (System.nanoTime() - active.startNanos) / 1_000_000, active.answers, active.queuedNanos / 1_000_000,
        active.longestQueuedNanos / 1_000_000);
  }
}
