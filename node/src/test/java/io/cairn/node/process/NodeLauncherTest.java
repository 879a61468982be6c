package io.cairn.node.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node process's JVM options (session 15): the defaults set the collector's flags and the
 * memtable arena as docs/node.md says, the JIT's options name methods that exist (session 16), this
 * JDK accepts them with the values meant, and {@code cairn.node.javaOpts} / {@code
 * CAIRN_NODE_JAVA_OPTS} replace them whole; each member of a cluster gets a young generation floor
 * of its own (session 16), which this JDK takes.
 */
class NodeLauncherTest {
  private static final String PROPERTY = "cairn.node.javaOpts";
  private final String before = System.getProperty(PROPERTY);

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(PROPERTY);
    } else {
      System.setProperty(PROPERTY, before);
    }
  }

  @Test
  void defaultsPromoteAtOnceAndPutMemtableEntriesInTheArena() {
    assumeTrue(System.getenv("CAIRN_NODE_JAVA_OPTS") == null, "CAIRN_NODE_JAVA_OPTS replaces the defaults here");
    System.clearProperty(PROPERTY);
    List<String> options = NodeLauncher.jvmOptions();
    assertTrue(options.contains("-XX:MaxTenuringThreshold=0"), options.toString());
    assertTrue(options.contains("-Dcairn.memtable.arena=true"), options.toString());
    assertTrue(options.contains("-XX:MaxGCPauseMillis=25"), options.toString());
    assertTrue(options.contains("--enable-native-access=ALL-UNNAMED"), options.toString());
  }

  @Test
  void configuredOptionsReplaceTheDefaultsWhole() {
    System.setProperty(PROPERTY, " -Xmx512m   -XX:+UseZGC ");
    List<String> options = NodeLauncher.jvmOptions();
    assertEquals(List.of("-Xmx512m", "-XX:+UseZGC", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"), options);
    assertFalse(options.contains("-Dcairn.memtable.arena=true"));
  }

  @Test
  void membersOfOneClusterGetYoungFloorsOfTheirOwn() {
    List<String> defaults = List.of(NodeLauncher.DEFAULT_JAVA_OPTS.split("\\s+"));
    java.util.Set<String> floors = new java.util.HashSet<>();
    for (int member = 1; member <= 5; member++) {
      List<String> extra = NodeLauncher.memberOptions(defaults, member);
      assertEquals(1, extra.size(), extra.toString());
      assertTrue(extra.getFirst().matches("-XX:NewSize=\\d+m"), extra.toString());
      floors.add(extra.getFirst());
    }
    assertEquals(5, floors.size(), "five members, five floors: " + floors);
    assertEquals(List.of("-XX:NewSize=44m"), NodeLauncher.memberOptions(defaults, 6), "the floors repeat after five");
    int sum = 0;
    for (int member = 1; member <= 3; member++) {
      int floor = NodeLauncher.youngFloorMegabytes(member);
      assertTrue(floor >= 40 && floor <= 70, "member " + member + ": " + floor);
      sum += floor;
    }
    assertEquals(50, sum / 3, "a 3-node cluster's floors average G1's own (51 MiB at 1 GiB)");
    // The periods must differ by more than a pause: floors at least 10 % apart.
    assertTrue(NodeLauncher.youngFloorMegabytes(2) >= 1.1 * NodeLauncher.youngFloorMegabytes(1));
  }

  @Test
  void noFloorWhereTheOptionsSizeTheYoungGenerationOrPickAnotherCollector() {
    List<String> defaults = List.of(NodeLauncher.DEFAULT_JAVA_OPTS.split("\\s+"));
    assertEquals(List.of(), NodeLauncher.memberOptions(defaults, 0), "member not known");
    for (String option : List.of("-Xmn64m", "-XX:NewSize=32m", "-XX:MaxNewSize=128m", "-XX:NewRatio=3",
        "-XX:G1NewSizePercent=2", "-XX:+UseZGC", "-XX:+UseShenandoahGC", "-XX:+UseParallelGC")) {
      List<String> options = new ArrayList<>(defaults);
      options.add(option);
      assertEquals(List.of(), NodeLauncher.memberOptions(options, 2), option);
    }
    List<String> g1 = new ArrayList<>(defaults);
    g1.add("-XX:+UseG1GC");
    assertEquals(List.of("-XX:NewSize=50m"), NodeLauncher.memberOptions(g1, 2), "G1 named explicitly");
  }

  /**
   * The JIT's defaults name methods that exist (session 16): the JVM ignores a compile command for a
   * method it never loads, so a renamed {@code multiGet} would drop the option without a word.
   */
  @Test
  void theJitDefaultsNameMethodsThatExist() throws ClassNotFoundException {
    List<String> targets = new ArrayList<>();
    for (String option : NodeLauncher.DEFAULT_JAVA_OPTS.split("\\s+")) {
      if (option.startsWith("-XX:CompileCommand=dontinline,")) {
        targets.add(option.substring("-XX:CompileCommand=dontinline,".length()));
      }
    }
    assertEquals(List.of("io.cairn.lsm.internal.db.DbImpl::multiGet"), targets);
    for (String target : targets) {
      String[] classAndMethod = target.split("::");
      Class<?> type = Class.forName(classAndMethod[0]);
      assertTrue(Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.getName().equals(classAndMethod[1])),
          target + " names no method of " + type);
    }
  }

  /** This JDK starts with the default options and takes the collector's flags with the values meant. */
  @Test
  void thisJdkAcceptsTheDefaults() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : NodeLauncher.DEFAULT_JAVA_OPTS.split("\\s+")) {
      if (!option.equals("-XX:+AlwaysPreTouch")) { // touching 1 GiB costs seconds and proves nothing here
        command.add(option);
      }
    }
    command.addAll(NodeLauncher.memberOptions(List.of(NodeLauncher.DEFAULT_JAVA_OPTS.split("\\s+")), 2));
    command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
    Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(java.waitFor(60, TimeUnit.SECONDS), "java -version did not end");
      assertEquals(0, java.exitValue(), out);
      assertTrue(out.matches("(?s).*\\bMaxTenuringThreshold\\s+= 0\\b.*"), "MaxTenuringThreshold is not 0");
      assertTrue(out.matches("(?s).*\\bMaxGCPauseMillis\\s+= 25\\b.*"), "MaxGCPauseMillis is not 25");
      assertTrue(out.matches("(?s).*\\bCompileThresholdScaling\\s+= 2\\.0+\\b.*"),
          "CompileThresholdScaling is not 2 (session 17: the JIT's work per JVM)");
      long floor = NodeLauncher.youngFloorMegabytes(2) * 1024L * 1024L;
      assertTrue(out.matches("(?s).*\\bNewSize\\s+= " + floor + "\\b.*"), "NewSize is not member 2's floor");
    } finally {
      java.destroyForcibly();
    }
  }
}
