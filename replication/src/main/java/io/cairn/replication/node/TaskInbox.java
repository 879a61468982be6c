package io.cairn.replication.node;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The work queue of a protocol loop (the KRaft {@link Driver}, the BFT runner): other threads
 * {@link #add} tasks; the loop's thread calls {@link #runDue} between ticks, which waits for work
 * until the next tick and runs what came, in order, at most {@link #BATCH_MAX} (+1) tasks at a time
 * so that a flood of tasks cannot starve the ticks.
 *
 * <p>Thread-safety: {@link #add} from any thread; {@link #runDue} from the loop's thread only.
 */
public final class TaskInbox {
  /** Most tasks run in one {@link #runDue} after the first. */
  static final int BATCH_MAX = 10_000;

  private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

  /** Queues {@code task} for the loop's thread. */
  public void add(Runnable task) {
    tasks.add(task);
  }

  /** Waits for tasks until {@code deadlineNanos} ({@link System#nanoTime}) and runs those that came. */
  public void runDue(long deadlineNanos) throws InterruptedException {
    long wait = deadlineNanos - System.nanoTime();
    Runnable task = wait > 0 ? tasks.poll(wait, TimeUnit.NANOSECONDS) : tasks.poll();
    for (int ran = 0; task != null && ran < BATCH_MAX; ran++) {
      task.run();
      task = tasks.poll();
    }
    if (task != null) {
      task.run();
    }
  }
}
