package io.cairn.consortium;

import io.cairn.bft.api.BftMessage;
import io.cairn.bft.api.Decision;
import io.cairn.bft.api.Envelope;
import io.cairn.bft.api.NewView;
import io.cairn.bft.api.Ready;
import io.cairn.bft.api.Request;
import io.cairn.common.CorruptionException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One HQ node's use of the Byzantine core as the ordering layer: commit records and the
 * regulator's admissions are submitted as requests (the submitter broadcasts them to every
 * replica, as a PBFT client does), and the decided operations are applied strictly in decision
 * order. A commit whose block this node has not received waits at the head of the queue while
 * the block is fetched from the other HQ nodes.
 *
 * <p>Like {@code BftRunner} over the member transport, it sends the {@link NewView} of the
 * replica's current view to every other HQ node every {@link #NEW_VIEW_RESEND_TICKS} ticks, so a
 * replica that restarted in view 0, started late, or was cut off during a view change checks that
 * self-proving message and joins the view the others are in.
 */
final class Ordering {
  /** Client ids of admission submissions: this base plus the submitting HQ's number. */
  static final long ADMISSION_CLIENT_BASE = 1 << 16;
  /** Ticks between two sends of the current view's NewView. */
  static final int NEW_VIEW_RESEND_TICKS = 200;

  private final HqNode node;
  private final Deque<byte[]> decided = new ArrayDeque<>();
  private long timestamp;
  private boolean fetching;
  private NewView currentNewView;
  private long ticks;

  /** {@code firstTimestamp}: the timestamp of this node's requests is above it (they count up from there). */
  Ordering(HqNode node, long firstTimestamp) {
    this.node = node;
    this.timestamp = firstTimestamp;
  }

  void submit(long client, byte[] operation) {
    Request request = new Request(client, ++timestamp, operation);
    node.replica().propose(request);
    node.broadcast(new HqMessage.Bft(request));
    drain();
  }

  void step(BftMessage message) {
    node.replica().step(message);
    if (message instanceof NewView newView && newView.view() == node.replica().view()
        && !node.replica().isViewChanging()) {
      currentNewView = newView;
    }
  }

  void tick() {
    node.replica().tick();
    if (++ticks % NEW_VIEW_RESEND_TICKS == 0 && currentNewView != null
        && currentNewView.view() == node.replica().view()) {
      node.broadcast(new HqMessage.Bft(currentNewView));
    }
  }

  /** Sends the replica's messages and applies its decisions. */
  void drain() {
    while (node.replica().hasReady()) {
      Ready ready = node.replica().ready();
      for (Envelope envelope : ready.messages()) {
        if (envelope.message() instanceof NewView newView) {
          currentNewView = newView;
        }
        node.send(envelope.to(), new HqMessage.Bft(envelope.message()));
      }
      for (Decision decision : ready.decisions()) {
        for (Request request : decision.batch()) {
          decided.add(request.operation());
        }
      }
    }
    applyDecided();
  }

  void blockArrived() {
    if (fetching) {
      applyDecided();
    }
  }

  private void applyDecided() {
    while (!decided.isEmpty()) {
      byte[] operation = decided.peek();
      int magic = Wire.magicOf(operation);
      try {
        if (magic == Wire.COMMIT) {
          CommitRecord record = CommitRecord.decode(operation);
          ConsortiumBlock block = node.knownBlock(record.blockHash());
          if (block == null && record.height() == node.ledger().height()) {
            if (!fetching) {
              fetching = true;
              node.fetch(record.blockHash());
            }
            return;
          }
          fetching = false;
          if (record.height() > node.ledger().height()) {
            node.behind();
          }
          if (block != null) {
            node.applyCommit(record, block);
          } else {
            node.noteEvent("hq" + node.number() + " skipped a commit for height " + record.height());
          }
        } else if (magic == Wire.CERTIFICATE) {
          EnterpriseCertificate certificate = EnterpriseCertificate.decode(operation);
          String refusal = node.admit(certificate);
          node.noteEvent("hq" + node.number() + (refusal == null ? " admitted " + certificate : " refused "
              + certificate + ": " + refusal));
        } else if (magic == Wire.REVOCATION) {
          Revocation revocation = Revocation.decode(operation);
          String refusal = node.revoke(revocation);
          node.noteEvent("hq" + node.number() + (refusal == null ? " revoked " : " refused revocation of ")
              + revocation.enterprise().shortHex() + (refusal == null ? "" : ": " + refusal));
        } else {
          node.noteEvent("hq" + node.number() + " ignored an ordered operation of unknown type");
        }
      } catch (CorruptionException | io.cairn.common.InvalidArgumentException e) {
        node.noteEvent("hq" + node.number() + " ignored a malformed ordered operation: " + e.getMessage());
      }
      decided.poll();
    }
  }
}
