package io.cairn.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ExitCodes;
import io.cairn.node.cli.CliRun;
import io.cairn.node.process.ProcessControl;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seed 002 over the network ({@code docs/bft.md} §11): four real node processes running PBFT or
 * SBFT ({@code cluster up --consensus}) under a light anchor load through every node, then {@code
 * cluster add-node}: the node change and the add-replica transaction are ordered, the fifth process
 * synchronizes the checkpointed state and the blocks before it votes, and every member switches to
 * the five-replica epoch. Checked: the command succeeds and prints the new node, {@code cluster
 * status --json} lists it by number as a member, anchors through the new node commit, every
 * acknowledged anchor is on all five identical chains. A second add is refused with a clear
 * message. Slow-tagged (about a minute and a half per protocol); run with {@code -Dslow}. Every
 * process is stopped, then killed by pid, when the test ends or fails ({@link ClusterHarness#close}).
 */
@Tag("slow")
class BftAddNodeProcessTest {
  @TempDir Path directory;

  @ParameterizedTest
  @ValueSource(strings = {"sbft", "pbft"})
  void aNodeAddedUnderLoadSynchronizesVotesAndHoldsTheSameChain(String protocol) throws Exception {
    long seed = System.nanoTime();
    System.out.println("BftAddNodeProcessTest " + protocol + " seed " + seed);
    System.setProperty("cairn.node.javaOpts", ClusterHarness.NODE_JAVA_OPTS);
    String dir = directory.resolve("cluster").toString();
    CliRun up = CliRun.of("cluster", "up", "--nodes", "4", "--consensus", protocol, "--dir", dir, "--detach",
        "--timeout-s", "240");
    try (ClusterHarness harness = ClusterHarness.open(Path.of(dir))) {
      assertThat(up.exit()).as(up.err()).isEqualTo(ExitCodes.OK);
      Set<String> acknowledged = new HashSet<>();
      try (AnchorLoad load = new AnchorLoad(harness, 1, seed)) {
        ProcessControl.sleep(Duration.ofSeconds(2));
        CliRun add = CliRun.of("cluster", "add-node", "--dir", dir, "--timeout-s", "180");
        assertThat(add.exit()).as(add.err()).isEqualTo(ExitCodes.OK);
        assertThat(add.out()).startsWith("node 5 http://127.0.0.1:");
        ProcessControl.sleep(Duration.ofSeconds(3));
        acknowledged.addAll(load.acknowledged());
        System.out.println(protocol + ": acknowledged " + acknowledged.size() + " anchors, " + load.failures()
            + " with unknown outcome");
      }
      assertThat(acknowledged).isNotEmpty();
      JsonObject added = member(dir, 5);
      assertThat(added.getInt("number")).isEqualTo(5);
      assertThat(added.getString("role")).isIn("primary", "backup");
      assertThat(added.getJsonNumber("term").longValue()).as("the view is in epoch 1").isGreaterThanOrEqualTo(1L << 32);
      for (int i = 0; i < 3; i++) {
        byte[] raw = (protocol + " through the new node " + seed + " " + i).getBytes(StandardCharsets.UTF_8);
        acknowledged.add(harness.client(5).anchor(raw).getString("key"));
      }
      assertThat(harness.cluster.ids()).isEqualTo(List.of(1, 2, 3, 4, 5));
      harness.assertAcknowledgedAnchorsSurvive(acknowledged, Duration.ofSeconds(120));
      CliRun again = CliRun.of("cluster", "add-node", "--dir", dir, "--timeout-s", "30");
      assertThat(again.exit()).isEqualTo(ExitCodes.FAILED);
      assertThat(again.err()).contains("adds one node");
      assertThat(CliRun.of("cluster", "down", "--dir", dir).exit()).isZero();
    }
  }

  /** Node {@code number}'s entry in {@code cluster status --json}. */
  private JsonObject member(String dir, int number) throws Exception {
    Path json = directory.resolve("status.json");
    CliRun status = CliRun.of("cluster", "status", "--dir", dir, "--json", json.toString());
    assertThat(status.exit()).as(status.err()).isZero();
    JsonObject report = Json.createReader(new StringReader(Files.readString(json))).readObject();
    return report.getJsonArray("nodes").getValuesAs(JsonObject.class).stream()
        .filter(node -> node.getInt("number") == number).findFirst()
        .orElseThrow(() -> new AssertionError("no node " + number + " in " + report));
  }
}
