package io.cairn.bft.core;

import io.cairn.bft.api.BftMessage;
import io.cairn.bft.api.Certificate;
import io.cairn.bft.api.Commit;
import io.cairn.bft.api.Prepare;
import io.cairn.bft.api.Vote;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SBFT's collector role, held by {@code collector(view, seq)} and, as the fallback, by the primary.
 * Shares are grouped by (seq, digest): with all n prepare shares the collector broadcasts a FAST
 * certificate; once {@code fastPathTicks} have passed since the first share, 2f+1 are enough for a
 * PREPARED certificate, and 2f+1 commit shares make a COMMITTED one. Also the replica side's
 * routing: shares go to the collector, and to the primary too once {@code collectorTicks} passed
 * without a commit.
 */
final class SbftCollectors {
  private static final class Gathering {
    final TreeMap<Integer, byte[]> prepares = new TreeMap<>();
    final TreeMap<Integer, byte[]> commits = new TreeMap<>();
    final long startTick;
    boolean fastSent;
    boolean preparedSent;
    boolean committedSent;

    Gathering(long startTick) {
      this.startTick = startTick;
    }
  }

  private final Replica r;
  private final TreeMap<Long, Map<ByteBuffer, Gathering>> gatherings = new TreeMap<>();

  SbftCollectors(Replica replica) {
    this.r = replica;
  }

  /** Replica side: sends a share to the collector of its sequence number (and the primary after a fallback). */
  void sendShare(BftMessage share, long seq) {
    int collector = r.config.collector(r.view, seq);
    r.agreement.sendOrHandle(collector, share);
    Slot slot = r.slots.get(seq);
    int primary = r.config.primary(r.view);
    if (slot != null && slot.fallbackSent && primary != collector) {
      r.agreement.sendOrHandle(primary, share);
    }
  }

  void onPrepareShare(Prepare share) {
    Gathering gathering = gathering(share.seq(), share.digest());
    if (gathering != null) {
      gathering.prepares.putIfAbsent(share.sender(), share.signature());
      evaluate(share.seq(), share.digest(), gathering);
    }
  }

  void onCommitShare(Commit share) {
    Gathering gathering = gathering(share.seq(), share.digest());
    if (gathering != null) {
      gathering.commits.putIfAbsent(share.sender(), share.signature());
      evaluate(share.seq(), share.digest(), gathering);
    }
  }

  private Gathering gathering(long seq, byte[] digest) {
    if (r.config.collector(r.view, seq) != r.id && !r.isPrimary()) {
      r.reject();
      return null;
    }
    return gatherings.computeIfAbsent(seq, s -> new HashMap<>())
        .computeIfAbsent(ByteBuffer.wrap(digest), d -> new Gathering(r.ticks));
  }

  private void evaluate(long seq, byte[] digest, Gathering g) {
    int quorum = r.config.quorum(r.view);
    if (!g.fastSent && !g.committedSent && g.prepares.size() == r.n) {
      g.fastSent = true;
      publish(Certificate.Kind.FAST, seq, digest, g.prepares);
      return;
    }
    if (!g.fastSent && !g.preparedSent && g.prepares.size() >= quorum
        && r.ticks - g.startTick >= r.config.fastPathTicks()) {
      g.preparedSent = true;
      publish(Certificate.Kind.PREPARED, seq, digest, g.prepares);
    }
    if (!g.fastSent && !g.committedSent && g.commits.size() >= quorum) {
      g.committedSent = true;
      publish(Certificate.Kind.COMMITTED, seq, digest, g.commits);
    }
  }

  private void publish(Certificate.Kind kind, long seq, byte[] digest, TreeMap<Integer, byte[]> shares) {
    List<Vote> votes = new ArrayList<>(shares.size());
    shares.forEach((replica, signature) -> votes.add(new Vote(replica, signature)));
    Certificate certificate = new Certificate(r.id, kind, r.view, seq, digest, votes);
    r.broadcast(certificate);
    r.agreement.onCertificate(certificate);
  }

  /** The fast-path wait ends; shares without a certificate go to the fallback collector. */
  void tick() {
    record Pending(long seq, byte[] digest, Gathering gathering) {}
    List<Pending> pending = new ArrayList<>();
    gatherings.forEach((seq, byDigest) -> byDigest.forEach((digest, g) -> pending.add(new Pending(seq, digest.array(), g))));
    for (Pending p : pending) {
      evaluate(p.seq(), p.digest(), p.gathering());
    }
    int primary = r.config.primary(r.view);
    for (Slot slot : List.copyOf(r.slots.values())) {
      if (slot.myShare != null && !slot.committedInView && !slot.fallbackSent
          && r.config.collector(r.view, slot.seq) != primary && r.ticks - slot.shareTick >= r.config.collectorTicks()) {
        slot.fallbackSent = true;
        r.agreement.sendOrHandle(primary, slot.myShare);
        if (slot.myCommitShare != null) {
          r.agreement.sendOrHandle(primary, slot.myCommitShare);
        }
      }
    }
  }

  /** Forgets everything gathered in the view that ends. */
  void clear() {
    gatherings.clear();
  }

  /** Forgets sequence numbers at or below a new stable checkpoint. */
  void truncate(long seq) {
    gatherings.headMap(seq, true).clear();
  }
}
