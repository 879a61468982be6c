package io.cairn.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.kraft.lincheck.LinearizabilityChecker;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.cli.CliRun;
import io.cairn.node.process.ProcessControl;
import io.cairn.replication.api.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session 18: a 3-node cluster of real node processes on loopback whose databases keep their L0
 * and WAL on emulated pmem under {@code /dev/shm} ({@code cluster up --pmem-dir}): each node's
 * configuration names its own pmem folder, the WAL segments are there and not in the data
 * directories, and under a steady anchor load through random nodes a kill -9 of the leader and of
 * a follower, with restarts, loses no acknowledged anchor: every one is on every node's identical
 * chain and its record reads back (from its owner, whose records were in the pmem WAL when it was
 * killed). {@code cluster down} keeps the pmem folders. The {@code /dev/shm} folder is removed
 * whatever happens, after every node was stopped or killed by pid.
 *
 * <p>A {@code kill -9} keeps what the processes wrote to their mappings, so this checks the node's
 * placement and recovery from pmem, not the flushes; the power cut is {@code NodePmemCrashTest}'s
 * (replication) and the engine's crash sweeps'.
 */
class PmemProcessClusterTest {
  private static final Path SHM = Path.of("/dev/shm");

  @TempDir Path directory;

  @Test
  void aClusterOnPmemKeepsEveryAcknowledgedAnchorAndRecordThroughKillNine() throws Exception {
    assumeTrue(Files.isDirectory(SHM) && Files.isWritable(SHM), "needs /dev/shm");
    long seed = System.nanoTime();
    System.out.println("PmemProcessClusterTest seed " + seed);
    System.setProperty("cairn.node.javaOpts", ClusterHarness.NODE_JAVA_OPTS);
    Path pmem = Files.createTempDirectory(SHM, "cairn-test-pmemnode-");
    String dir = directory.resolve("cluster").toString();
    try {
      CliRun up = CliRun.of("cluster", "up", "--nodes", "3", "--mode", "kraft", "--dir", dir, "--pmem-dir",
          pmem.toString(), "--detach", "--timeout-s", "240");
      try (ClusterHarness harness = ClusterHarness.open(Path.of(dir))) {
        assertThat(up.exit()).as(up.err()).isEqualTo(ExitCodes.OK);
        for (int id : harness.cluster.ids()) {
          NodeConfig config = NodeConfig.load(harness.cluster.config(id));
          assertThat(config.pmemDir()).isEqualTo(pmem.resolve("node-" + id));
          for (String database : List.of("log", "ledger", "records")) {
            assertThat(files(config.pmemDir().resolve(database), ".log"))
                .as("node %d's %s WAL on pmem", id, database).isNotEmpty();
          }
          assertThat(files(config.dataDir(), ".log")).as("node %d: no WAL segment on disk", id).isEmpty();
        }
        int leader = harness.cluster.status(Duration.ofSeconds(10)).leader();

        Set<String> acknowledged = new HashSet<>();
        LinearizabilityChecker.Result linearizable;
        try (AnchorLoad load = new AnchorLoad(harness, 2, seed)) {
          ProcessControl.sleep(Duration.ofSeconds(3));
          assertThat(CliRun.of("cluster", "kill", "--dir", dir, "--id", Integer.toString(leader)).exit()).isZero();
          ProcessControl.sleep(Duration.ofSeconds(3));
          CliRun restarted = CliRun.of("cluster", "start", "--dir", dir, "--id", Integer.toString(leader));
          assertThat(restarted.exit()).as(restarted.err()).isZero();
          int follower = leader % 3 + 1;
          ProcessControl.sleep(Duration.ofSeconds(2));
          assertThat(CliRun.of("cluster", "kill", "--dir", dir, "--id", Integer.toString(follower)).exit()).isZero();
          ProcessControl.sleep(Duration.ofSeconds(2));
          CliRun again = CliRun.of("cluster", "start", "--dir", dir, "--id", Integer.toString(follower));
          assertThat(again.exit()).as(again.err()).isZero();
          ProcessControl.sleep(Duration.ofSeconds(2));
          acknowledged.addAll(load.acknowledged());
          linearizable = load.check();
        }
        System.out.println("acknowledged " + acknowledged.size() + " anchors on pmem nodes");
        assertThat(acknowledged).isNotEmpty();
        assertThat(linearizable.linearizable()).as("the client history at key %d: %s", linearizable.key(),
            linearizable.keyHistory()).isTrue();
        harness.assertAcknowledgedAnchorsSurvive(acknowledged, Duration.ofSeconds(120));
        // acknowledged records read back (a seeded sample of at most 300, received through every node):
        // each owner kept its records in its pmem WAL
        List<String> sample = new java.util.ArrayList<>(acknowledged);
        java.util.Collections.sort(sample);
        java.util.Collections.shuffle(sample, new java.util.Random(seed));
        for (String key : sample.subList(0, Math.min(300, sample.size()))) {
          byte[] raw = harness.client(leader % 3 + 1).readRecord(key).orElseThrow(
              () -> new AssertionError("the record of acknowledged anchor " + key + " is gone"));
          assertThat(HexFormat.of().formatHex(sha256(raw))).as("record bytes of %s", key).isEqualTo(key);
        }

        CliRun down = CliRun.of("cluster", "down", "--dir", dir);
        assertThat(down.exit()).isZero();
        assertThat(down.out()).contains("stopped 3 node(s)").contains("kept pmem " + pmem.resolve("node-1"));
        assertThat(files(pmem.resolve("node-1"), ".log")).as("cluster down keeps the pmem folders").isNotEmpty();
      }
    } finally {
      deleteTree(pmem);
    }
    assertThat(Files.exists(pmem)).isFalse();
  }

  private static List<Path> files(Path folder, String suffix) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(file -> Files.isRegularFile(file) && file.getFileName().toString().endsWith(suffix)).toList();
    }
  }

  private static byte[] sha256(byte[] raw) throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256").digest(raw);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
