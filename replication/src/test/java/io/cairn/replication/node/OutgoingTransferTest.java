package io.cairn.replication.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotChunk;
import io.cairn.kraft.api.SnapshotMetadata;
import io.cairn.testing.Property;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sender's side of a streamed snapshot transfer against a member that takes chunks in order
 * only and answers each with the offset it needs next, over links that keep their order (TCP) and
 * may lose chunks (a connection that went down): the member ends with the snapshot's bytes, the
 * window is kept, and a chunk is sent again only after a loss, at most once per loss.
 */
class OutgoingTransferTest {
  private static final NodeId LEADER = new NodeId(0, 0, 0, 1);
  private static final NodeId MEMBER = new NodeId(0, 0, 0, 4);

  /** One transfer: snapshot size, chunk size, window, losses (chunk ordinals sent that are dropped), seed of the interleaving. */
  record Case(int bytes, int chunkBytes, int window, Set<Integer> lost, long seed) {}

  @Test
  void withoutLossEveryChunkIsSentOnce() {
    Property.of("streamed transfer without loss", random -> new Case(random.nextInt(400), 1 + random.nextInt(16),
            1 + random.nextInt(8), Set.of(), random.nextLong()))
        .trials(150)
        .check(c -> {
          Run run = transfer(c);
          assertThat(run.transfer.counts().chunksSent()).as("chunks sent").isEqualTo(run.transfer.counts().chunksNeeded());
          assertThat(run.transfer.counts().losses()).isZero();
        });
  }

  @Test
  void lostChunksAreSentAgainAndTheMemberEndsWithTheSnapshot() {
    Property.of("streamed transfer with lost chunks", random -> {
      int bytes = 1 + random.nextInt(400);
      int chunk = 1 + random.nextInt(16);
      java.util.HashSet<Integer> lost = new java.util.HashSet<>();
      int losses = 1 + random.nextInt(3);
      for (int i = 0; i < losses; i++) {
        lost.add(random.nextInt(bytes / chunk + 2));
      }
      return new Case(bytes, chunk, 1 + random.nextInt(8), Set.copyOf(lost), random.nextLong());
    }).trials(150).check(c -> {
      Run run = transfer(c);
      // Each loss costs at most the chunk lost and the window sent behind it.
      long bound = run.transfer.counts().chunksNeeded() + (long) run.dropped * (c.window() + 1);
      assertThat(run.transfer.counts().chunksSent()).as("chunks sent, " + run.dropped + " dropped").isLessThanOrEqualTo(bound);
    });
  }

  /**
   * One chunk lost in a window of four: the answers to the chunks behind it repeat the member's
   * offset; the first of them sends the chunks from the lost one again, once, and the others send
   * nothing.
   */
  @Test
  void aLostChunkIsSentAgainOnceNotOncePerAnswer() {
    OutgoingTransfer transfer = new OutgoingTransfer(offer(20), snapshot(20), 3, 4);
    List<SnapshotChunk> window = transfer.next(Long.MAX_VALUE);
    assertThat(offsets(window)).containsExactly(0L, 3L, 6L, 9L);
    transfer.answered(3); // chunk 0 arrived; chunk 3 is lost
    assertThat(offsets(transfer.next(Long.MAX_VALUE))).containsExactly(12L);
    transfer.answered(3); // the answer to 6: past the gap
    assertThat(offsets(transfer.next(Long.MAX_VALUE))).as("sent again from the lost chunk").containsExactly(3L, 6L, 9L, 12L);
    transfer.answered(3); // the answers to 9 and 12, sent before the resend
    transfer.answered(3);
    assertThat(transfer.next(Long.MAX_VALUE)).as("nothing sent a second time").isEmpty();
    transfer.answered(6); // the resent 3 arrived
    assertThat(offsets(transfer.next(Long.MAX_VALUE))).containsExactly(15L);
    assertThat(transfer.counts().losses()).isEqualTo(1);
  }

  /** A silence probes with the one chunk at the member's offset; the answer goes on where the member stands. */
  @Test
  void aSilenceSendsOneChunkNotTheWindow() {
    OutgoingTransfer transfer = new OutgoingTransfer(offer(20), snapshot(20), 3, 4);
    transfer.next(Long.MAX_VALUE);
    transfer.answered(3);
    transfer.next(Long.MAX_VALUE); // 12
    transfer.silence();
    assertThat(offsets(transfer.next(Long.MAX_VALUE))).containsExactly(3L);
    transfer.answered(15); // the member was only slow: it holds everything that was sent
    assertThat(offsets(transfer.next(Long.MAX_VALUE))).containsExactly(15L, 18L);
    assertThat(transfer.counts().chunksSent()).isEqualTo(transfer.counts().chunksNeeded() + 1);
  }

  /**
   * The member restarted: one that lost its partial snapshot asks for offset 0 and the transfer
   * starts over; one that kept it (say, 12 bytes) asks for where it stands, past what this
   * transfer sent, and the transfer resumes there.
   */
  @Test
  void aRestartedMemberIsSentFromWhereItAsks() {
    OutgoingTransfer transfer = new OutgoingTransfer(offer(20), snapshot(20), 3, 2);
    transfer.next(Long.MAX_VALUE);
    transfer.answered(3);
    transfer.answered(6);
    transfer.next(Long.MAX_VALUE);
    transfer.answered(0); // restarted without its partial snapshot
    assertThat(offsets(transfer.next(Long.MAX_VALUE))).containsExactly(0L, 3L);

    OutgoingTransfer resumed = new OutgoingTransfer(offer(20), snapshot(20), 3, 2);
    assertThat(offsets(resumed.next(Long.MAX_VALUE))).containsExactly(0L, 3L);
    resumed.answered(12); // it kept 12 bytes from before its restart
    assertThat(offsets(resumed.next(Long.MAX_VALUE))).containsExactly(12L, 15L);
  }

  /** The sender's "last chunk acknowledged" step: only an answer past the last byte says the member holds it all. */
  @Test
  void everyByteIsAcknowledgedOnlyByAnAnswerPastTheLastOne() {
    OutgoingTransfer transfer = new OutgoingTransfer(offer(7), snapshot(7), 3, 8);
    assertThat(transfer.allAcked()).isFalse();
    assertThat(offsets(transfer.next(Long.MAX_VALUE))).containsExactly(0L, 3L, 6L);
    transfer.answered(3);
    transfer.answered(6);
    assertThat(transfer.allAcked()).as("the last chunk is still in flight").isFalse();
    transfer.answered(7);
    assertThat(transfer.allAcked()).isTrue();
  }

  @Test
  void aPaceSpendsItsCreditChunkByChunk() {
    OutgoingTransfer transfer = new OutgoingTransfer(offer(20), snapshot(20), 3, 8);
    assertThat(offsets(transfer.next(4))).containsExactly(0L, 3L);
    assertThat(transfer.next(0)).isEmpty();
  }

  private static List<Long> offsets(List<SnapshotChunk> chunks) {
    return chunks.stream().map(SnapshotChunk::offset).toList();
  }

  private record Run(OutgoingTransfer transfer, int dropped) {}

  /** Runs {@code c} to the end and checks what the member assembled. */
  private static Run transfer(Case c) {
    Snapshot snapshot = snapshot(c.bytes());
    OutgoingTransfer transfer = new OutgoingTransfer(offer(c.bytes()), snapshot, c.chunkBytes(), c.window());
    SplittableRandom random = new SplittableRandom(c.seed());
    ArrayDeque<SnapshotChunk> toMember = new ArrayDeque<>();
    ArrayDeque<Long> answers = new ArrayDeque<>();
    java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();
    int sentOrdinal = 0;
    int dropped = 0;
    boolean installed = false;
    for (int step = 0; step < 100_000 && !installed; step++) {
      for (SnapshotChunk chunk : transfer.next(Long.MAX_VALUE)) {
        long inFlight = chunk.offset() + chunk.data().length - transfer.acked();
        assertThat(inFlight).as("bytes in flight").isLessThanOrEqualTo((long) c.chunkBytes() * (c.window() + 1));
        if (c.lost().contains(sentOrdinal++)) {
          dropped++;
        } else {
          toMember.add(chunk);
        }
      }
      if (toMember.isEmpty() && answers.isEmpty()) {
        transfer.silence();
      } else if (!toMember.isEmpty() && (answers.isEmpty() || random.nextBoolean())) {
        SnapshotChunk chunk = toMember.poll();
        if (chunk.offset() == held.size()) {
          held.writeBytes(chunk.data());
        }
        if (chunk.last() && chunk.offset() + chunk.data().length == held.size()) {
          installed = true; // the member installs it and answers with an append answer instead
        } else {
          answers.add((long) held.size());
        }
      } else {
        transfer.answered(answers.poll());
      }
    }
    assertThat(installed).as("installed").isTrue();
    assertThat(held.toByteArray()).isEqualTo(snapshot.data());
    return new Run(transfer, dropped);
  }

  private static Snapshot snapshot(int bytes) {
    byte[] data = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    return new Snapshot(new SnapshotMetadata(42, 3, Configuration.EMPTY), data);
  }

  private static SnapshotChunk offer(int bytes) {
    return new SnapshotChunk(LEADER, MEMBER, 5, new SnapshotMetadata(42, 3, Configuration.EMPTY), bytes, 0x1234, 0,
        new byte[0], bytes == 0);
  }
}
