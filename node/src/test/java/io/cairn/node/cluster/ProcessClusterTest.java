package io.cairn.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.lincheck.LinearizabilityChecker;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.cli.CliRun;
import io.cairn.node.client.NodeClient;
import io.cairn.node.process.ProcessControl;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-node cluster of real node processes on loopback, driven through the {@code cairn cluster}
 * commands as a script would: anchor through one node, read back through another, a verification
 * request through a third (every member's verdict), kill -9 of the
 * leader and of a follower under a steady client load of anchors and anchor-status reads through
 * random nodes, restarts; every acknowledged anchor is on every node's chain, the chains are
 * identical, and the client history (anchors and reads) is linearizable. The default suite's one multi-process test.
 */
class ProcessClusterTest {
  private static final Pattern NODE_LINE = Pattern.compile("node (\\d+) (http://127\\.0\\.0\\.1:\\d+)");

  @TempDir Path directory;

  @Test
  void clusterKeepsEveryAcknowledgedAnchorThroughKillsOfLeaderAndFollower() throws Exception {
    long seed = System.nanoTime();
    System.out.println("ProcessClusterTest seed " + seed);
    System.setProperty("cairn.node.javaOpts", ClusterHarness.NODE_JAVA_OPTS);
    String dir = directory.resolve("cluster").toString();
    CliRun up = CliRun.of("cluster", "up", "--nodes", "3", "--mode", "kraft", "--dir", dir, "--detach",
        "--timeout-s", "240");
    try (ClusterHarness harness = ClusterHarness.open(Path.of(dir))) {
      assertThat(up.exit()).as(up.err()).isEqualTo(ExitCodes.OK);
      List<String> lines = up.out().strip().lines().toList();
      assertThat(lines).hasSize(3);
      for (int i = 0; i < 3; i++) {
        Matcher line = NODE_LINE.matcher(lines.get(i));
        assertThat(line.matches()).as(lines.get(i)).isTrue();
        assertThat(line.group(1)).isEqualTo(Integer.toString(i + 1));
        assertThat(line.group(2)).isEqualTo(harness.cluster.url(i + 1));
      }
      int leader = statusLeader(dir);

      byte[] raw = "anchored through node 1, read through node 2".getBytes(StandardCharsets.UTF_8);
      String key = harness.client(1).anchor(raw).getString("key");
      // The anchor is acknowledged once node 1 applied its block; the others apply it moments later.
      assertThat(eventually(() -> harness.client(2).readRecord(key)))
          .hasValueSatisfying(read -> assertThat(read).isEqualTo(raw));
      assertThat(eventually(() -> Optional.of(harness.client(3).verdict(key).getString("verdict"))
          .filter("VERIFIED"::equals))).contains("VERIFIED");
      CliRun consensus = CliRun.of("verify", "--node", harness.cluster.url(2), "--consensus", key);
      assertThat(consensus.exit()).as(consensus.out() + consensus.err()).isEqualTo(ExitCodes.OK);
      assertThat(consensus.out()).contains(key + "  AGREED  3 of 3 participants passed");

      Set<String> acknowledged = new HashSet<>(Set.of(key));
      long failures;
      LinearizabilityChecker.Result linearizable;
      long reads;
      int operations;
      try (AnchorLoad load = new AnchorLoad(harness, 2, seed)) {
        ProcessControl.sleep(Duration.ofSeconds(2));
        assertThat(CliRun.of("cluster", "kill", "--dir", dir, "--id", Integer.toString(leader)).exit()).isZero();
        ProcessControl.sleep(Duration.ofSeconds(3));
        CliRun restarted = CliRun.of("cluster", "start", "--dir", dir, "--id", Integer.toString(leader));
        assertThat(restarted.exit()).as(restarted.err()).isZero();
        int follower = leader % 3 + 1;
        assertThat(CliRun.of("cluster", "kill", "--dir", dir, "--id", Integer.toString(follower)).exit()).isZero();
        ProcessControl.sleep(Duration.ofSeconds(2));
        assertThat(CliRun.of("cluster", "start", "--dir", dir, "--id", Integer.toString(follower)).exit()).isZero();
        ProcessControl.sleep(Duration.ofSeconds(2));
        acknowledged.addAll(load.acknowledged());
        failures = load.failures();
        reads = load.reads();
        operations = load.history().size();
        linearizable = load.check();
      }
      acknowledged.addAll(Set.of(key));
      System.out.println("acknowledged " + acknowledged.size() + " anchors, " + failures + " with unknown outcome, "
          + reads + " reads; history of " + operations + " operations linearizable: " + linearizable.linearizable());
      assertThat(linearizable.linearizable()).as("the client history is not linearizable at key %d: %s",
          linearizable.key(), linearizable.keyHistory()).isTrue();
      assertThat(reads).isPositive();
      assertThat(acknowledged.size()).isGreaterThan(1);
      harness.assertAcknowledgedAnchorsSurvive(acknowledged, Duration.ofSeconds(120));
      NodeClient other = harness.client(leader % 3 + 1);
      assertThat(other.verdict(key).getString("verdict")).isEqualTo("VERIFIED");

      CliRun down = CliRun.of("cluster", "down", "--dir", dir);
      assertThat(down.exit()).isZero();
      assertThat(down.out()).contains("stopped 3 node(s)");
      for (int id : harness.cluster.ids()) {
        assertThat(harness.cluster.pidFile(id).live()).isEmpty();
        assertThat(Files.exists(harness.cluster.pidFile(id).path())).isFalse();
      }
    }
  }

  /** Runs {@code cluster status --json} and checks the script contract; the leader's id. */
  private int statusLeader(String dir) throws Exception {
    Path json = directory.resolve("status.json");
    CliRun status = CliRun.of("cluster", "status", "--dir", dir, "--json", json.toString());
    assertThat(status.exit()).isZero();
    JsonObject report = Json.createReader(new StringReader(Files.readString(json))).readObject();
    assertThat(report.keySet()).containsExactly("leader", "nodes");
    assertThat(report.getJsonArray("nodes")).hasSize(3);
    for (JsonValue node : report.getJsonArray("nodes")) {
      assertThat(node.asJsonObject().keySet()).containsExactly("id", "number", "url", "role", "term", "commit_index", "alive");
      assertThat(node.asJsonObject().getBoolean("alive")).isTrue();
    }
    return report.getInt("leader");
  }

  /**
   * Polls {@code probe} until it returns a value or 30 s pass, and returns the last answer; a probe
   * that throws (a node answering an error while it catches up) counts as no value until the end.
   */
  private static <T> Optional<T> eventually(java.util.function.Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        Optional<T> answer = probe.get();
        if (answer.isPresent() || System.nanoTime() > deadline) {
          return answer;
        }
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      ProcessControl.sleep(Duration.ofMillis(100));
    }
  }
}
