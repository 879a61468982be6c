package io.cairn.kraft.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link KraftConfig#leaderMatchAtPersist} (session 17, thesis §10.2.1): a leader that syncs its
 * log beside the protocol counts its own copy of an entry only once the driver reports it durable
 * ({@link RawKraft#persisted}); commit still needs a quorum of durable copies, which the followers'
 * alone may make.
 */
class LeaderMatchAtPersistTest {
  private static ScriptedCluster cluster() {
    ScriptedCluster c = new ScriptedCluster(3, b -> b.leaderMatchAtPersist(true));
    c.elect("n1"); // its empty entry commits on the two followers' acknowledgements
    c.stabilize();
    return c;
  }

  @Test
  void theLeadersCopyCountsOnlyOnceReportedDurable() {
    ScriptedCluster c = cluster();
    c.cut("n1", "n3");
    c.propose("n1", "a");
    c.stabilize();
    Status leader = c.status("n1");
    assertThat(leader.match().get(c.id("n2"))).as("n2 holds the entry").isEqualTo(leader.lastIndex());
    assertThat(leader.commit()).as("the leader's unsynced copy and n2's are not yet a quorum of durable copies")
        .isLessThan(leader.lastIndex());
    assertThat(c.appliedData("n1")).isEmpty();

    c.node("n1").persisted(leader.lastIndex(), leader.term());
    c.stabilize();
    assertThat(c.status("n1").commit()).isEqualTo(leader.lastIndex());
    assertThat(c.appliedData("n1")).isEqualTo(List.of("a"));
    c.run(10); // the next heartbeat carries the commit index
    assertThat(c.appliedData("n2")).isEqualTo(List.of("a"));
  }

  @Test
  void theFollowersDurableCopiesCommitWithoutTheLeaders() {
    ScriptedCluster c = cluster();
    c.propose("n1", "a");
    c.propose("n1", "b");
    c.stabilize();
    assertThat(c.status("n1").commit()).isEqualTo(c.status("n1").lastIndex());
    assertThat(c.appliedData("n1")).isEqualTo(List.of("a", "b"));
  }

  @Test
  void aReportOfAnotherTermOrOfAFollowerIsIgnored() {
    ScriptedCluster c = cluster();
    c.cut("n1", "n3");
    c.propose("n1", "a");
    c.stabilize();
    Status leader = c.status("n1");
    c.node("n1").persisted(leader.lastIndex(), leader.term() + 1);
    c.node("n1").persisted(leader.lastIndex(), leader.term() - 1);
    c.node("n2").persisted(leader.lastIndex(), leader.term());
    c.stabilize();
    assertThat(c.status("n1").commit()).isLessThan(leader.lastIndex());
    c.node("n1").persisted(leader.lastIndex(), leader.term());
    c.stabilize();
    assertThat(c.status("n1").commit()).isEqualTo(leader.lastIndex());
  }

  @Test
  void withoutTheSettingTheLeaderCountsItselfAtAppend() {
    ScriptedCluster c = new ScriptedCluster(3);
    c.elect("n1");
    c.stabilize();
    c.cut("n1", "n3");
    c.propose("n1", "a");
    c.stabilize();
    assertThat(c.status("n1").commit()).isEqualTo(c.status("n1").lastIndex());
  }
}
