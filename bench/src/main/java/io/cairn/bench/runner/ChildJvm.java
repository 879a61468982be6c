package io.cairn.bench.runner;

import io.cairn.common.CairnIoException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a benchmark command again in a child JVM whose heap is fixed and touched before {@code
 * main} ({@code -Xms = -Xmx}, {@code -XX:+AlwaysPreTouch}), so that no measured phase pays for the
 * heap growing or shrinking ({@link HeapOption}: {@code --heap} of {@code bench chain}, {@code
 * bench run} and {@code bench paper}).
 *
 * <p>Why: with the JVM's default heap (starting at 1/64 of the machine's memory and grown by G1 as
 * its pauses demand), the verification pass of one run took about 97,000 page faults, one per
 * verification, as G1 committed and first touched new regions, 7.8 µs of kernel CPU per record of
 * 30.2 in all; the next run, with a fixed heap, took 52 and 0.3 µs (docs/chain.md, issue 15, eighth
 * round). How far G1 grows the heap depends on how long its pauses were, so on the machine's load,
 * and the same tree measured 8.6 and 19.5 µs per verification in consecutive runs. In {@code bench
 * run}'s YCSB load the collector's threads spent about as much time in the kernel as in Java (the
 * heap grown from 384 MB to 2.5-3.3 GB during a 200,000-record load, then shrunk again by the
 * {@code System.gc()} after each phase and cell, so that every engine grew it anew; docs/engine.md,
 * "The load phase's GC and JIT, session 11").
 *
 * <p>The child gets this JVM's options (without a flight recording, whose file the parent would
 * overwrite at exit: profile with {@code --heap none}; a {@code -Xlog} file should name {@code %p}),
 * then the fixed heap, and the same command line; its output is copied to this command's output
 * and its exit status returned.
 */
public final class ChildJvm {
  /** Set in the child, so that it measures instead of starting another child. */
  static final String CHILD_PROPERTY = "cairn.bench.child";

  private ChildJvm() {}

  /** Whether this JVM is such a child. */
  public static boolean isChild() {
    return Boolean.getBoolean(CHILD_PROPERTY);
  }

  /**
   * Runs {@code arguments} (the whole command line, e.g. {@code bench chain ...}) in a child JVM
   * with a fixed heap of {@code heapBytes}; returns its exit status.
   */
  public static int run(long heapBytes, List<String> arguments, PrintWriter out, PrintWriter err) {
    String name = String.join(" ", arguments.subList(0, Math.min(2, arguments.size())));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!option.startsWith("-XX:StartFlightRecording") && !option.startsWith("-Xms") && !option.startsWith("-Xmx")) {
        command.add(option);
      }
    }
    long megabytes = Math.max(1, heapBytes >> 20);
    command.addAll(List.of("-Xms" + megabytes + "m", "-Xmx" + megabytes + "m", "-XX:+AlwaysPreTouch",
        "-D" + CHILD_PROPERTY + "=true", "-cp", System.getProperty("java.class.path"), "io.cairn.node.Main"));
    command.addAll(arguments);
    Process process;
    try {
      process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      throw CairnIoException.wrap("start the child JVM of " + name, e);
    }
    Thread stopChild = new Thread(process::destroy, "bench-child-stop");
    Runtime.getRuntime().addShutdownHook(stopChild);
    try {
      Thread errors = Thread.ofVirtual().start(() -> copy(process.getErrorStream(), err, name));
      copy(process.getInputStream(), out, name);
      errors.join();
      return process.waitFor();
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      throw new CairnIoException("interrupted while the child JVM of " + name + " ran", e);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopChild);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs anyway.
      }
    }
  }

  private static void copy(InputStream from, PrintWriter to, String name) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        to.println(line);
        to.flush();
      }
    } catch (IOException e) {
      throw CairnIoException.wrap("read the output of the child JVM of " + name, e);
    }
  }
}
