package io.cairn.bench.cluster;

import io.cairn.common.CairnException;
import io.cairn.common.CairnIoException;
import io.cairn.common.ErrorCode;
import io.cairn.common.InvalidArgumentException;
import io.cairn.node.cluster.AotTrainer;
import io.cairn.node.process.AotCache;
import io.cairn.node.process.NodeLauncher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench cluster --aot-train}: one Cairn run whose node processes are a training run of the
 * node processes' AOT cache ({@link AotCache}). While it is open, node processes started by this
 * program record their AOT configuration ({@code -XX:AOTMode=record}) into {@code
 * RECORD/node-pidPID.aotconfig} (the JVM writes {@code %p} as {@code pidPID}); they write it as they exit. {@link #finish} then assembles the
 * leader's configuration ({@code -XX:AOTMode=create}, same java, JVM options and class path) into
 * the cache the launcher looks for ({@link AotCache#file}), written beside it first and renamed
 * into place, so a node starting meanwhile never maps half a file.
 *
 * <p>The leader's configuration is taken because the leader runs every path of the load (HTTP,
 * the anchor rounds, the driver, the apply); a follower's own code (the append handling) is a
 * small part of it. One cache serves every member.
 *
 * <p>Thread-safety: one at a time (it sets a system property).
 */
final class AotTraining implements AutoCloseable {
  /** How long a training run's node process may take to write its configuration as it stops. */
  static final java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(180);

  private final Path record;
  private final Path dir;
  private long leaderPid;

  private AotTraining(Path record, Path dir) {
    this.record = record;
    this.dir = dir;
  }

  /** Starts a training run recording into {@code record}, for the launcher's cache folder. */
  static AotTraining start(Path record) {
    Path dir = NodeLauncher.aotDir();
    if (dir == null) {
      throw new InvalidArgumentException("--aot-train needs the AOT cache folder: run it through ./cairn"
          + " (it sets -D" + AotCache.DIR_PROPERTY + "), or set " + AotCache.DIR_ENV + "=DIR");
    }
    try {
      Files.createDirectories(record);
    } catch (IOException e) {
      throw CairnIoException.wrap("create " + record, e);
    }
    System.setProperty(AotCache.RECORD_PROPERTY, record.toAbsolutePath().toString());
    return new AotTraining(record, dir);
  }

  /** The pid of the training run's leader, whose configuration becomes the cache. */
  void leader(long pid) {
    leaderPid = pid;
  }

  /**
   * Assembles the leader's configuration into the cache (after the cluster stopped) and returns
   * the cache's file.
   */
  Path finish(PrintWriter out) throws InterruptedException {
    close();
    Path configuration = record.resolve("node-pid" + leaderPid + ".aotconfig");
    if (leaderPid == 0 || !Files.isRegularFile(configuration)) {
      throw new CairnException(ErrorCode.IO_ERROR, "the training run's leader (pid " + leaderPid + ") left no "
          + configuration + ": did it stop cleanly?");
    }
    List<String> options = NodeLauncher.jvmOptions();
    String classPath = NodeLauncher.classPath();
    Path cache = AotCache.file(dir, AotCache.key(Runtime.version(), options, classPath));
    long started = System.nanoTime();
    AotTrainer.assemble(options, classPath, configuration, cache, record.resolve("aot-create.log"));
    try {
      out.printf(Locale.ROOT, "AOT cache written: %s (%.1f MB, from the leader's %.1f MB configuration; assembled in"
          + " %.1f s)%n", cache, Files.size(cache) / 1e6, Files.size(configuration) / 1e6,
          (System.nanoTime() - started) / 1e9);
    } catch (IOException e) {
      throw CairnIoException.wrap("read the size of " + cache, e);
    }
    out.flush();
    return cache;
  }

  /** Node processes started from now on run normally. */
  @Override
  public void close() {
    System.clearProperty(AotCache.RECORD_PROPERTY);
  }
}
