package io.cairn.kraft.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void threeNodesElectAndCommit() {
    ScriptedCluster cluster = new ScriptedCluster(3);
    cluster.campaign("n1");
    cluster.stabilize();
    assertThat(cluster.leader()).isEqualTo("n1");
    cluster.propose("n1", "a");
    cluster.stabilize();
    cluster.tickAll(2);
    cluster.stabilize();
    for (String n : new String[] {"n1", "n2", "n3"}) {
      assertThat(cluster.appliedData(n)).as(n).containsExactly("a");
    }
  }

  @Test
  void kraftSevenNodes() {
    ScriptedCluster cluster = new ScriptedCluster(7, b -> b.mode(Mode.KRAFT).rankStaggerTicks(2).relayTimeoutTicks(3));
    for (int i = 0; i < 60 && cluster.leader() == null; i++) {
      cluster.tickAll(1);
      cluster.stabilize();
    }
    String leader = cluster.leader();
    assertThat(leader).isNotNull();
    cluster.propose(leader, "x");
    cluster.stabilize();
    cluster.tickAll(2);
    cluster.stabilize();
    for (int i = 1; i <= 7; i++) {
      assertThat(cluster.appliedData("n" + i)).as("n" + i).containsExactly("x");
    }
  }
}
