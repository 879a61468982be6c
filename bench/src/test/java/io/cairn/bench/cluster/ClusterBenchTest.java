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

  private static jakarta.json.JsonObject parsed(Json.Obj report) {
    return jakarta.json.Json.createReader(new java.io.StringReader(report.toString())).readObject();
  }

  @Test
  void oneRepeatWritesTheRunsAsBefore() {
    Json.Obj kraft3 = row("cairn", "kraft", 3, 30_000.0).put("state_machine", null).put("encoding", "binary");
    Json.Obj ratis3 = row("ratis", null, 3, 20_000.0).put("state_machine", "count").put("encoding", null);
    StringWriter out = new StringWriter();

    jakarta.json.JsonObject report = parsed(ClusterBench.report(new PrintWriter(out), List.of(kraft3, ratis3), 1));

    assertThat(report.keySet()).containsExactly("runs");
    assertThat(report.getJsonArray("runs")).hasSize(2);
    jakarta.json.JsonObject cairn = report.getJsonArray("runs").getJsonObject(0);
    assertThat(cairn.keySet()).containsExactly("system", "mode", "nodes", "committed_per_s", "state_machine",
        "encoding", "vs_ratis", "vs_ratis_ledger");
    assertThat(cairn.getJsonNumber("vs_ratis").doubleValue()).isEqualTo(1.5);
    assertThat(out.toString()).contains("cairn kraft at 3 nodes: 1.50x Ratis's records/s (counting machine)")
        .doesNotContain("median");
  }

  @Test
  void repeatsWriteOneRowOfMediansPerConfigurationAndEveryRun() {
    List<Json.Obj> runs = new java.util.ArrayList<>();
    double[][] pairs = {{60_000, 50_000}, {30_000, 20_000}, {40_000, 80_000}}; // cairn, ratis per repeat
    int sequence = 0;
    for (int repeat = 1; repeat <= 3; repeat++) {
      Json.Obj cairn = row("cairn", "kraft", 3, pairs[repeat - 1][0]).put("state_machine", null)
          .put("encoding", "binary").put("placement", "process").put("commit_ms_p50", 10.0 * repeat)
          .put("commit_ms_p99", 100.0).put("cpu_us_per_record", 30.0).put("other_cores", 0.25)
          .put("repeat", repeat);
      Json.Obj ratis = row("ratis", null, 3, pairs[repeat - 1][1]).put("state_machine", "count").put("encoding", null)
          .put("placement", "jvm").put("commit_ms_p50", 5.0).put("commit_ms_p99", 50.0)
          .put("cpu_us_per_record", 20.0).put("other_cores", 0.5).put("repeat", repeat);
      for (Json.Obj run : repeat % 2 == 1 ? List.of(cairn, ratis) : List.of(ratis, cairn)) {
        runs.add(run.put("sequence", ++sequence));
      }
    }
    StringWriter out = new StringWriter();

    jakarta.json.JsonObject report = parsed(ClusterBench.report(new PrintWriter(out), runs, 3));

    assertThat(report.keySet()).containsExactly("runs", "repeats", "repeat_runs");
    assertThat(report.getInt("repeats")).isEqualTo(3);
    assertThat(report.getJsonArray("runs")).hasSize(2); // one row per (system, mode, nodes)
    jakarta.json.JsonObject cairn = report.getJsonArray("runs").getJsonObject(0);
    assertThat(cairn.getString("system")).isEqualTo("cairn");
    assertThat(cairn.getJsonNumber("committed_per_s").doubleValue()).isEqualTo(40_000.0);
    assertThat(cairn.getJsonNumber("commit_ms_p50").doubleValue()).isEqualTo(20.0);
    assertThat(cairn.getJsonNumber("vs_ratis").doubleValue()).isEqualTo(1.2); // median of 1.2, 1.5, 0.5
    assertThat(cairn.getJsonNumber("vs_ratis_min").doubleValue()).isEqualTo(0.5);
    assertThat(cairn.getJsonNumber("vs_ratis_max").doubleValue()).isEqualTo(1.5);
    assertThat(cairn.getJsonNumber("committed_per_s_min").doubleValue()).isEqualTo(30_000.0);
    assertThat(cairn.getInt("repeats")).isEqualTo(3);
    assertThat(cairn).doesNotContainKeys("repeat", "sequence");
    jakarta.json.JsonObject ratis = report.getJsonArray("runs").getJsonObject(1);
    assertThat(ratis.getJsonNumber("committed_per_s").doubleValue()).isEqualTo(50_000.0);
    jakarta.json.JsonArray each = report.getJsonArray("repeat_runs");
    assertThat(each).hasSize(6);
    assertThat(each.getJsonObject(2).getString("system")).isEqualTo("ratis"); // A B B A
    assertThat(each.getJsonObject(3).getJsonNumber("vs_ratis").doubleValue()).isEqualTo(1.5);
    assertThat(each.getJsonObject(3).getInt("sequence")).isEqualTo(4);
    assertThat(out.toString()).contains("medians of 3 repeats",
        "cairn kraft at 3 nodes: median of 3 pairs 1.20x Ratis's records/s (counting machine), range 0.50-1.50,"
            + " pairs [1.2 / 1.5 / 0.5]");
  }

  @Test
  void aRowReadBackFromAnotherJvmKeepsTheTypesItsReadersCast() {
    Json.Obj written = row("ratis", null, 5, 26_665.0).put("failed", 0L).put("commit_ms_p99", 100.0)
        .put("cpu_us_per_record_leader_threads", null).put("state_machine", "count")
        .put("nested", Json.object().put("driver", 2.5).put("count", 3_000_000_000L));

    Json.Obj row = ClusterBench.rowOf(parsed(written));

    assertThat(row.get("nodes")).isEqualTo(5); // an Integer, as report and compareWithRatis cast it
    assertThat(row.get("committed_per_s")).isEqualTo(26_665.0);
    assertThat(row.get("commit_ms_p99")).isEqualTo(100.0); // a whole double stays a Double
    assertThat(row.get("failed")).isEqualTo(0);
    assertThat(row.get("mode")).isNull();
    assertThat(row.get("state_machine")).isEqualTo("count");
    assertThat(((Json.Obj) row.get("nested")).get("count")).isEqualTo(3_000_000_000L);
    assertThat(row.toString()).isEqualTo(written.toString());
  }

  @Test
  void aRunsDatabaseBytesArePerRecordForTheLeaderAndTheMeanFollower() {
    jakarta.json.JsonObject metrics = jakarta.json.Json.createReader(new java.io.StringReader(
        "{\"databases\": [{\"name\": \"log\", \"user_bytes_written\": 1000, \"flush_bytes_written\": 400,"
            + " \"compaction_bytes_read\": 300, \"compaction_bytes_written\": 100}]}")).readObject();
    java.util.Map<String, long[]> counters = CairnCluster.countersOf(metrics);
    assertThat(counters.get("log")).containsExactly(1000, 400, 300, 100);
    java.util.Map<String, long[]> before = java.util.Map.of("log", new long[] {200, 0, 100, 0});
    java.util.Map<String, long[]> followersAfter = java.util.Map.of("log", new long[] {3000, 800, 0, 0},
        "ledger", new long[] {6000, 2000, 1000, 500});
    CairnCluster.DatabaseBytes written = new CairnCluster.DatabaseBytes(counters, followersAfter)
        .minus(new CairnCluster.DatabaseBytes(before, java.util.Map.of()));
    Json.Obj run = Json.object();

    ClusterBench.putBytesByDatabase(run, written, 2, 10);

    Json.Obj leader = (Json.Obj) run.get("bytes_per_record_leader_databases");
    Json.Obj leaderLog = (Json.Obj) leader.get("log");
    assertThat(leaderLog.get("user_written")).isEqualTo(80.0);
    assertThat(leaderLog.get("flush_written")).isEqualTo(40.0);
    assertThat(leaderLog.get("compaction_read")).isEqualTo(20.0);
    assertThat(leaderLog.get("compaction_written")).isEqualTo(10.0);
    Json.Obj followerLedger = (Json.Obj) ((Json.Obj) run.get("bytes_per_record_follower_databases")).get("ledger");
    assertThat(followerLedger.get("user_written")).isEqualTo(300.0); // two followers' sum over 10 records
    assertThat(followerLedger.get("compaction_written")).isEqualTo(25.0);
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
