package io.cairn.lsm.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link CrashChild} in its own JVM, with its "ack N" lines tracked. */
final class ChildJvm implements AutoCloseable {
  /** How long {@link #killNine} waits for the child's output to be read to its end. */
  static final long DRAIN_SECONDS = 300;

  private final Process process;
  private final AtomicLong lastAck = new AtomicLong(-1);
  private final CountDownLatch ready = new CountDownLatch(1);
  private final StringBuilder otherOutput = new StringBuilder();
  private final Thread reader;

  private ChildJvm(Process process) {
    this.process = process;
    this.reader = Thread.ofPlatform().daemon().start(this::readOutput);
  }

  /** Starts {@code CrashChild} with {@code arguments} on this JVM's class path. */
  static ChildJvm start(String... arguments) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    // Native access granted as the tests and ./cairn do: without it the JVM prints a multi-line
    // "WARNING: A restricted method ..." at the first native call (the first pmem flush, mid-run),
    // and on the merged output an "ack N" line can land inside it and be lost (the parent would
    // then see the database two operations past the last ack it read).
    List<String> command = new ArrayList<>(List.of(java, "-ea", "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "--enable-native-access=ALL-UNNAMED", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), CrashChild.class.getName()));
    command.addAll(List.of(arguments));
    return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** Waits until the child printed "ready"; false on timeout or death. */
  boolean awaitReady(long seconds) throws InterruptedException {
    return ready.await(seconds, TimeUnit.SECONDS);
  }

  /** The last operation the child reported done, or -1; exact once {@link #killNine} returned. */
  long lastAck() {
    return lastAck.get();
  }

  /**
   * Kills the child with SIGKILL (kill -9) and waits for it; then every line it printed is read,
   * so that {@link #lastAck} is the child's last ack.
   *
   * @throws IllegalStateException when its output is not read to the end within {@link
   *     #DRAIN_SECONDS} (the last ack would be unknown: an older one would make the database look
   *     as if it held writes that were never made)
   */
  void killNine() throws InterruptedException {
    // Through the handle: Process.destroyForcibly would also close our end of the pipes and lose
    // the acks still buffered in them.
    process.toHandle().destroyForcibly();
    process.waitFor();
    // The pipe ends with the child, so the reader reaches its end; on a loaded machine that can
    // take long (a 10-second wait most likely ran out once and left the last ack two lines old).
    // Waited in one-second steps, counted: one join over the whole bound returned after a few
    // seconds with the reader still alive in a CI run of session 10 (a timed wait cut short, e.g. by
    // a jump of the VM's clock), and a step cut short only costs one of the steps.
    long started = System.nanoTime();
    for (long step = 0; step < DRAIN_SECONDS && reader.isAlive(); step++) {
      reader.join(Duration.ofSeconds(1));
    }
    if (reader.isAlive()) {
      throw new IllegalStateException("the killed child's output was not read to its end within " + DRAIN_SECONDS
          + " one-second waits (" + (System.nanoTime() - started) / 1_000_000 + " ms by the monotonic clock; reader "
          + reader.getState() + "): its last ack is unknown");
    }
  }

  /** What the child printed besides acks (for failure messages). */
  synchronized String otherOutput() {
    return otherOutput.toString();
  }

  /** Closes the child's stdin (a holding child then exits). */
  void closeInput() throws IOException {
    process.getOutputStream().close();
  }

  boolean waitForExit(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      killNine();
    }
  }

  private void readOutput() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("ack ")) {
          lastAck.set(Long.parseLong(line.substring(4)));
        } else if (line.equals("ready")) {
          ready.countDown();
        } else {
          synchronized (this) {
            otherOutput.append(line).append('\n');
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      synchronized (this) {
        otherOutput.append("(output unreadable: ").append(e).append(")\n");
      }
    }
  }
}
