package io.cairn.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a command that a test expects to refuse its arguments at once, in bounded time (session 19).
 *
 * <p>A test of a refusal of {@code cluster up} or {@code bench cluster} runs the real command in
 * this JVM. Where the refusal does not happen (a bug, or a mutation that disables the check), the
 * command goes on to start node processes and a cluster, which takes minutes or, in the foreground,
 * never returns: the test then hangs instead of failing. {@link #within} runs the command on a
 * daemon thread and, when it has not returned within the bound, kills by pid every process this JVM
 * started since the call began (with their descendants) and throws an {@link AssertionError} that
 * says the command was not refused and went on.
 *
 * <p>Thread-safety: stateless; one call per command.
 */
public final class Refusal {
  private Refusal() {}

  /**
   * What {@code command} returns, when it returns within {@code bound}.
   *
   * @param what the command, for the failure's message
   * @throws AssertionError when it did not return in time (the processes it started are killed) or
   *     threw
   */
  public static <T> T within(Duration bound, String what, Supplier<T> command) {
    List<Long> before = ProcessHandle.current().descendants().map(ProcessHandle::pid).toList();
    FutureTask<T> task = new FutureTask<>(command::get);
    Thread thread = Thread.ofPlatform().daemon().name("refusal-" + what).start(task);
    try {
      return task.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      thread.interrupt();
      int killed = killStartedSince(before);
      throw new AssertionError(what + " did not return within " + bound.toSeconds() + " s: it was not refused and went"
          + " on (" + killed + " process(es) it started killed by pid)");
    } catch (ExecutionException e) {
      killStartedSince(before);
      throw new AssertionError(what + " threw " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killStartedSince(before);
      throw new AssertionError(what + " interrupted", e);
    }
  }

  /** Kills, by pid, the descendants of this JVM that were not there before; returns how many. */
  private static int killStartedSince(List<Long> before) {
    List<ProcessHandle> started = ProcessHandle.current().descendants()
        .filter(process -> !before.contains(process.pid())).toList();
    for (ProcessHandle process : started) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    for (ProcessHandle process : started) {
      process.onExit().completeOnTimeout(process, 10, TimeUnit.SECONDS).join();
    }
    return started.size();
  }
}
