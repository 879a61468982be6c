package io.cairn.bft.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Readable transcripts of the normal case and a view change, delivered in FIFO order. Each test
 * prints its transcript; the assertions pin the message pattern of every phase.
 */
class TranscriptTest {
  private static final Request REQUEST = new Request(7, 1, new byte[] {42});

  @Test
  void pbftNormalCaseIsPrePrepareThenAllToAllPrepareAndCommit() {
    ScriptedGroup group = new ScriptedGroup(Protocol.PBFT, 4);
    group.request(0, REQUEST);
    group.deliverAll();
    System.out.println("PBFT normal case:\n" + group.dump());

    assertThat(group.transcript.subList(0, 4)).containsExactly(
        "client -> r0 Request c7 t1",
        "r0 -> r1 PrePrepare r0 v0 s1 d=" + digestHex() + " [1 req]",
        "r0 -> r2 PrePrepare r0 v0 s1 d=" + digestHex() + " [1 req]",
        "r0 -> r3 PrePrepare r0 v0 s1 d=" + digestHex() + " [1 req]");
    assertThat(group.count("PrePrepare")).isEqualTo(3);
    assertThat(group.count("Prepare")).as("each backup to the 3 others").isEqualTo(9);
    assertThat(group.count("Commit")).as("every replica to the 3 others").isEqualTo(12);
    for (int replica = 0; replica < 4; replica++) {
      assertThat(group.decisions.get(replica)).singleElement().satisfies(d -> {
        assertThat(d.seq()).isEqualTo(1);
        assertThat(d.batch()).singleElement().satisfies(r -> assertThat(r.sameAs(REQUEST)).isTrue());
      });
    }
    assertThat(group.replies).hasSize(4).allSatisfy(reply -> assertThat(reply.seq()).isEqualTo(1));
  }

  @Test
  void sbftFastPathIsLinear() {
    ScriptedGroup group = new ScriptedGroup(Protocol.SBFT, 4);
    int collector = group.config.collector(0, 1);
    group.request(0, REQUEST);
    group.deliverAll();
    System.out.println("SBFT fast path (collector r" + collector + "):\n" + group.dump());

    assertThat(group.count("PrePrepare")).isEqualTo(3);
    assertThat(group.transcript).filteredOn(line -> line.contains(" Prepare "))
        .hasSize(3).allSatisfy(line -> assertThat(line).contains("-> r" + collector + " "));
    assertThat(group.transcript).filteredOn(line -> line.contains("Certificate FAST"))
        .hasSize(3).allSatisfy(line -> assertThat(line).startsWith("r" + collector + " -> ").contains("(4 votes)"));
    assertThat(group.count("Commit")).isZero();
    assertThat(group.transcript).as("3(n-1) messages").hasSize(1 + 9);
    group.decisions.values().forEach(list -> assertThat(list).singleElement().satisfies(d -> assertThat(d.seq()).isEqualTo(1)));
  }

  @Test
  void sbftFallsBackToTheSlowPathWhenAReplicaIsSilent() {
    ScriptedGroup group = new ScriptedGroup(Protocol.SBFT, 4);
    int collector = group.config.collector(0, 1);
    int silent = collector == 3 ? 1 : 3;
    group.down.add(silent);
    group.request(0, REQUEST);
    group.deliverAll();
    assertThat(group.count("Certificate")).as("no certificate before the fast-path wait").isZero();
    group.tick(group.config.fastPathTicks());
    System.out.println("SBFT slow path, r" + silent + " silent:\n" + group.dump());

    assertThat(group.transcript).as("delivered to the 2 others that are up")
        .filteredOn(line -> line.contains("Certificate PREPARED")).hasSize(2);
    assertThat(group.transcript).filteredOn(line -> line.contains(" Commit ")).allSatisfy(
        line -> assertThat(line).contains("-> r" + collector + " "));
    assertThat(group.transcript).filteredOn(line -> line.contains("Certificate COMMITTED")).hasSize(2);
    for (int replica = 0; replica < 4; replica++) {
      assertThat(group.decisions.get(replica)).hasSize(replica == silent ? 0 : 1);
    }
  }

  @Test
  void pbftViewChangeReplacesASilentPrimary() {
    ScriptedGroup group = new ScriptedGroup(Protocol.PBFT, 4);
    group.down.add(0);
    for (int replica = 1; replica < 4; replica++) {
      group.request(replica, REQUEST);
    }
    group.deliverAll();
    assertThat(group.decisions.get(1)).isEmpty();
    group.tick(group.config.viewChangeTicks());
    System.out.println("PBFT view change, r0 silent:\n" + group.dump());

    assertThat(group.transcript).filteredOn(line -> line.contains("ViewChange"))
        .as("r1..r3 each to the 2 others that are up").hasSize(6)
        .allSatisfy(line -> assertThat(line).contains("to v1 stable s0"));
    assertThat(group.transcript).filteredOn(line -> line.contains("NewView"))
        .hasSize(2).allSatisfy(line -> assertThat(line).startsWith("r1 -> ").contains("v1 (3 view changes, 0 pre-prepares)"));
    assertThat(group.transcript).filteredOn(line -> line.contains("PrePrepare r1 v1 s1")).hasSize(2);
    for (int replica = 1; replica < 4; replica++) {
      assertThat(group.replicas[replica].view()).isEqualTo(1);
      assertThat(group.decisions.get(replica)).singleElement().satisfies(d -> assertThat(d.seq()).isEqualTo(1));
    }
  }

  @Test
  void aPreparedValueSurvivesTheViewChangeAtItsSequenceNumber() {
    ScriptedGroup group = new ScriptedGroup(Protocol.PBFT, 4);
    group.request(0, REQUEST);
    // Deliver the pre-prepares and prepares, but no commit: every replica prepares, none commits.
    group.deliverWhile(m -> !(m.message() instanceof Commit));
    group.queue.clear();
    group.down.add(0);
    group.tick(group.config.viewChangeTicks());
    System.out.println("PBFT view change after prepare:\n" + group.dump());

    assertThat(group.transcript).filteredOn(line -> line.contains("NewView"))
        .allSatisfy(line -> assertThat(line).contains("1 pre-prepares"));
    for (int replica = 1; replica < 4; replica++) {
      assertThat(group.decisions.get(replica)).singleElement().satisfies(d -> {
        assertThat(d.seq()).isEqualTo(1);
        assertThat(d.digest()).isEqualTo(BftCodec.batchDigest(List.of(REQUEST)));
      });
    }
  }

  private static String digestHex() {
    return BftMessage.shortHex(BftCodec.batchDigest(List.of(REQUEST)));
  }
}
