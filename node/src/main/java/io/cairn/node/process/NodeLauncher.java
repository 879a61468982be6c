package io.cairn.node.process;

import io.cairn.common.CairnIoException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts a node as a child JVM: {@code java [options] -cp CLASSPATH io.cairn.node.Main node start
 * --config F}, with the class path and the java binary of the running program, standard output and
 * error appended to a log file and standard input from {@code /dev/null}. Where {@code setsid}
 * exists the node runs in its own session, so a terminal's hang-up does not reach a detached
 * cluster.
 *
 * <p>JVM options: the system property {@code cairn.node.javaOpts}, else {@code CAIRN_NODE_JAVA_OPTS}
 * (split on spaces), replaces {@link #DEFAULT_JAVA_OPTS}; the module access flags the engine needs
 * are always given. Then the AOT cache's options, as {@link AotCache#choose} decides from {@code
 * CAIRN_NODE_AOT}, else the system property {@code cairn.node.aotDir} ({@code ./cairn} sets it),
 * and {@code cairn.node.aotRecord} (a training run); a configured cache that is not used is said
 * once per program on standard error.
 *
 * <p>Thread-safety: safe; its only state is whether the AOT cache's warning was said.
 */
public final class NodeLauncher {
  /**
   * The JIT's part of {@link #DEFAULT_JAVA_OPTS} (session 16, docs/replication.md "The JIT in the
   * measured window"): C2 does not inline the engine's {@code multiGet} into its callers. The
   * ledger's {@code BlockApplier.putAnchors} calls it once per run of blocks, and C2 inlined the
   * engine's whole read path into it; every uncommon trap in that path (the database's first
   * memtable switch, first flush, first L1 file: branches no profile gathered before them has seen
   * taken, the AOT cache's included) threw the whole method's code away and compiled it again,
   * 8.7-13.3 times per node in 60-s runs, a third to nearly half of each node's C2 time. Kept
   * apart, such a trap recompiles {@code multiGet} alone. {@code quiet} keeps the JVM from
   * printing the command at start.
   *
   * <p>Session 17 (docs/replication.md, "The JIT at five nodes"): {@code CompileThresholdScaling=2}
   * doubles every tier's invocation and loop thresholds. A node's JIT is a fixed amount of work per
   * JVM (4-5.5 s of CPU over a {@code bench cluster} node's life, at 3 and 5 nodes alike), so a
   * cluster of five JVMs on one machine pays it five times; with the thresholds doubled the
   * lukewarm methods stay in C1 and each JVM's compiler threads did a quarter to a third less work
   * (C2 compiles per node 400-510 against 540-725), while the hot methods still reach C2 within the
   * first seconds of load; the whole CPU per record was 0.83x, 0.98x and 0.91x in three loaded
   * 5-node pairs and 1.06x in a 3-node pair, so the idle run decides whether it stays. Session
   * 16's ×4 halved the JIT but slowed the rest as much.
   */
  public static final String JIT_JAVA_OPTS = "-XX:CompileThresholdScaling=2"
      + " -XX:CompileCommand=quiet -XX:CompileCommand=dontinline,io.cairn.lsm.internal.db.DbImpl::multiGet";

  /**
   * The default JVM options of a node process: a 1 GiB heap, committed from the start. A node's
   * live data is mostly memtable entries and cached log entries that stay until a flush or a
   * compaction; a heap that starts small keeps G1's young generation small, so each of many young
   * collections copies that data again (docs/bench.md, session 6: 20-40 % less CPU per record under
   * {@code bench cluster}). The heap's pages are touched at start ({@code AlwaysPreTouch}):
   * otherwise the first minute's young collections fault in the fresh pages they copy into, which
   * made their pauses several times longer (session 10); and G1's pause goal is 25 ms instead of
   * 200, under the cluster's 50-ms p99 target, since a pause stalls every round in flight
   * (docs/node.md).
   *
   * <p>Session 15 (the commit tail, docs/node.md and docs/replication.md): what survives a young
   * collection is promoted at once ({@code MaxTenuringThreshold=0}, was 1: it is the long-lived
   * entries, so a survivor space only copied them a second time), and memtables put their entries
   * in the arena's humongous chunks ({@code -Dcairn.memtable.arena=true}), which a young
   * collection never copies: together the MB a young pause copies per MB of eden fell from about
   * 0.42 to 0.17 in the GC logs of loaded {@code bench cluster} runs, and a pause's length follows
   * what it copies.
   */
  public static final String DEFAULT_JAVA_OPTS =
      "-Xmx1g -Xms1g -XX:MaxTenuringThreshold=0 -XX:+AlwaysPreTouch -XX:MaxGCPauseMillis=25"
          + " -Dcairn.memtable.arena=true"
          + " " + JIT_JAVA_OPTS;

  /** {@link #youngFloorMegabytes}: the first member's floor, the step between members, the floors before they repeat. */
  private static final int YOUNG_FLOOR_BASE_MB = 44;
  private static final int YOUNG_FLOOR_STEP_MB = 6;
  private static final int YOUNG_FLOORS = 5;

  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private NodeLauncher() {}

  /**
   * Starts {@code node start --config config} (plus {@code extraArgs}) and returns the process;
   * its pid is written to {@code pidFile} at once.
   */
  public static Process launch(Path config, PidFile pidFile, Path logFile, List<String> extraArgs) {
    return launch(List.of("node", "start"), config, pidFile, logFile, extraArgs, 1, 0);
  }

  /** As {@link #launch(Path, PidFile, Path, List)}, for a node of a cluster of {@code members} (the AOT cache's bound). */
  public static Process launch(Path config, PidFile pidFile, Path logFile, List<String> extraArgs, int members) {
    return launch(List.of("node", "start"), config, pidFile, logFile, extraArgs, members, 0);
  }

  /**
   * As {@link #launch(Path, PidFile, Path, List, int)}, for the node {@code memberId} of its cluster:
   * its young generation's floor is its own ({@link #memberOptions}).
   */
  public static Process launch(Path config, PidFile pidFile, Path logFile, List<String> extraArgs, int members,
      int memberId) {
    return launch(List.of("node", "start"), config, pidFile, logFile, extraArgs, members, memberId);
  }

  /**
   * Starts {@code command... --config config} (another program of the node's class path, such as
   * {@code consortium hq}) the same way.
   */
  public static Process launch(List<String> commandWords, Path config, PidFile pidFile, Path logFile,
      List<String> extraArgs) {
    return launch(commandWords, config, pidFile, logFile, extraArgs, 1, 0);
  }

  private static Process launch(List<String> commandWords, Path config, PidFile pidFile, Path logFile,
      List<String> extraArgs, int members, int memberId) {
    List<String> command = new ArrayList<>();
    Path setsid = Path.of("/usr/bin/setsid");
    if (Files.isExecutable(setsid)) {
      command.add(setsid.toString());
    }
    command.add(javaBinary());
    List<String> options = jvmOptions();
    command.addAll(options);
    command.addAll(memberOptions(options, memberId));
    AotCache.Choice aot = aotChoice(members);
    if (aot.warning() != null && WARNED.compareAndSet(false, true)) {
      System.err.println("cairn: " + aot.warning());
    }
    command.addAll(aot.options());
    command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=" + logLevel(),
        "-Dorg.slf4j.simpleLogger.showDateTime=true", "-cp", classPath(), "io.cairn.node.Main"));
    command.addAll(commandWords);
    command.addAll(List.of("--config", config.toAbsolutePath().toString()));
    command.addAll(extraArgs);
    try {
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      Process process = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .redirectErrorStream(true)
          .start();
      pidFile.write(process.pid());
      return process;
    } catch (IOException e) {
      throw CairnIoException.wrap("start a node process for " + config, e);
    }
  }

  /**
   * The JVM options of member {@code memberId} (0: not known) beside {@code options} (from {@link
   * #jvmOptions}): with G1 and no young size configured, {@code -XX:NewSize=} {@link
   * #youngFloorMegabytes}{@code m}, so that the members of one machine's cluster do not collect in
   * step (session 16). Every member applies the same blocks, so with one young size they fill their
   * eden at the same rate and, started together, their young pauses come at the same moments; a
   * commit waits for the first follower's acknowledgement, so when both followers of a 3-node
   * cluster pause at once, so does every commit. With floors 6 MB apart their periods differ by
   * 10-14 % and their pauses drift past each other. Nothing when the options name a young size
   * ({@code -Xmn}, {@code NewSize}, {@code MaxNewSize}, {@code NewRatio}, {@code G1NewSizePercent})
   * or another collector, or when {@code memberId} is not known. Not in the AOT cache's key: the
   * JVM takes a cache trained with another young size.
   */
  public static List<String> memberOptions(List<String> options, int memberId) {
    if (memberId <= 0) {
      return List.of();
    }
    for (String option : options) {
      if (option.startsWith("-Xmn") || option.startsWith("-XX:NewSize=") || option.startsWith("-XX:MaxNewSize=")
          || option.startsWith("-XX:NewRatio=") || option.startsWith("-XX:G1NewSizePercent=")
          || option.startsWith("-XX:G1MaxNewSizePercent=")
          || (option.startsWith("-XX:+Use") && option.endsWith("GC") && !option.equals("-XX:+UseG1GC"))) {
        return List.of();
      }
    }
    return List.of("-XX:NewSize=" + youngFloorMegabytes(memberId) + "m");
  }

  /**
   * The young generation's floor of member {@code memberId} (from 1), in MiB: 44, 50, 56, 62, 68
   * for members 1-5, then again (G1's own floor at a 1 GiB heap is 5 %, 51 MiB; members 1-3
   * average 50).
   */
  public static int youngFloorMegabytes(int memberId) {
    return YOUNG_FLOOR_BASE_MB + YOUNG_FLOOR_STEP_MB * Math.floorMod(memberId - 1, YOUNG_FLOORS);
  }

  /**
   * A node process's JVM options before the AOT cache's: the configured ones ({@code
   * cairn.node.javaOpts}, {@code CAIRN_NODE_JAVA_OPTS} or {@link #DEFAULT_JAVA_OPTS}) and the
   * module access flags. A training run's assembly step takes the same ({@link AotCache#createCommand}).
   */
  public static List<String> jvmOptions() {
    List<String> command = new ArrayList<>();
    String options = System.getProperty("cairn.node.javaOpts", System.getenv("CAIRN_NODE_JAVA_OPTS"));
    for (String option : (options == null || options.isBlank() ? DEFAULT_JAVA_OPTS : options).strip().split("\\s+")) {
      command.add(option);
    }
    command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
    return command;
  }

  /**
   * The AOT cache's choice for a node process of a cluster of {@code members} started now ({@link
   * AotCache#choose}, {@link AotCache#forMembers}); with {@code
   * -Dcairn.node.aotProfiles=false} a cache is used for its classes only ({@link AotCache#classesOnly}).
   */
  public static AotCache.Choice aotChoice(int members) {
    AotCache.Choice choice = AotCache.forMembers(
        AotCache.choose(aotDir(), aotRecordDir(), jvmOptions(), classPath(), Runtime.version()), members,
        AotCache.MEMBERS_MAX);
    return "false".equals(System.getProperty(AotCache.PROFILES_PROPERTY)) ? AotCache.classesOnly(choice) : choice;
  }

  /** A node process's class path: this program's. */
  public static String classPath() {
    return System.getProperty("java.class.path");
  }

  /** The AOT caches' folder: {@code CAIRN_NODE_AOT}, else {@code cairn.node.aotDir}; null when off or unset. */
  public static Path aotDir() {
    String dir = System.getenv(AotCache.DIR_ENV);
    if (dir == null || dir.isBlank()) {
      dir = System.getProperty(AotCache.DIR_PROPERTY);
    }
    return dir == null || dir.isBlank() || dir.strip().equals("off") ? null : Path.of(dir.strip());
  }

  private static Path aotRecordDir() {
    String dir = System.getProperty(AotCache.RECORD_PROPERTY);
    return dir == null || dir.isBlank() ? null : Path.of(dir);
  }

  private static String logLevel() {
    String level = System.getenv("CAIRN_LOG_LEVEL");
    return level == null || level.isBlank() ? "info" : level;
  }

  /** The java binary node processes run on: this program's. */
  public static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
