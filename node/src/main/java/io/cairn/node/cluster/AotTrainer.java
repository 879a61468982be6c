package io.cairn.node.cluster;

import io.cairn.common.CairnException;
import io.cairn.common.CairnIoException;
import io.cairn.common.ErrorCode;
import io.cairn.kraft.api.Mode;
import io.cairn.node.client.NodeClient;
import io.cairn.node.process.AotCache;
import io.cairn.node.process.NodeLauncher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Trains the node processes' AOT cache ({@link AotCache}) when a command that starts a cluster
 * ({@code cluster up}, {@code bench cluster}) finds none valid: the cache is the default since
 * session 14 (docs/node.md, "The AOT cache by default"). A training run is a throw-away cluster of
 * {@link #NODES} node processes in a temporary folder whose nodes record their classes and method
 * profiles ({@code -XX:AOTMode=record}) under a built-in load of {@link #CLIENTS} clients anchoring
 * batches of {@link #BATCH} records of {@link #RECORD_BYTES} bytes for {@link #LOAD} through the
 * leader; the followers are then killed (their configurations are not needed), the leader stops and
 * writes its configuration, and {@link #assemble} turns that into the cache ({@code
 * -XX:AOTMode=create}). Caches of other keys in the folder are deleted: they are stale.
 *
 * <p>A training that fails leaves {@code DIR/node-KEY.failed} with its reason (so the next start
 * neither waits for it again nor warns more than once per program) and never fails the command
 * that asked for it: the nodes then start without a cache. Two programs training at once take
 * turns on {@code DIR/train.lock}; the second finds the first one's cache.
 *
 * <p>Thread-safety: one training per folder at a time (the lock); sets the record property while
 * its nodes start.
 */
public final class AotTrainer {
  /** Members of the training cluster (the leader's configuration becomes the cache). */
  static final int NODES = 3;
  /** Concurrent clients of the training load. */
  static final int CLIENTS = 8;
  /** Records per anchor request of the training load. */
  static final int BATCH = 100;
  /** Bytes per record of the training load. */
  static final int RECORD_BYTES = 256;
  /** How long the training load runs: long enough for C2 to compile the anchor path with a full profile. */
  static final Duration LOAD = Duration.ofSeconds(20);
  /** How long the leader may take to write its configuration as it stops (41-43 MB; minutes at load 30). */
  static final Duration STOP_GRACE = Duration.ofSeconds(180);
  private static final long CREATE_TIMEOUT_SECONDS = 600;

  private AotTrainer() {}

  /**
   * Before a command starts node processes: trains the cache when the launcher would find none
   * valid ({@link AotCache.Choice#trains()}), printing what it does and what it cost on {@code
   * err}. Does nothing when the cache is off, already valid, failed before, or this is a training.
   *
   * @param members the size of the cluster about to start (none is trained for a size that does
   *     not use it, {@link AotCache#MEMBERS_MAX})
   * @return the cache trained, or null when none was
   */
  public static Path ensure(PrintWriter err, int members) {
    Path dir = NodeLauncher.aotDir();
    if (dir == null || System.getProperty(AotCache.RECORD_PROPERTY) != null
        || !AotCache.forMembers(choice(dir), members, AotCache.MEMBERS_MAX).trains()) {
      return null;
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      err.println("cairn: node processes start without an AOT cache: cannot create " + dir + " (" + e + ")");
      err.flush();
      return null;
    }
    try (FileChannel lockFile = FileChannel.open(dir.resolve("train.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
      AotCache.Choice choice = choice(dir);
      if (!choice.trains()) {
        return null; // another program trained it while this one waited
      }
      return train(dir, choice.reason(), err);
    } catch (IOException e) {
      err.println("cairn: node processes start without an AOT cache: cannot lock " + dir + " (" + e + ")");
      err.flush();
      return null;
    }
  }

  private static AotCache.Choice choice(Path dir) {
    return AotCache.choose(dir, null, NodeLauncher.jvmOptions(), NodeLauncher.classPath(), Runtime.version());
  }

  private static Path train(Path dir, String reason, PrintWriter err) {
    List<String> options = NodeLauncher.jvmOptions();
    String classPath = NodeLauncher.classPath();
    String key = AotCache.key(Runtime.version(), options, classPath);
    Path cache = AotCache.file(dir, key);
    err.printf(Locale.ROOT, "cairn: training the node processes' AOT cache (%s): a %d-node cluster under load for %d s,"
        + " once per build, JDK and JVM options; CAIRN_NODE_AOT=off skips it (docs/node.md)%n", reason, NODES,
        LOAD.toSeconds());
    err.flush();
    long started = System.nanoTime();
    Path work = null;
    try {
      work = Files.createTempDirectory("cairn-aot-train");
      Training run = record(work);
      Path built = assemble(options, classPath, run.configuration(), cache, work.resolve("aot-create.log"));
      deleteOthers(dir, cache);
      err.printf(Locale.ROOT, "cairn: AOT cache trained in %.0f s (%,d records anchored): %s, %.1f MB%n",
          (System.nanoTime() - started) / 1e9, run.records(), built, Files.size(built) / 1e6);
      for (String jar : AotCache.signedJars(classPath)) {
        err.println("cairn: the AOT cache holds no class of the signed JAR " + jar + " (the JDK skips signed JARs;"
            + " docs/node.md)");
      }
      err.flush();
      return built;
    } catch (IOException | RuntimeException e) {
      String why = e instanceof CairnException ? e.getMessage() : e.toString();
      err.println("cairn: node processes start without an AOT cache: its training failed: " + why);
      err.flush();
      try {
        Files.writeString(AotCache.failedFile(dir, key), why + "\n", StandardCharsets.UTF_8);
      } catch (IOException ignored) {
        // the marker only saves the next start a retry
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      if (work != null) {
        deleteTree(work);
      }
    }
  }

  /** What a training run left: the leader's configuration and the records its load anchored. */
  private record Training(Path configuration, long records) {}

  /** Runs the training cluster in {@code work} and returns the leader's recorded configuration. */
  private static Training record(Path work) throws InterruptedException {
    Path record = work.resolve("record");
    try {
      Files.createDirectories(record);
    } catch (IOException e) {
      throw CairnIoException.wrap("create " + record, e);
    }
    LocalCluster cluster = LocalCluster.create(work.resolve("cluster"), NODES, Mode.KRAFT, false).stopWithThisProcess();
    int leader;
    long leaderPid;
    long records;
    try {
      System.setProperty(AotCache.RECORD_PROPERTY, record.toAbsolutePath().toString());
      try {
        cluster.startAll();
      } finally {
        System.clearProperty(AotCache.RECORD_PROPERTY); // nodes started from now on run normally
      }
      ClusterStatus status = cluster.awaitReady(Duration.ofSeconds(180));
      leader = status.leader();
      leaderPid = cluster.pidFile(leader).live().map(ProcessHandle::pid).orElse(0L);
      records = load(cluster.client(leader, Duration.ofSeconds(60)));
      for (int id : cluster.ids()) {
        if (id != leader) {
          cluster.kill(id); // a follower's configuration is not used: spare its writing
        }
      }
      cluster.stop(leader, STOP_GRACE);
    } finally {
      cluster.stopAll(Duration.ofSeconds(5));
    }
    Path configuration = record.resolve("node-pid" + leaderPid + ".aotconfig");
    if (leaderPid == 0 || !Files.isRegularFile(configuration)) {
      throw new CairnException(ErrorCode.IO_ERROR, "the training run's leader (pid " + leaderPid + ") left no "
          + configuration.getFileName() + " (did it stop within " + STOP_GRACE.toSeconds() + " s?)");
    }
    return new Training(configuration, records);
  }

  /** The built-in load: {@link #CLIENTS} threads anchoring random batches for {@link #LOAD}; the records anchored. */
  private static long load(NodeClient leader) throws InterruptedException {
    AtomicLong anchored = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long deadline = System.nanoTime() + LOAD.toNanos();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      SplittableRandom random = new SplittableRandom(0x5EED_A07L + c);
      clients.add(Thread.ofPlatform().name("aot-train-client-" + c).start(() -> {
        while (System.nanoTime() - deadline < 0) {
          List<byte[]> batch = new ArrayList<>(BATCH);
          for (int r = 0; r < BATCH; r++) {
            byte[] record = new byte[RECORD_BYTES];
            random.nextBytes(record);
            batch.add(record);
          }
          try {
            anchored.addAndGet(leader.anchorBatch(batch).size());
          } catch (RuntimeException e) {
            if (failures.incrementAndGet() > 100) {
              return;
            }
          }
        }
      }));
    }
    for (Thread client : clients) {
      client.join();
    }
    if (anchored.get() == 0) {
      throw new CairnException(ErrorCode.IO_ERROR, "the training load anchored nothing (" + failures.get() + " failed"
          + " requests)");
    }
    return anchored.get();
  }

  /**
   * The assembly step: turns a training run's {@code configuration} into {@code cache} with the
   * node's java, JVM options and class path ({@link AotCache#createCommand}), written beside it
   * first and renamed into place, so a node starting meanwhile never maps half a file.
   *
   * @param log the assembly's output, whose last lines a failure quotes
   */
  public static Path assemble(List<String> options, String classPath, Path configuration, Path cache, Path log)
      throws InterruptedException {
    Path partial = cache.resolveSibling("partial-" + cache.getFileName());
    try {
      Files.createDirectories(cache.toAbsolutePath().getParent());
      Files.deleteIfExists(partial);
      Process create = new ProcessBuilder(AotCache.createCommand(NodeLauncher.javaBinary(), options, classPath,
          configuration, partial)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!create.waitFor(CREATE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        create.destroyForcibly();
        throw new CairnException(ErrorCode.IO_ERROR, "the AOT cache's assembly ran past " + CREATE_TIMEOUT_SECONDS + " s");
      }
      if (create.exitValue() != 0 || !Files.isRegularFile(partial)) {
        throw new CairnException(ErrorCode.IO_ERROR, "the AOT cache's assembly failed (exit " + create.exitValue()
            + "): " + String.join(" | ", tail(log)));
      }
      Files.move(partial, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return cache;
    } catch (IOException e) {
      throw CairnIoException.wrap("assemble the AOT cache " + cache, e);
    }
  }

  /**
   * Deletes the node caches of {@code dir} other than {@code keep}, and their failure markers: stale
   * (other programs' caches in the folder, e.g. {@code ratis-*.aot}, are theirs to keep).
   */
  static void deleteOthers(Path dir, Path keep) throws IOException {
    for (Path other : AotCache.caches(dir)) {
      if (!other.equals(keep)) {
        Files.deleteIfExists(other);
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path marker : files.filter(f -> f.getFileName().toString().startsWith(AotCache.NODE + "-")
          && f.getFileName().toString().endsWith(".failed")).toList()) {
        Files.deleteIfExists(marker);
      }
    }
  }

  private static List<String> tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return lines.subList(Math.max(0, lines.size() - 3), lines.size());
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
