package io.cairn.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterBenchTest {
  private static Json.Obj row(String system, String mode, int nodes, double perSecond) {
    return Json.object().put("system", system).put("mode", mode).put("nodes", nodes).put("committed_per_s", perSecond);
  }

  @Test
  void eachCairnRowIsComparedWithRatisAtItsOwnSizeOnly() {
    Json.Obj kraft3 = row("cairn", "kraft", 3, 5_000.0);
    Json.Obj raft3 = row("cairn", "raft", 3, 30_000.0);
    Json.Obj ratis3 = row("ratis", null, 3, 20_000.0).put("state_machine", "count");
    Json.Obj ratisLedger3 = row("ratis", null, 3, 10_000.0).put("state_machine", "ledger");
    Json.Obj kraft5 = row("cairn", "kraft", 5, 4_000.0);
    StringWriter out = new StringWriter();

    ClusterBench.compareWithRatis(new PrintWriter(out), List.of(kraft3, raft3, ratisLedger3, ratis3, kraft5));

    assertThat(kraft3.get("vs_ratis")).isEqualTo(0.25);
    assertThat(raft3.get("vs_ratis")).isEqualTo(1.5);
    assertThat(kraft3.get("vs_ratis_ledger")).isEqualTo(0.5); // against the ledger row, never mixed up
    assertThat(raft3.get("vs_ratis_ledger")).isEqualTo(3.0);
    assertThat(kraft5.get("vs_ratis")).isNull(); // no Ratis row at 5 nodes in this run
    assertThat(kraft5.get("vs_ratis_ledger")).isNull();
    assertThat(ratis3.get("vs_ratis")).isNull();
    assertThat(out.toString()).contains("cairn kraft at 3 nodes: 0.25x Ratis's records/s (counting machine)",
        "cairn raft at 3 nodes: 1.50x", "cairn kraft at 3 nodes: 0.50x Ratis's records/s (applying the ledger)")
        .doesNotContain("at 5 nodes");
  }

  @Test
  void aRunsCpuIsSplitIntoClientsLeaderAndTheMeanFollower() {
    CairnCluster.Cpu before = new CairnCluster.Cpu(1_000, 2_000, new long[] {3_000, 4_000});
    CairnCluster.Cpu after = new CairnCluster.Cpu(1_500, 9_000, new long[] {5_000, 10_000});

    CairnCluster.Cpu used = after.minus(before);

    assertThat(used.client()).isEqualTo(500);
    assertThat(used.leader()).isEqualTo(7_000);
    assertThat(used.followers()).containsExactly(2_000, 6_000);
    assertThat(used.followerMean()).isEqualTo(4_000.0);
    assertThat(used.total()).isEqualTo(500 + 7_000 + 8_000);
    assertThat(before.followers()).containsExactly(3_000, 4_000); // minus leaves its operands alone
    assertThat(new CairnCluster.Cpu(5, 0, new long[0]).followerMean()).isZero();
  }

  @Test
  void theLeadersAllocationIsDividedByTheRecordsOfTheWindow() {
    jakarta.json.JsonObject before = status(1_000_000);
    jakarta.json.JsonObject after = status(4_000_000);

    assertThat(ClusterBench.allocatedPerRecord(before, after, 1_500)).isEqualTo(2_000.0);
    assertThat(ClusterBench.allocatedPerRecord(before, after, 0)).isNull(); // nothing committed
    assertThat(ClusterBench.allocatedPerRecord(status(-1), status(-1), 10)).isNull(); // the JVM cannot say
    assertThat(ClusterBench.allocatedPerRecord(after, before, 10)).isNull(); // a restarted leader counts from 0
    jakarta.json.JsonObject older = jakarta.json.Json.createObjectBuilder().add("role", "leader").build();
    assertThat(ClusterBench.allocatedPerRecord(older, older, 10)).isNull(); // a node without the field
  }

  private static jakarta.json.JsonObject status(long allocated) {
    return jakarta.json.Json.createObjectBuilder().add("role", "leader").add("allocated_bytes", allocated).build();
  }
}
