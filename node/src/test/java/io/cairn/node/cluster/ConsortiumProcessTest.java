package io.cairn.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ExitCodes;
import io.cairn.node.cli.CliRun;
import io.cairn.node.client.NodeClient;
import io.cairn.node.consortium.ConsortiumFiles;
import io.cairn.node.process.ProcessControl;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consortium chain as users run it: {@code cluster up --consortium} starts 4 HQ node processes
 * (1 s period), the regulator admits two enterprises, they upload through the CLI (X25519 session,
 * AES-GCM), a period's block commits with the same head on every HQ node, the history's proofs and
 * the block index table check out against the HQ keys of the folder; a replayed envelope and an
 * impersonation are refused with their reasons; kill -9 of a backup HQ, a commit without it, its
 * restart: it catches up by state transfer and the next block commits on all four. Every process
 * is killed by pid when the test ends ({@link ClusterHarness#close}).
 */
class ConsortiumProcessTest {
  /** Generous: on the shared 2-core machine (load 30) an HQ JVM took 38 s to start. */
  private static final Duration COMMIT_WAIT = Duration.ofSeconds(120);

  @TempDir Path directory;

  @Test
  void uploadsCommitOnEveryHqAndARestartedHqCatchesUp() throws Exception {
    System.setProperty("cairn.node.javaOpts", ClusterHarness.NODE_JAVA_OPTS);
    String dir = directory.resolve("consortium").toString();
    CliRun up = CliRun.of("cluster", "up", "--consortium", "--hq", "4", "--period-s", "1", "--dir", dir, "--detach",
        "--timeout-s", "180");
    try (ClusterHarness harness = ClusterHarness.open(Path.of(dir))) {
      assertThat(up.exit()).as(up.err()).isEqualTo(ExitCodes.OK);
      String a = keygen("a.key");
      String b = keygen("b.key");
      assertOk(CliRun.of("consortium", "admit", "--dir", dir, "--enterprise", a, "--organization", "acme",
          "--home-hq", "1", "--wait-s", "120"));
      assertOk(CliRun.of("consortium", "admit", "--dir", dir, "--hq", "3", "--enterprise", b, "--organization",
          "bolt", "--home-hq", "2", "--wait-s", "120"));
      assertOk(upload(dir, 1, "a.key", "a-1", "--sequence", "1"));
      assertOk(upload(dir, 1, "a.key", "a-2", "--sequence", "2"));
      Path saved = directory.resolve("b-1.bin");
      assertOk(upload(dir, 2, "b.key", "b-1", "--sequence", "1", "--save", saved.toString()));

      CliRun replay = CliRun.of("consortium", "upload", "--dir", dir, "--hq", "2", "--resend", saved.toString());
      assertThat(replay.exit()).isEqualTo(ExitCodes.FAILED);
      assertThat(replay.out()).startsWith("REPLAY");
      CliRun impersonation = upload(dir, 2, "a.key", "a-as-b", "--sequence", "3", "--sender", b);
      assertThat(impersonation.exit()).isEqualTo(ExitCodes.FAILED);
      assertThat(impersonation.out()).startsWith("IMPERSONATION");

      awaitSameHead(harness, Set.of(0, 1, 2, 3), info -> info.getJsonNumber("records").longValue() >= 3);
      CliRun history = CliRun.of("consortium", "history", "--dir", dir, "--hq", "3", "--enterprise", a);
      assertOk(history);
      assertThat(history.out()).contains("2 records, every proof checks");
      assertOk(CliRun.of("consortium", "blocks", "--dir", dir, "--hq", "0"));

      int victim = 3; // member 3 is HQ 2, a backup of the Byzantine core's view 0
      assertOk(CliRun.of("cluster", "kill", "--dir", dir, "--id", Integer.toString(victim)));
      long before = height(harness, 0);
      assertOk(upload(dir, 1, "a.key", "a-3", "--sequence", "4"));
      awaitSameHead(harness, Set.of(0, 1, 3), info -> info.getJsonNumber("height").longValue() > before);
      assertOk(CliRun.of("cluster", "start", "--dir", dir, "--id", Integer.toString(victim), "--timeout-s", "180"));
      long missed = height(harness, 0);
      assertOk(upload(dir, 1, "a.key", "a-4", "--sequence", "5"));
      awaitSameHead(harness, Set.of(0, 1, 2, 3), info -> info.getJsonNumber("height").longValue() > missed);

      CliRun restarted = CliRun.of("consortium", "history", "--dir", dir, "--hq", "2", "--enterprise", a);
      assertOk(restarted);
      assertThat(restarted.out()).contains("4 records, every proof checks");
      assertOk(CliRun.of("consortium", "blocks", "--dir", dir, "--hq", "2"));
      assertOk(CliRun.of("cluster", "down", "--dir", dir));
    }
  }

  private String keygen(String name) throws Exception {
    Path file = directory.resolve(name);
    CliRun run = CliRun.of("consortium", "keygen", "--out", file.toString());
    assertOk(run);
    assertThat(Files.isRegularFile(file)).isTrue();
    return run.out().strip();
  }

  private CliRun upload(String dir, int hq, String key, String state, String... more) {
    String[] base = {"consortium", "upload", "--dir", dir, "--hq", Integer.toString(hq), "--key",
        directory.resolve(key).toString(), "--state", state};
    String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return CliRun.of(args);
  }

  private static void assertOk(CliRun run) {
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
  }

  private static JsonObject info(ClusterHarness harness, int hq) {
    String url = ConsortiumFiles.url(harness.cluster.dir(), hq);
    return new NodeClient(url, null, Duration.ofSeconds(5)).getJson("consortium");
  }

  private static long height(ClusterHarness harness, int hq) {
    return info(harness, hq).getJsonNumber("height").longValue();
  }

  /** Waits until the HQ nodes {@code hqs} hold one head (same height and hash) that {@code done} accepts. */
  private static void awaitSameHead(ClusterHarness harness, Set<Integer> hqs, Predicate<JsonObject> done) {
    long deadline = System.nanoTime() + COMMIT_WAIT.toNanos();
    String seen = "";
    while (System.nanoTime() < deadline) {
      Set<String> heads = new HashSet<>();
      boolean all = true;
      StringBuilder state = new StringBuilder();
      for (int hq : hqs) {
        JsonObject info = info(harness, hq);
        heads.add(info.getJsonNumber("height") + "/" + info.getString("head_hash"));
        all &= done.test(info);
        state.append(" hq").append(hq).append(" h").append(info.getJsonNumber("height"));
      }
      if (all && heads.size() == 1) {
        return;
      }
      seen = state.toString();
      ProcessControl.sleep(Duration.ofMillis(200));
    }
    StringBuilder events = new StringBuilder();
    for (int hq : hqs) {
      String url = ConsortiumFiles.url(harness.cluster.dir(), hq);
      events.append("\nhq").append(hq).append(": ")
          .append(new NodeClient(url, null, Duration.ofSeconds(5)).getJson("consortium/events"));
    }
    throw new AssertionError("the HQ nodes " + hqs + " did not reach one head within " + COMMIT_WAIT + ":" + seen
        + events);
  }
}
