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
 * <p>A second, priority lane ({@link #addFirst}) carries work that must not wait behind the
 * ordinary queue (a snapshot transfer's chunks and answers): its tasks run before the next
 * ordinary task, and {@link #runDue} returns after running them so that the loop acts on them (sends
 * what they released) before it takes more ordinary work. Each lane keeps its own order; a task of
 * the priority lane may overtake ordinary tasks queued before it.
 *
 * <p>Thread-safety: {@link #add} and {@link #addFirst} from any thread; {@link #runDue} from the
 * loop's thread only.
 */
public final class TaskInbox {
  /** Most tasks run in one {@link #runDue} after the first. */
  static final int BATCH_MAX = 10_000;

  private static final Runnable WAKE = () -> { };

  private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
  private final java.util.Queue<Runnable> first = new java.util.concurrent.ConcurrentLinkedQueue<>();
  /** An ordinary task taken from {@link #tasks} but not yet run (loop thread only). */
  private Runnable held;

  /** Queues {@code task} for the loop's thread. */
  public void add(Runnable task) {
    tasks.add(task);
  }

  /** Queues {@code task} in the priority lane: it runs before the next ordinary task. */
  public void addFirst(Runnable task) {
    first.add(task);
    tasks.add(WAKE); // wakes a loop waiting in runDue
  }

  /**
   * Waits for tasks until {@code deadlineNanos} ({@link System#nanoTime}) and runs those that came;
   * returns early, right after them, when priority tasks ran.
   */
  public void runDue(long deadlineNanos) throws InterruptedException {
    if (runFirst()) {
      return;
    }
    Runnable task = held;
    held = null;
    if (task == null) {
      long wait = deadlineNanos - System.nanoTime();
      task = wait > 0 ? tasks.poll(wait, TimeUnit.NANOSECONDS) : tasks.poll();
    }
    for (int ran = 0; task != null; ran++) {
      if (ran > BATCH_MAX || runFirst()) {
        held = task; // taken from the queue, not run yet: it runs first next time, in its order
        return;
      }
      task.run();
      task = tasks.poll();
    }
  }

  /** Runs the priority lane's tasks (at most {@link #BATCH_MAX} + 1); returns whether there were any. */
  private boolean runFirst() {
    boolean ran = false;
    for (int n = 0; n <= BATCH_MAX; n++) {
      Runnable task = first.poll();
      if (task == null) {
        break;
      }
      task.run();
      ran = true;
    }
    return ran;
  }
}
