package io.cairn.bench.cluster;

import io.cairn.common.CairnIoException;
import io.cairn.node.process.NodeLauncher;
import io.cairn.replication.api.NodeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code bench cluster --trace DIR} for one Cairn run: while it is open, the members started
 * (node processes or members in this JVM) write their stage traces ({@link
 * NodeOptions#STAGE_TRACE_PROPERTY}) into its folder, and node processes also their GC logs
 * ({@code gc-<pid>.log}, every collection with its pause). It sets the system properties the
 * members and {@link NodeLauncher} read at start, and puts back the earlier values on close.
 *
 * <p>Thread-safety: one run at a time (it changes system properties).
 */
final class RunTrace implements AutoCloseable {
  /** The property {@link NodeLauncher} takes the node processes' JVM options from. */
  static final String NODE_JAVA_OPTS = "cairn.node.javaOpts";

  private final String oldTrace;
  private final String oldJavaOpts;
  private final boolean on;

  private RunTrace(String oldTrace, String oldJavaOpts, boolean on) {
    this.oldTrace = oldTrace;
    this.oldJavaOpts = oldJavaOpts;
    this.on = on;
  }

  /** Traces into {@code folder} until closed; does nothing when {@code folder} is null. */
  static RunTrace start(Path folder, boolean inProcess) {
    String oldTrace = System.getProperty(NodeOptions.STAGE_TRACE_PROPERTY);
    String oldJavaOpts = System.getProperty(NODE_JAVA_OPTS);
    if (folder == null) {
      return new RunTrace(oldTrace, oldJavaOpts, false);
    }
    Path absolute = folder.toAbsolutePath();
    try {
      Files.createDirectories(absolute);
    } catch (IOException e) {
      throw CairnIoException.wrap("create the trace folder " + absolute, e);
    }
    if (inProcess) {
      System.setProperty(NodeOptions.STAGE_TRACE_PROPERTY, absolute.toString());
    } else {
      String base = oldJavaOpts != null ? oldJavaOpts : System.getenv("CAIRN_NODE_JAVA_OPTS");
      String options = base == null || base.isBlank() ? NodeLauncher.DEFAULT_JAVA_OPTS : base.strip();
      System.setProperty(NODE_JAVA_OPTS, options + " -D" + NodeOptions.STAGE_TRACE_PROPERTY + "=" + absolute
          + " -Xlog:gc*:file=" + absolute.resolve("gc-%p.log") + ":uptime,level,tags");
    }
    return new RunTrace(oldTrace, oldJavaOpts, true);
  }

  @Override
  public void close() {
    if (on) {
      restore(NodeOptions.STAGE_TRACE_PROPERTY, oldTrace);
      restore(NODE_JAVA_OPTS, oldJavaOpts);
    }
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }
}
