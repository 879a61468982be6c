package io.cairn.kraft.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Property;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The leader's side of a chunked snapshot transfer, over a network that keeps each link's order
 * (TCP) but interleaves links at random and may lose snapshot chunks and answers: the chunks in
 * flight stay within the window, a chunk is sent again only after something was lost, never below
 * what the member acknowledged (a transfer resumes where the member stands), a paced transfer
 * keeps to its pace, and the member ends with the leader's snapshot.
 */
class SnapshotTransferTest {
  /** One transfer: snapshot size, chunk size, window (chunks), pace (0: none), loss rate, seed of the network. */
  record Case(int stateBytes, int chunkBytes, int window, int bytesPerTick, double lossRate, long seed) { }

  @Test
  void chunksInFlightStayInTheWindowAndOnlyLostChunksAreSentAgain() {
    Property.of("snapshot transfer over a reordering, lossy network", SnapshotTransferTest::randomCase)
        .trials(120)
        .check(SnapshotTransferTest::transfer);
  }

  @Test
  void withoutLossEveryChunkIsSentOnce() {
    Property.of("snapshot transfer over a reordering network", random -> new Case(1 + random.nextInt(300),
            1 + random.nextInt(16), 1 + random.nextInt(8), pace(random), 0, random.nextLong()))
        .trials(80)
        .check(c -> assertThat(transfer(c)).as("chunks sent again").isZero());
  }

  /**
   * A lost chunk: the answers that repeat the offset the member lacks send nothing (they cannot
   * tell a chunk past a gap from a chunk the member held already); the first silence sends the
   * lost chunk alone, the second, while the member still lacks what was in flight, the window from
   * where it stands. A slow member is thus never sent its window twice.
   */
  @Test
  void aLostChunkIsSentAgainAfterSilencesNotOnRepeatedAnswers() {
    ScriptedCluster c = smallChunksInAWindowOfFour();
    byte[] state = STATE.clone();
    c.restartBehindACompactedLog(state);
    boolean[] dropped = {false};
    c.dropWhere(m -> m instanceof SnapshotChunk chunk && chunk.offset() == 6 && !dropped[0] && (dropped[0] = true));
    c.run(40);
    assertThat(dropped[0]).isTrue();
    List<Long> offsets = chunkOffsets(c);
    // The window (6 lost) and 12, 15 released by the answers to 0 and 3; the answers to 9, 12 and
    // 15 repeat 6 and send nothing. First silence: 6 alone; its answer (9) releases 18, which
    // arrives past the gap. Second silence, 9..15 still missing: the window again from 9.
    assertThat(offsets).containsExactly(0L, 3L, 6L, 9L, 12L, 15L, 6L, 18L, 9L, 12L, 15L, 18L);
    assertThat(c.storage("n3").snapshot().data()).isEqualTo(state);
  }

  /**
   * The member's answer to the last chunk (its log position after the install) is lost: the
   * leader probes with the last chunk again, and the member, already holding the snapshot, answers
   * with its log position instead of asking for the snapshot from offset 0 again.
   */
  @Test
  void aChunkOfASnapshotAlreadyInstalledEndsTheTransferInsteadOfRestartingIt() {
    ScriptedCluster c = smallChunksInAWindowOfFour();
    byte[] state = STATE.clone();
    long index = c.restartBehindACompactedLog(state);
    boolean[] dropped = {false};
    c.dropWhere(m -> m instanceof AppendResponse answer && answer.from().equals(c.id("n3")) && !answer.reject()
        && answer.index() == index && !dropped[0] && (dropped[0] = true));
    c.run(40);
    assertThat(dropped[0]).isTrue();
    List<Long> offsets = chunkOffsets(c);
    assertThat(offsets).as("the window, the rest, one probe of the last chunk")
        .containsExactly(0L, 3L, 6L, 9L, 12L, 15L, 18L, 18L);
    assertThat(c.status("n1").match().get(c.id("n3"))).isGreaterThanOrEqualTo(index);
  }

  /**
   * A chunk damaged on the way (its bytes changed, its header intact) is refused: the assembled
   * snapshot fails the transfer's CRC32C, so the member installs nothing, drops what it holds and
   * asks for offset 0; the leader sends the snapshot again from the start and the member ends with
   * the leader's bytes.
   */
  @Test
  void aDamagedChunkIsRefusedAndTheTransferStartsOver() {
    ScriptedCluster c = smallChunksInAWindowOfFour();
    byte[] state = STATE.clone();
    long index = c.restartBehindACompactedLog(state);
    boolean[] damaged = {false};
    c.dropWhere(m -> {
      if (m instanceof SnapshotChunk chunk && chunk.offset() == 6 && !damaged[0]) {
        damaged[0] = true;
        chunk.data()[1] ^= 0x20; // delivered, not dropped: only its bytes are wrong
      }
      return false;
    });
    c.run(40);
    assertThat(damaged[0]).isTrue();
    List<Long> offsets = chunkOffsets(c);
    assertThat(offsets.stream().filter(offset -> offset == 0L).count()).as("sends of offset 0 in " + offsets)
        .isEqualTo(2);
    assertThat(offsets.stream().filter(offset -> offset == 18L).count()).as("sends of the last chunk in " + offsets)
        .isEqualTo(2);
    assertThat(c.storage("n3").snapshot().data()).isEqualTo(state);
    assertThat(c.storage("n3").snapshotMetadata().index()).isEqualTo(index);
  }

  /**
   * With the chunks sent outside the protocol ({@code snapshotSentOutside}), the leader only
   * offers the snapshot, a chunk at offset 0 without data: the member's answers release nothing,
   * and only a silence of an election timeout offers it again. No byte of the snapshot leaves the
   * protocol, so the member installs nothing.
   */
  @Test
  void outsideTheProtocolTheLeaderOnlyOffersTheSnapshot() {
    ScriptedCluster c = new ScriptedCluster(3, b -> b.snapshotChunkBytes(3).snapshotChunksInFlight(4)
        .snapshotSentOutside(true));
    long index = c.restartBehindACompactedLog(STATE.clone());
    c.run(40);
    List<SnapshotChunk> chunks = c.sent().stream().filter(SnapshotChunk.class::isInstance)
        .map(SnapshotChunk.class::cast).toList();
    assertThat(chunks).as("offers").isNotEmpty().allSatisfy(chunk -> {
      assertThat(chunk.offset()).isZero();
      assertThat(chunk.data()).isEmpty();
      assertThat(chunk.last()).isFalse();
      assertThat(chunk.totalBytes()).isEqualTo(STATE.length);
      assertThat(chunk.metadata().index()).isEqualTo(index);
    });
    long answers = c.sent().stream().filter(SnapshotResponse.class::isInstance).count();
    assertThat(chunks.size()).as("offers for " + answers + " answers").isLessThan((int) answers + 1).isLessThanOrEqualTo(5);
    assertThat(c.storage("n3").snapshotMetadata().index()).isLessThan(index);
  }

  /** The snapshot of the transcripts: 20 bytes, sent in chunks of 3. */
  private static final byte[] STATE = "state-of-ten-entries".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  /** Three voters; snapshot chunks of 3 bytes, 4 in flight. */
  private static ScriptedCluster smallChunksInAWindowOfFour() {
    return new ScriptedCluster(3, b -> b.snapshotChunkBytes(3).snapshotChunksInFlight(4));
  }

  /** The offsets of the snapshot chunks sent so far, in order. */
  private static List<Long> chunkOffsets(ScriptedCluster c) {
    return c.sent().stream().filter(m -> m instanceof SnapshotChunk).map(m -> ((SnapshotChunk) m).offset()).toList();
  }

  private static Case randomCase(SplittableRandom random) {
    double loss = random.nextBoolean() ? 0 : random.nextDouble() * 0.25;
    return new Case(1 + random.nextInt(300), 1 + random.nextInt(16), 1 + random.nextInt(8), pace(random), loss,
        random.nextLong());
  }

  private static int pace(SplittableRandom random) {
    return random.nextBoolean() ? 0 : 1 + random.nextInt(40);
  }

  /** Runs the transfer of {@code c}, checks it, and returns how many chunks were sent again. */
  private static int transfer(Case c) {
    ScriptedCluster cluster = new ScriptedCluster(3,
        b -> b.snapshotChunkBytes(c.chunkBytes()).snapshotChunksInFlight(c.window()).snapshotBytesPerTick(c.bytesPerTick()));
    byte[] state = new byte[c.stateBytes()];
    SplittableRandom random = new SplittableRandom(c.seed());
    random.nextBytes(state);
    long index = cluster.restartBehindACompactedLog(state);
    int[] losses = {0};
    cluster.dropWhere(m -> (m instanceof SnapshotChunk || m instanceof SnapshotResponse)
        && random.nextDouble() < c.lossRate() && ++losses[0] > 0);
    long window = (long) c.window() * c.chunkBytes();
    long acknowledged = 0; // the last answer the leader took
    Set<Long> sent = new HashSet<>();
    int resent = 0;
    long ticks = 0;
    long bytesSent = 0;
    for (int step = 0; step < 200_000; step++) {
      if (cluster.storage("n3").snapshotMetadata().index() == index && cluster.inFlight().isEmpty()) {
        break;
      }
      Message delivered = cluster.deliverOne(random);
      if (delivered == null) {
        cluster.tickAll(1); // only a quiet network lets time pass: no answer is ever late
        ticks++;
      } else if (delivered instanceof SnapshotResponse answer && answer.nextOffset() < state.length) {
        acknowledged = answer.nextOffset();
      }
      List<Message> out = cluster.sent();
      cluster.clearSent();
      for (Message message : out) {
        if (message instanceof SnapshotChunk chunk && chunk.to().equals(cluster.id("n3"))) {
          assertThat(chunk.offset() + chunk.data().length - acknowledged).as("bytes past the acknowledged offset")
              .isLessThanOrEqualTo(window);
          assertThat(chunk.offset()).as("a chunk below what the member acknowledged").isGreaterThanOrEqualTo(acknowledged);
          bytesSent += chunk.data().length;
          if (c.bytesPerTick() > 0) {
            assertThat(bytesSent).as("bytes sent in " + ticks + " ticks").isLessThanOrEqualTo(
                ticks * c.bytesPerTick() + c.chunkBytes());
          }
          if (!sent.add(chunk.offset())) {
            resent++;
            assertThat(losses[0]).as("a chunk sent again though nothing was lost").isPositive();
          }
        }
      }
    }
    assertThat(cluster.storage("n3").snapshot().data()).isEqualTo(state);
    assertThat(cluster.status("n3").commit()).isGreaterThanOrEqualTo(index);
    assertThat(resent).as("chunks sent again for " + losses[0] + " losses")
        .isLessThanOrEqualTo(losses[0] * (c.window() + 1));
    return resent;
  }
}
