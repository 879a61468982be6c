package io.cairn.bft.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed 002 as transcripts: an add-replica transaction ordered and executed, the primary filling
 * the epoch up to the checkpoint after it, every replica switching into the next configuration
 * (n = 5: quorum 4, primary and collectors renumbered), the new replica synchronizing from the
 * checkpoint before it sends anything but state requests, then voting.
 */
class AddReplicaTranscriptTest {
  private static final long REGULATOR = 1000;

  private static List<String> linesFrom(ScriptedGroup group, int replica) {
    return group.transcript.stream().filter(line -> line.startsWith("r" + replica + " -> ")).toList();
  }

  @Test
  void pbftAddsAReplicaThatSyncsBeforeItVotes() {
    ScriptedGroup group = new ScriptedGroup(BftConfig.defaults(Protocol.PBFT, 4), 1);
    group.join(4);
    group.request(0, group.addRequest(4, REGULATOR));
    group.deliverAll();
    long firstView = BftConfig.firstView(1);
    for (int i = 0; i < 4; i++) {
      assertThat(group.replicas[i].executed()).as("r%d filled the epoch to its last checkpoint", i).isEqualTo(16);
      assertThat(group.replicas[i].nodes()).as("r%d runs the new configuration", i).isEqualTo(5);
      assertThat(group.replicas[i].view()).isEqualTo(firstView);
    }
    BftReplica joiner = group.replicas[4];
    assertThat(joiner.isMember()).isTrue();
    assertThat(joiner.executed()).as("installed the checkpointed state").isEqualTo(16);
    assertThat(group.decisions.get(4)).as("it executed nothing of the old epoch").isEmpty();
    assertThat(linesFrom(group, 4)).as("before it voted it only asked for the state")
        .allSatisfy(line -> assertThat(line).contains("FetchState"));
    assertThat(group.transcript).as("the members sent it their stable checkpoint")
        .anySatisfy(line -> assertThat(line).contains("-> r4 Certificate CHECKPOINT"));

    Request after = new Request(7, 1, new byte[] {42});
    group.request(0, after);
    group.deliverAll();
    System.out.println("PBFT add, then a request in the new configuration:\n"
        + String.join("\n", group.transcript.stream().filter(l -> l.contains("r4") || l.contains("c7")).toList()));
    assertThat(group.transcript).contains("r0 -> r4 PrePrepare r0 v" + firstView + " s17 d="
        + BftMessage.shortHex(BftCodec.batchDigest(List.of(after))) + " [1 req]");
    assertThat(linesFrom(group, 4)).anySatisfy(line -> assertThat(line).contains("Prepare r4"))
        .anySatisfy(line -> assertThat(line).contains("Commit r4"));
    for (int i = 0; i < 5; i++) {
      assertThat(group.decisions.get(i)).as("r%d decided the request at 17", i)
          .anySatisfy(d -> assertThat(d.seq()).isEqualTo(17));
    }
  }

  @Test
  void sbftRenumbersPrimaryAndCollectorsAndUsesTheNewQuorum() {
    ScriptedGroup group = new ScriptedGroup(BftConfig.defaults(Protocol.SBFT, 4), 1);
    group.join(4);
    group.request(0, group.addRequest(4, REGULATOR));
    group.deliverAll();
    long firstView = BftConfig.firstView(1);
    BftConfig config = group.config;
    assertThat(config.nodes(firstView)).isEqualTo(5);
    assertThat(config.quorum(firstView)).as("ceil((n+f+1)/2) at n=5").isEqualTo(4);
    int collector = config.collector(firstView, 17);
    assertThat(collector).as("collectors rotate over the 4 backups of 5").isEqualTo((0 + 1 + 17 % 4) % 5);
    group.request(0, new Request(7, 1, new byte[] {42}));
    group.deliverAll();
    assertThat(group.transcript).filteredOn(line -> line.contains("Certificate FAST") && line.contains(" s17 "))
        .hasSize(4).allSatisfy(line -> assertThat(line).startsWith("r" + collector + " -> ").contains("(5 votes)"));
    for (int i = 0; i < 5; i++) {
      assertThat(group.decisions.get(i)).anySatisfy(d -> assertThat(d.seq()).isEqualTo(17));
    }
  }

  @Test
  void aJoinerThatCrashedCatchesUpByAskingForTheStableCheckpoint() {
    ScriptedGroup group = new ScriptedGroup(BftConfig.defaults(Protocol.PBFT, 4), 1);
    group.request(0, group.addRequest(4, REGULATOR));
    group.deliverAll();
    assertThat(group.replicas[0].nodes()).isEqualTo(5);
    group.join(4);
    assertThat(group.replicas[4].isMember()).isFalse();
    group.tick(group.config.viewChangeTicks());
    System.out.println("A late joiner:\n" + String.join("\n",
        group.transcript.stream().filter(l -> l.contains("r4")).toList()));
    assertThat(group.transcript).anySatisfy(line -> assertThat(line).startsWith("r4 -> r0 FetchState"));
    assertThat(group.replicas[4].isMember()).isTrue();
    assertThat(group.replicas[4].executed()).isEqualTo(16);
  }

  @Test
  void anAddWithoutTheAdmissionSignatureChangesNothing() {
    ScriptedGroup group = new ScriptedGroup(BftConfig.defaults(Protocol.PBFT, 4), 1);
    AddReplica forged = new AddReplica(4, group.keys.identity(4), "10.0.0.4", 7004, new byte[64]);
    group.request(0, new Request(REGULATOR, 1, forged.encode()));
    AddReplica wrongNumber = new AddReplica(5, group.keys.identity(4), "10.0.0.4", 7004, new byte[0])
        .signed(group.keys.admission());
    group.request(0, new Request(REGULATOR, 2, wrongNumber.encode()));
    group.deliverAll();
    for (int i = 0; i < 4; i++) {
      assertThat(group.replicas[i].executed()).as("both ran as plain requests, no epoch to fill").isEqualTo(2);
      assertThat(group.replicas[i].nodes()).isEqualTo(4);
      assertThat(group.replicas[i].view()).isZero();
    }
  }
}
