package io.cairn.kraft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.HeartbeatRequest;
import io.cairn.kraft.api.HeartbeatResponse;
import io.cairn.kraft.api.Message;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.RelayBundle;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotChunk;
import io.cairn.kraft.api.SnapshotMetadata;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small stateful pieces of the core, each on its own. */
class PiecesTest {
  private static final NodeId LEADER = new NodeId(1, 0, 0, 0);
  private static final NodeId RELAY = new NodeId(2, 0, 0, 0);
  private static final NodeId M1 = new NodeId(3, 0, 0, 0);
  private static final NodeId M2 = new NodeId(4, 0, 0, 0);

  @Test
  void configHistoryRevertsToThePreviousEntryOnTruncation() {
    Configuration base = Configuration.ofVoters(List.of(LEADER));
    Configuration two = Configuration.ofVoters(List.of(LEADER, RELAY));
    Configuration three = Configuration.ofVoters(List.of(LEADER, RELAY, M1));
    ConfigHistory history = new ConfigHistory(5, base);
    history.add(7, two);
    history.add(9, three);
    assertThat(history.latest()).isEqualTo(three);
    assertThat(history.at(8)).isEqualTo(two);
    assertThat(history.truncateFrom(8)).isTrue();
    assertThat(history.latest()).isEqualTo(two);
    assertThat(history.truncateFrom(8)).isFalse();
    history.reset(20, three);
    assertThat(history.latest()).isEqualTo(three);
    assertThat(history.latestIndex()).isEqualTo(20);
  }

  @Test
  void readOnlyQueueReleasesARequestAndEveryEarlierOne() {
    ReadOnlyQueue queue = new ReadOnlyQueue();
    queue.add(5, new byte[] {1}, LEADER);
    queue.add(6, new byte[] {2}, M1);
    assertThat(queue.add(6, new byte[] {2}, M1)).isFalse();
    queue.ack(RELAY, new byte[] {2});
    assertThat(queue.releaseThrough(new byte[] {2})).extracting(p -> p.index).containsExactly(5L, 6L);
    assertThat(queue.size()).isZero();
  }

  @Test
  void snapshotReceiverAssemblesInOrderChunksAndRestartsOnAGap() {
    SnapshotMetadata metadata = new SnapshotMetadata(9, 2, Configuration.EMPTY);
    SnapshotReceiver receiver = new SnapshotReceiver();
    assertThat(receiver.accept(chunk(metadata, 0, "abc", false))).isNull();
    assertThat(receiver.accept(chunk(metadata, 5, "fg", true))).as("gap").isNull();
    assertThat(receiver.nextOffset()).isEqualTo(3);
    assertThat(receiver.accept(chunk(metadata, 3, "de", false))).isNull();
    Snapshot complete = receiver.accept(chunk(metadata, 5, "fg", true));
    assertThat(new String(complete.data())).isEqualTo("abcdefg");
    assertThat(receiver.nextOffset()).isZero();
    assertThat(receiver.accept(chunk(metadata, 3, "de", false))).as("no transfer in progress").isNull();
    assertThat(receiver.nextOffset()).isZero();
  }

  private static final int WHOLE_CRC = io.cairn.common.Crc32c.of("abcdefg".getBytes(), 0, 7);

  private static SnapshotChunk chunk(SnapshotMetadata metadata, long offset, String data, boolean last) {
    return chunk(3, metadata, WHOLE_CRC, offset, data, last);
  }

  private static SnapshotChunk chunk(long term, SnapshotMetadata metadata, int crc, long offset, String data,
      boolean last) {
    return new SnapshotChunk(LEADER, M1, term, metadata, 7, crc, offset, data.getBytes(), last);
  }

  @Test
  void snapshotReceiverResumesTheSameSnapshotFromANewLeaderAndDropsACorruptOne() {
    SnapshotMetadata metadata = new SnapshotMetadata(9, 2, Configuration.EMPTY);
    SnapshotReceiver receiver = new SnapshotReceiver();
    receiver.accept(chunk(3, metadata, WHOLE_CRC, 0, "abc", false));
    assertThat(receiver.accept(chunk(4, metadata, WHOLE_CRC, 0, "abc", false))).as("same snapshot, new leader").isNull();
    assertThat(receiver.nextOffset()).as("resumes where it was").isEqualTo(3);
    assertThat(new String(receiver.accept(chunk(4, metadata, WHOLE_CRC, 3, "defg", true)).data())).isEqualTo("abcdefg");

    receiver.accept(chunk(4, metadata, WHOLE_CRC + 1, 0, "abc", false));
    assertThat(receiver.accept(chunk(4, metadata, WHOLE_CRC + 1, 3, "defg", true))).as("checksum mismatch").isNull();
    assertThat(receiver.checksumFailures()).isEqualTo(1);
    assertThat(receiver.nextOffset()).as("starts over").isZero();
    receiver.accept(chunk(4, metadata, WHOLE_CRC, 0, "abc", false));
    assertThat(receiver.accept(chunk(4, metadata, WHOLE_CRC + 5, 3, "defg", true))).as("another snapshot mid-way")
        .isNull();
    assertThat(receiver.nextOffset()).isZero();
  }

  @Test
  void catchUpPromotesAfterAFastRoundAndAbortsAfterTooManySlowOnes() {
    CatchUp fast = new CatchUp();
    fast.start(M1, 100, 0);
    assertThat(fast.onMatch(50, 120, 3, 10, 3)).isEqualTo(CatchUp.Decision.CONTINUE);
    assertThat(fast.onMatch(100, 120, 5, 10, 3)).isEqualTo(CatchUp.Decision.PROMOTE);
    CatchUp slow = new CatchUp();
    slow.start(M1, 100, 0);
    assertThat(slow.onMatch(100, 200, 50, 10, 2)).isEqualTo(CatchUp.Decision.CONTINUE);
    assertThat(slow.onMatch(200, 300, 100, 10, 2)).isEqualTo(CatchUp.Decision.ABORT);
    assertThat(slow.lastFailure()).contains("after 2 rounds");
    assertThat(slow.running()).isFalse();
  }

  @Test
  void relayBundlesItsOwnAndItsMembersAnswersOnceAllArrived() {
    List<Message> out = new ArrayList<>();
    RelayDuty relay = new RelayDuty(RELAY, 2, out::add);
    relay.forward(new HeartbeatRequest(LEADER, RELAY, 3, 5, new byte[0], List.of(M1, M2), null, false),
        (request, member) -> false);
    assertThat(out).hasSize(2).allSatisfy(m -> assertThat(m.relay()).isEqualTo(RELAY));
    out.clear();
    relay.addOwn(new HeartbeatResponse(RELAY, LEADER, 3, new byte[0], RELAY));
    relay.addMember(new HeartbeatResponse(M1, LEADER, 3, new byte[0], RELAY));
    assertThat(out).isEmpty();
    relay.addMember(new HeartbeatResponse(M2, LEADER, 3, new byte[0], RELAY));
    assertThat(out).singleElement().isInstanceOfSatisfying(RelayBundle.class,
        b -> assertThat(b.responses()).extracting(Message::from).containsExactly(RELAY, M1, M2));
  }

  @Test
  void relayReturnsWhatItHasAfterTheBundleTimeout() {
    List<Message> out = new ArrayList<>();
    RelayDuty relay = new RelayDuty(RELAY, 2, out::add);
    relay.forward(new HeartbeatRequest(LEADER, RELAY, 3, 5, new byte[0], List.of(M1, M2), null, false),
        (request, member) -> false);
    out.clear();
    relay.addMember(new HeartbeatResponse(M1, LEADER, 3, new byte[0], RELAY));
    relay.tick();
    assertThat(out).isEmpty();
    relay.tick();
    assertThat(out).singleElement().isInstanceOf(RelayBundle.class);
    relay.addMember(new HeartbeatResponse(M2, LEADER, 3, new byte[0], RELAY));
    assertThat(out).as("the late answer completes the expected set").hasSize(2);
  }
}
