package io.cairn.replication.node;

import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotChunk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One snapshot streamed to one member by the {@link SnapshotSender}: which chunks go next, within a
 * window of bytes in flight past what the member acknowledged, and which are sent again. It is
 * named by the protocol's offer (the snapshot's metadata, size and CRC32C, the leader's term) and
 * holds no bytes of its own: each chunk is cut from the leader's snapshot when it leaves.
 *
 * <p>The member answers every chunk with the offset it needs next, in order (one TCP connection
 * each way), so each answer belongs to the oldest chunk in flight. A chunk is sent again only when
 * it was lost:
 *
 * <ul>
 *   <li>an answer that did not move the member on while the oldest chunk in flight was the one
 *       at its offset (or past it): that chunk never arrived (or was refused), so the chunks from
 *       it are sent again, once; the answers to the chunks sent before that resend (they all
 *       repeat the offset) send nothing. An answer to a chunk the member held already (below its
 *       offset) sends nothing;
 *   <li>an answer below what the member had acknowledged: it started over (a restart without its
 *       partial snapshot), so the transfer does too, from where it asks;
 *   <li>{@link #silence}: no answer for long while chunks are in flight (a lost connection takes its
 *       chunks and answers with it): one chunk at the member's offset, whose answer says where it
 *       stands. A slow member is never sent its window again.
 * </ul>
 *
 * An answer past what was sent (a member that kept a partial snapshot) moves the transfer there.
 *
 * <p>Thread-safety: not thread-safe (the sender's thread).
 */
final class OutgoingTransfer {
  private final SnapshotChunk offer;
  private final Snapshot snapshot;
  private final int chunkBytes;
  private final long windowBytes;
  /** Bytes the member acknowledged: it holds {@code [0, acked)}. */
  private long acked;
  /** The next byte to send. */
  private long sent;
  /** The chunks in flight, oldest first: their offsets, negated (minus one) for those sent before a resend. */
  private final ArrayDeque<Long> inFlight = new ArrayDeque<>();
  /** A silence asked for one chunk at {@link #acked}. */
  private boolean probe;
  private boolean emptySent;
  private long chunksSent;
  private long losses;

  /** What the transfer has cost so far. */
  record Counts(long chunksSent, long chunksNeeded, long chunksResent, long losses) {}

  /**
   * A transfer of {@code snapshot}, offered by the protocol with {@code offer}, in chunks of {@code
   * chunkBytes}, at most {@code windowChunks} chunks' bytes in flight.
   */
  OutgoingTransfer(SnapshotChunk offer, Snapshot snapshot, int chunkBytes, int windowChunks) {
    if (!offer.metadata().equals(snapshot.metadata()) || offer.totalBytes() != snapshot.data().length) {
      throw new IllegalArgumentException("the offer " + offer + " is not of snapshot " + snapshot.metadata());
    }
    if (chunkBytes < 1 || windowChunks < 1) {
      throw new IllegalArgumentException("chunkBytes and windowChunks must be positive");
    }
    this.offer = offer;
    this.snapshot = snapshot;
    this.chunkBytes = chunkBytes;
    this.windowBytes = (long) chunkBytes * windowChunks;
  }

  /** Whether {@code other} offers the same snapshot to the same member in the same term. */
  boolean sameAs(SnapshotChunk other) {
    return offer.to().equals(other.to()) && offer.term() == other.term() && offer.metadata().equals(other.metadata())
        && offer.totalBytes() == other.totalBytes() && offer.checksum() == other.checksum();
  }

  SnapshotChunk offer() {
    return offer;
  }

  /**
   * The chunks to send now: from the next byte on while the window and {@code creditBytes} allow
   * (after a silence, the one chunk at the member's offset). The credit is spent chunk by chunk; a
   * chunk may overdraw it.
   */
  List<SnapshotChunk> next(long creditBytes) {
    List<SnapshotChunk> out = new ArrayList<>();
    long length = snapshot.data().length;
    if (length == 0) {
      if (!emptySent || probe) {
        out.add(chunk(0, 0));
        inFlight.add(0L);
        emptySent = true;
        probe = false;
      }
      return out;
    }
    if (probe) {
      probe = false;
      int size = (int) Math.min(chunkBytes, length - acked);
      out.add(chunk(acked, size));
      inFlight.add(acked);
      sent = Math.max(sent, acked + size);
      return out;
    }
    long credit = creditBytes;
    while (sent < length && sent - acked < windowBytes && credit > 0) {
      int size = (int) Math.min(chunkBytes, length - sent);
      out.add(chunk(sent, size));
      inFlight.add(sent);
      sent += size;
      credit -= size;
    }
    assert sent - acked <= windowBytes + chunkBytes : "window overrun: sent " + sent + " acknowledged " + acked;
    return out;
  }

  private SnapshotChunk chunk(long offset, int size) {
    chunksSent++;
    byte[] data = Arrays.copyOfRange(snapshot.data(), (int) offset, (int) offset + size);
    return new SnapshotChunk(offer.from(), offer.to(), offer.term(), offer.metadata(), offer.totalBytes(),
        offer.checksum(), offset, data, offset + size == snapshot.data().length);
  }

  /** The member answered (the oldest chunk in flight) that it needs byte {@code nextOffset} next. */
  void answered(long nextOffset) {
    Long answeredChunk = inFlight.poll();
    long length = snapshot.data().length;
    long asked = Math.min(nextOffset, length);
    if (asked > acked) {
      acked = asked;
      sent = Math.max(sent, asked);
      return;
    }
    if (asked < acked) {
      restartAt(asked); // the member started over
      return;
    }
    if (answeredChunk != null && answeredChunk >= asked) {
      // The member did not move on: the chunk at its offset never arrived. When it is the oldest
      // in flight, this answer is the next one's (past the gap).
      losses++;
      if (answeredChunk == asked) {
        inFlight.poll();
      }
      restartAt(asked);
    }
    // Otherwise the answer to a chunk the member held already, or to one sent before a resend.
  }

  private void restartAt(long offset) {
    acked = offset;
    sent = offset;
    int stale = inFlight.size();
    inFlight.clear();
    for (int i = 0; i < stale; i++) {
      inFlight.add(-1L); // answered before the resend arrives: repeats the offset, sends nothing
    }
  }

  /** No answer came for long while chunks were in flight: the next {@link #next} probes with one chunk. */
  void silence() {
    if (sent > acked || snapshot.data().length == 0) {
      probe = true;
      inFlight.clear();
    }
  }

  /** Whether chunks are in flight (sent and not acknowledged). */
  boolean waiting() {
    return sent > acked || (snapshot.data().length == 0 && !inFlight.isEmpty());
  }

  /** Whether every byte was sent (the member's install ends the transfer, not this). */
  boolean allSent() {
    return sent >= snapshot.data().length && (snapshot.data().length > 0 || emptySent);
  }

  long acked() {
    return acked;
  }

  /** Whether the member acknowledged every byte (it holds the whole snapshot). */
  boolean allAcked() {
    return acked >= snapshot.data().length && allSent();
  }

  Counts counts() {
    long needed = Math.max(1, (snapshot.data().length + chunkBytes - 1) / chunkBytes);
    return new Counts(chunksSent, needed, Math.max(0, chunksSent - needed), losses);
  }
}
