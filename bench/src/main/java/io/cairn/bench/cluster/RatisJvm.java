package io.cairn.bench.cluster;

import io.cairn.common.CairnException;
import io.cairn.common.ErrorCode;
import io.cairn.node.cluster.AotTrainer;
import io.cairn.node.process.AotCache;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code bench cluster --ratis-jvm fresh}'s new JVM for each Ratis run: its command line, and the
 * AOT caches of the Ratis JVMs ({@link Kind}: that JVM's, and since session 19 the one of {@code
 * --ratis-jvm process}'s server processes, {@link RatisProcesses}), each trained the way the node processes' is ({@link AotTrainer}), so that Ratis starts as
 * Cairn's node processes do (docs/bench.md, "Repeats, alternation and what else ran (session 18)").
 *
 * <p>The cache is {@link AotCache}'s, under its own name: {@code DIR/ratis-KEY.aot} beside the
 * nodes' {@code node-KEY.aot} ({@code ./cairn}: {@code bench/target/aot}), KEY made of the JDK, the
 * class path and the JVM options the Ratis JVM gets ({@link #options}), so any of them changed, or a
 * JAR rebuilt after the cache, trains a new one. Training (once, on first use, with a line on the
 * error stream): a Ratis run in a JVM that records its classes and method profiles ({@link
 * AotCache#recordOptions}) under {@link AotTrainer}'s load ({@link #TRAINING_ARGS}: 3 servers, 8
 * clients, batches of 100 records of 256 bytes, 20 s, both state machines), then assembled with
 * {@link AotTrainer#assemble}. The training run is not measured. A failed training leaves {@code
 * DIR/ratis-KEY.failed} and the runs go on without a cache; {@code CAIRN_NODE_AOT=off} turns it off
 * as it does the nodes'.
 *
 * <p>Thread-safety: one training per folder at a time (the nodes' {@code train.lock}).
 */
final class RatisJvm {
  /** The caches' name in the AOT folder: {@code ratis-KEY.aot}. */
  static final String NAME = "ratis";
  /** The program the JVM runs: the {@code cairn} command line. */
  static final String MAIN = "io.cairn.node.Main";
  /**
   * The training run's arguments after {@code bench cluster}: {@link AotTrainer}'s load (3 members,
   * 8 clients, 100 records of 256 bytes a request, 20 s), 10 s on each state machine.
   */
  static final List<String> TRAINING_ARGS = List.of("--systems", "ratis", "--nodes", "3", "--ratis-machine",
      "count,ledger", "--seconds", "10", "--warmup-seconds", "0", "--clients", "8", "--batch", "100",
      "--record-bytes", "256", "--ratis-jvm", "shared");
  private static final long TRAINING_TIMEOUT_SECONDS = 600;

  private RatisJvm() {}

  /**
   * Which Ratis JVMs a cache serves, by its name in the AOT folder (session 19): {@link #FRESH}, the
   * one JVM of a {@code --ratis-jvm fresh} run (servers and clients; the bench JVM's options), and
   * {@link #PROCESS}, each server process of {@code --ratis-jvm process} ({@link RatisProcesses}: a
   * node process's options). Both are trained the same way ({@link #TRAINING_ARGS} in a JVM with the
   * cache's options); the name keeps their files apart ({@code ratis-KEY.aot}, {@code
   * ratisserver-KEY.aot}: not {@code ratis-server}, which {@code ratis-*.aot} would count as a stale
   * {@code ratis} cache and delete).
   */
  enum Kind {
    FRESH(NAME, "the fresh Ratis JVMs"),
    PROCESS("ratisserver", "the Ratis server processes");

    final String cacheName;
    final String who;

    Kind(String cacheName, String who) {
      this.cacheName = cacheName;
      this.who = who;
    }
  }

  /**
   * The JVM options the Ratis JVM gets: this JVM's ({@code inputArguments}) without {@code
   * -XX:StartFlightRecording} (it turns an AOT cache off) and without {@code -XX:AOT...} (this JVM's
   * cache options are not the Ratis JVM's).
   */
  static List<String> options(List<String> inputArguments) {
    List<String> options = new ArrayList<>();
    for (String option : inputArguments) {
      if (!option.startsWith("-XX:StartFlightRecording") && !option.startsWith("-XX:AOT")) {
        options.add(option);
      }
    }
    return options;
  }

  /** The command line: {@code java OPTIONS AOT -cp CLASSPATH io.cairn.node.Main bench cluster ARGS}. */
  static List<String> command(String java, List<String> options, List<String> aot, String classPath,
      List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(options);
    command.addAll(aot);
    command.addAll(List.of("-cp", classPath, MAIN, "bench", "cluster"));
    command.addAll(args);
    return command;
  }

  /** The cache's choice for a Ratis JVM with these options ({@link AotCache#choose} under {@link #NAME}). */
  static AotCache.Choice choice(Path dir, List<String> options, String classPath, Runtime.Version version) {
    return choice(Kind.FRESH, dir, options, classPath, version);
  }

  /** The cache's choice for the {@code kind} of Ratis JVM with these options. */
  static AotCache.Choice choice(Kind kind, Path dir, List<String> options, String classPath, Runtime.Version version) {
    return AotCache.choose(kind.cacheName, kind.who, dir, options, classPath, version);
  }

  /**
   * The cache options for a Ratis JVM started now: trains the cache first when none is valid
   * (printing what it does on {@code err}); empty when the cache is off, failed or unusable.
   *
   * @return the choice after any training: its options go on the command line, its state in the row
   */
  static AotCache.Choice ensure(PrintWriter err, Path dir, String java, List<String> options, String classPath)
      throws InterruptedException {
    return ensure(Kind.FRESH, err, dir, java, options, classPath);
  }

  /** {@link #ensure(PrintWriter, Path, String, List, String)} for the {@code kind} of Ratis JVM. */
  static AotCache.Choice ensure(Kind kind, PrintWriter err, Path dir, String java, List<String> options,
      String classPath) throws InterruptedException {
    AotCache.Choice choice = choice(kind, dir, options, classPath, Runtime.version());
    if (!choice.trains()) {
      if (choice.warning() != null) {
        err.println("cairn: " + choice.warning());
        err.flush();
      }
      return choice;
    }
    try {
      Files.createDirectories(dir);
      try (FileChannel lockFile = FileChannel.open(dir.resolve("train.lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
        choice = choice(kind, dir, options, classPath, Runtime.version());
        if (choice.trains()) {
          train(kind, err, dir, java, options, classPath, choice.reason());
        }
      }
    } catch (IOException e) {
      err.println("cairn: " + kind.who + " start without an AOT cache: cannot use " + dir + " (" + e + ")");
      err.flush();
    }
    return choice(kind, dir, options, classPath, Runtime.version());
  }

  private static void train(Kind kind, PrintWriter err, Path dir, String java, List<String> options, String classPath,
      String reason) throws InterruptedException {
    String key = AotCache.key(Runtime.version(), options, classPath);
    Path cache = AotCache.file(dir, kind.cacheName, key);
    err.printf(Locale.ROOT, "cairn: training the AOT cache of %s (%s): a 3-server Ratis run under load for 20 s,"
        + " not measured, once per build, JDK and JVM options; CAIRN_NODE_AOT=off skips it (docs/bench.md)%n", kind.who,
        reason);
    err.flush();
    long started = System.nanoTime();
    Path work = null;
    try {
      work = Files.createTempDirectory("cairn-ratis-aot");
      Path configuration = work.resolve("ratis.aotconfig");
      Path log = work.resolve("training.log");
      List<String> args = new ArrayList<>(TRAINING_ARGS);
      args.addAll(List.of("--dir", work.resolve("runs").toString()));
      Process run = new ProcessBuilder(command(java, options, AotCache.recordOptions(configuration), classPath, args))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        if (!run.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          throw new CairnException(ErrorCode.IO_ERROR, "the training run ran past " + TRAINING_TIMEOUT_SECONDS + " s");
        }
        if (run.exitValue() != 0 || !Files.isRegularFile(configuration)) {
          throw new CairnException(ErrorCode.IO_ERROR, "the training run exited with " + run.exitValue() + " and "
              + (Files.isRegularFile(configuration) ? "a" : "no") + " configuration: " + tail(log));
        }
      } finally {
        run.destroyForcibly();
      }
      Path built = AotTrainer.assemble(options, classPath, configuration, cache, work.resolve("aot-create.log"));
      for (Path other : AotCache.caches(dir, kind.cacheName)) {
        if (!other.equals(built)) {
          Files.deleteIfExists(other); // stale: other options, JDK or class path
        }
      }
      err.printf(Locale.ROOT, "cairn: the AOT cache of %s trained in %.0f s: %s, %.1f MB%n", kind.who,
          (System.nanoTime() - started) / 1e9, built, Files.size(built) / 1e6);
      err.flush();
    } catch (IOException | RuntimeException e) {
      String why = e instanceof CairnException ? e.getMessage() : e.toString();
      err.println("cairn: " + kind.who + " start without an AOT cache: its training failed: " + why);
      err.flush();
      try {
        Files.writeString(AotCache.failedFile(dir, kind.cacheName, key), why + "\n", StandardCharsets.UTF_8);
      } catch (IOException ignored) {
        // the marker only saves the next run a retry
      }
    } finally {
      if (work != null) {
        deleteTree(work);
      }
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException ignored) {
      // a temporary folder: what is left goes with the system's clean-up
    }
  }
}
