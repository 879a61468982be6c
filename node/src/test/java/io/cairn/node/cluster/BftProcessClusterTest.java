package io.cairn.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ExitCodes;
import io.cairn.node.cli.CliRun;
import io.cairn.node.process.ProcessControl;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Four real node processes running PBFT or SBFT ({@code cluster up --consensus}), under a steady
 * anchor load through every node: kill -9 of a backup and its restart (it fetches the blocks it
 * missed), then kill -9 of the primary (the backups change the view) and its restart. Every
 * acknowledged anchor is on every node's chain and the chains are identical. Slow-tagged (about
 * two minutes per protocol); run with {@code -Dslow}.
 */
@Tag("slow")
class BftProcessClusterTest {
  @TempDir Path directory;

  @ParameterizedTest
  @ValueSource(strings = {"sbft", "pbft"})
  void everyAcknowledgedAnchorSurvivesKillsOfABackupAndOfThePrimary(String protocol) throws Exception {
    long seed = System.nanoTime();
    System.out.println("BftProcessClusterTest " + protocol + " seed " + seed);
    System.setProperty("cairn.node.javaOpts", ClusterHarness.NODE_JAVA_OPTS);
    String dir = directory.resolve("cluster").toString();
    CliRun up = CliRun.of("cluster", "up", "--nodes", "4", "--consensus", protocol, "--dir", dir, "--detach",
        "--timeout-s", "240");
    try (ClusterHarness harness = ClusterHarness.open(Path.of(dir))) {
      assertThat(up.exit()).as(up.err()).isEqualTo(ExitCodes.OK);
      int primary = primary(dir);
      Set<String> acknowledged = new HashSet<>();
      long failures;
      try (AnchorLoad load = new AnchorLoad(harness, 2, seed)) {
        ProcessControl.sleep(Duration.ofSeconds(3));
        int backup = primary % 4 + 1;
        assertThat(CliRun.of("cluster", "kill", "--dir", dir, "--id", Integer.toString(backup)).exit()).isZero();
        ProcessControl.sleep(Duration.ofSeconds(5));
        assertThat(CliRun.of("cluster", "start", "--dir", dir, "--id", Integer.toString(backup)).exit()).isZero();
        ProcessControl.sleep(Duration.ofSeconds(5));
        assertThat(CliRun.of("cluster", "kill", "--dir", dir, "--id", Integer.toString(primary)).exit()).isZero();
        ProcessControl.sleep(Duration.ofSeconds(15));
        assertThat(primary(dir)).isNotEqualTo(primary);
        assertThat(CliRun.of("cluster", "start", "--dir", dir, "--id", Integer.toString(primary)).exit()).isZero();
        ProcessControl.sleep(Duration.ofSeconds(5));
        acknowledged.addAll(load.acknowledged());
        failures = load.failures();
      }
      System.out.println(protocol + ": acknowledged " + acknowledged.size() + " anchors, " + failures
          + " with unknown outcome");
      assertThat(acknowledged).isNotEmpty();
      harness.assertAcknowledgedAnchorsSurvive(acknowledged, Duration.ofSeconds(120));
      assertThat(CliRun.of("cluster", "down", "--dir", dir).exit()).isZero();
    }
  }

  /** The primary's id from {@code cluster status --json} (retried while a view change is under way). */
  private int primary(String dir) throws Exception {
    Path json = directory.resolve("status.json");
    for (int attempt = 0; ; attempt++) {
      CliRun status = CliRun.of("cluster", "status", "--dir", dir, "--json", json.toString());
      JsonObject report = Json.createReader(new StringReader(Files.readString(json))).readObject();
      if (status.exit() == 0 && !report.isNull("leader")) {
        return report.getInt("leader");
      }
      assertThat(attempt).as("no primary: " + report).isLessThan(60);
      ProcessControl.sleep(Duration.ofSeconds(1));
    }
  }
}
