package io.cairn.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CairnException;
import io.cairn.node.process.AotCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench cluster --ratis-jvm process} (session 19): a server process's command line and
 * arguments (pure functions), and the lifecycle of real server processes on loopback: a 3-server
 * cluster commits and leaves no process behind, and a failed start (a JVM that exits, servers not
 * ready in time) kills every process it started, by pid, with a clear error. Bounded in time; every
 * process started here is killed by pid in a {@code finally} as well.
 */
class RatisProcessesTest {
  /** Small JVMs for the test (the bench gives each a node's options: {@code NodeLauncher.jvmOptions}). */
  private static final List<String> TEST_OPTIONS = List.of("-Xmx160m", "-XX:TieredStopAtLevel=1",
      "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");

  @TempDir Path folder;

  private static RatisProcesses.Launch launch(List<String> options, Duration startTimeout) {
    return new RatisProcesses.Launch(Path.of(System.getProperty("java.home"), "bin", "java").toString(), options,
        List.of(), System.getProperty("java.class.path"), startTimeout);
  }

  @Test
  void aServersCommandHasTheNodesOptionsItsMembersYoungFloorTheCacheThenItsMainAndArguments() {
    RatisProcesses.Launch launch = new RatisProcesses.Launch("/jdk/bin/java", List.of("-Xmx1g", "-XX:+AlwaysPreTouch"),
        List.of("-XX:AOTCache=/a/ratisserver-0123456789abcdef.aot"), "a.jar:b.jar", Duration.ofSeconds(1));

    List<String> command = RatisProcesses.command(launch, 2, List.of("--id", "n2"));

    assertThat(command).containsExactly("/jdk/bin/java", "-Xmx1g", "-XX:+AlwaysPreTouch", "-XX:NewSize=50m",
        "-XX:AOTCache=/a/ratisserver-0123456789abcdef.aot", "-Dorg.slf4j.simpleLogger.log.org.apache.ratis=off", "-cp",
        "a.jar:b.jar", "io.cairn.bench.cluster.RatisServerMain", "--id", "n2");
    // a configured young size (as CAIRN_NODE_JAVA_OPTS may give) is left alone, as for a node
    assertThat(RatisProcesses.command(new RatisProcesses.Launch("java", List.of("-Xmn64m"), List.of(), "a.jar",
        Duration.ofSeconds(1)), 1, List.of())).doesNotContain("-XX:NewSize=44m");
  }

  @Test
  void processIsTheDefaultAndAFreshRatisJvmStillRunsItsServersItself() {
    ClusterBench bench = new ClusterBench();
    new picocli.CommandLine(bench).parseArgs("--seconds", "20", "--warmup-seconds", "10");

    assertThat(bench.ratisJvm).isEqualTo("process");
    assertThat(ClusterBench.RATIS_JVMS).containsExactly("shared", "fresh", "fresh-no-aot", "process", "process-no-aot");
    List<String> args = bench.freshArgs(5, RatisCluster.Machine.COUNT, Path.of("/runs/ratis-count-5"),
        Path.of("/runs/ratis-count-5/ratis-run.json"));
    // the new JVM is the servers' home: under the default it would start server processes of its own
    assertThat(args).containsSequence("--ratis-jvm", "shared").containsSequence("--systems", "ratis", "--nodes", "5")
        .containsSequence("--seconds", "20", "--warmup-seconds", "10")
        .containsSequence("--json", "/runs/ratis-count-5/ratis-run.json");
  }

  @Test
  void aServersArgumentsReadBackAsTheyWereWrittenAndNothingElseIsTaken() throws IOException {
    RaftGroup group = RatisCluster.group(3);
    RatisServerMain.Args args = new RatisServerMain.Args("n2", group.getGroupId().getUuid().toString(),
        RatisServerMain.Args.peers(group.getPeers()), folder, RatisCluster.Machine.LEDGER, 256, 1_765_000_000_000L,
        folder.resolve("member.seed"), 4242, folder.resolve("n2.ready"));

    List<String> words = args.toList();

    assertThat(RatisServerMain.Args.parse(words)).isEqualTo(args);
    assertThat(words.subList(0, 4)).containsExactly("--id", "n2", "--group", group.getGroupId().getUuid().toString());
    assertThat(args.raftGroup()).isEqualTo(group); // the same ids, addresses and group id in every process
    List<String> swapped = new ArrayList<>(words);
    swapped.set(0, "--group");
    swapped.set(2, "--id");
    assertThatThrownBy(() -> RatisServerMain.Args.parse(swapped)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RatisServerMain.Args.parse(words.subList(0, words.size() - 2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aServerProcessesThreadsFoldIntoTheJvmsGroups() {
    Map<String, Long> node = Map.of("driver", 1L, "http", 2L, "netty", 4L, "jit", 8L, "gc", 16L, "other", 32L);

    assertThat(NodeThreads.jvmGroups(node)).containsExactly(Map.entry("jit", 8L), Map.entry("gc", 16L),
        Map.entry("other", 39L));
  }

  @Test
  void theServerProcessesCacheIsNotAFreshRatisJvmsStaleCache() throws IOException {
    Path dir = Files.createDirectories(folder.resolve("aot"));
    Path server = Files.createFile(AotCache.file(dir, RatisJvm.Kind.PROCESS.cacheName, "0123456789abcdef"));

    assertThat(AotCache.caches(dir, RatisJvm.Kind.FRESH.cacheName)).doesNotContain(server); // its training deletes those
    assertThat(AotCache.caches(dir, RatisJvm.Kind.PROCESS.cacheName)).containsExactly(server);
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void aThreeServerProcessClusterCommitsAndLeavesNoProcessBehind() throws Exception {
    List<Long> pids = List.of();
    try {
      try (RatisCluster cluster = RatisCluster.startProcesses(folder.resolve("run"), 3, RatisCluster.Machine.COUNT,
          64, launch(TEST_OPTIONS, Duration.ofSeconds(180)))) {
        pids = cluster.processes().pids();
        assertThat(pids).hasSize(3).doesNotHaveDuplicates().doesNotContain(ProcessHandle.current().pid());
        for (int i = 0; i < 20; i++) {
          cluster.send(List.of(new byte[64], new byte[64]));
        }
        java.util.Map<String, Long> sent = SocketBytes.read(cluster.processes().leaderPid(),
            cluster.processes().followerPorts());
        if (sent != null) { // ss is there: the leader sent both followers the log over connections of its own
          // 20 requests of 128 bytes, each to 2 followers, framed: more than 5,120 bytes
          assertThat(sent.values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(2 * 20 * 128);
        }
        CairnCluster.Cpu cpu = cluster.processes().cpu();
        assertThat(cpu.leader()).isPositive(); // the first reply named a leader among the processes
        assertThat(cpu.followers()).hasSize(2);
        assertThat(pids).allSatisfy(pid -> assertThat(alive(pid)).isTrue());
      }
      assertThat(pids).allSatisfy(pid -> assertThat(alive(pid)).as("pid %d after close", pid).isFalse());
    } finally {
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aServerThatExitsBeforeItIsReadyFailsTheStartWithItsLogAndNoProcessIsLeft() throws IOException {
    List<String> bad = new ArrayList<>(TEST_OPTIONS);
    bad.add("-XX:+NoSuchOptionInAnyJdk");
    Path run = folder.resolve("bad");
    List<ProcessHandle> before = ProcessHandle.current().children().toList();
    try {
      assertThatThrownBy(() -> RatisCluster.startProcesses(run, 3, RatisCluster.Machine.COUNT, 64,
          launch(bad, Duration.ofSeconds(60))))
          .isInstanceOf(CairnException.class)
          .hasMessageContaining("exited with 1 before it was ready")
          .hasMessageContaining("NoSuchOptionInAnyJdk");
      assertThat(startedSince(before)).isEmpty();
    } finally {
      startedSince(before).forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void serversNotReadyInTimeAreAllKilledByPid() throws IOException {
    Path run = folder.resolve("slow");
    List<ProcessHandle> before = ProcessHandle.current().children().toList();
    try {
      assertThatThrownBy(() -> RatisCluster.startProcesses(run, 3, RatisCluster.Machine.COUNT, 64,
          launch(TEST_OPTIONS, Duration.ofMillis(1))))
          .isInstanceOf(CairnException.class)
          .hasMessageContaining("3 Ratis server process(es) not ready within 0 s, the first n1 (pid");
      assertThat(startedSince(before)).isEmpty();
    } finally {
      startedSince(before).forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** This JVM's live children that were not among {@code before}: the servers a start left running. */
  private static List<ProcessHandle> startedSince(List<ProcessHandle> before) {
    return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
        .filter(child -> !before.contains(child)).toList();
  }
}
