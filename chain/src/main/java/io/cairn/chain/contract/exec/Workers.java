package io.cairn.chain.contract.exec;

import io.cairn.common.InvalidArgumentException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The threads of a parallel executor: {@code threads - 1} persistent daemon threads plus the
 * caller, all running the same loop for one block. Each pool thread has its own hand-off slot (the
 * task and a generation number), so a block costs no queue, no future and no lock: the caller
 * writes the task and bumps the slot's generation, the thread runs the task and publishes the
 * generation it finished. A waiting thread spins for {@link #SPIN_NANOS} before it parks, so a
 * block that follows soon after the last, or a {@link #wake} shortly before a block, finds the
 * thread running instead of asleep (waking a parked thread costs tens of microseconds on a
 * virtual machine), while an idle executor costs no core. The threads start with the first block,
 * so an executor that never runs one (a ledger without contract calls) has none.
 *
 * <p>Thread-safety: {@link #runOnAll} runs one block at a time (a second caller meanwhile is a
 * bug and fails); {@link #wake} and {@link #close} may be called from any thread.
 */
final class Workers implements AutoCloseable {
  /** How long a waiting thread spins before it parks. */
  static final long SPIN_NANOS = 50_000;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final int threads;
  /** Pool thread i runs index i of a block; slot 0 is the caller's and stays null. */
  private final Worker[] pool;
  private final AtomicBoolean running = new AtomicBoolean();
  private final String name;
  private volatile boolean closed;
  /** Whether the pool threads were started; set once they all are. */
  private volatile boolean started;
  private long generation;

  Workers(String name, int threads) {
    if (threads < 1) {
      throw new InvalidArgumentException("threads must be at least 1, was " + threads);
    }
    this.threads = threads;
    this.name = name + "-" + POOLS.incrementAndGet();
    this.pool = new Worker[threads];
  }

  /** Starts the pool threads, once, unless closed. */
  private synchronized void start() {
    if (started || closed) {
      return;
    }
    for (int i = 1; i < threads; i++) {
      pool[i] = new Worker(i);
      Thread thread = new Thread(pool[i], name + "-worker-" + i);
      thread.setDaemon(true);
      pool[i].thread = thread;
      thread.start();
    }
    started = true;
  }

  int threads() {
    return threads;
  }

  /** Runs {@code loop} on every thread (the caller's included) and waits for all of them. */
  void runOnAll(Runnable loop) {
    runOnAll(threads, worker -> loop.run());
  }

  /**
   * Runs {@code worker.accept(i)} for i in 0..{@code count - 1} ({@code count <= threads}), 0 on
   * the caller's thread and the others on pool threads, and waits for all of them. A failure is
   * rethrown once every thread finished (the caller's first, else the lowest index's).
   */
  void runOnAll(int count, IntConsumer worker) {
    assert count >= 1 && count <= threads : count;
    if (closed) {
      throw new IllegalStateException("the executor's threads are closed");
    }
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("one block at a time: the executor's threads are running another");
    }
    try {
      if (!started) {
        start();
        if (!started) {
          throw new IllegalStateException("the executor's threads are closed");
        }
      }
      long block = ++generation;
      for (int i = 1; i < count; i++) {
        pool[i].hand(worker, block);
      }
      Throwable failure = null;
      try {
        worker.accept(0);
      } catch (RuntimeException | Error e) {
        failure = e;
      }
      for (int i = 1; i < count; i++) {
        Throwable failed = pool[i].await(block);
        failure = failure == null ? failed : failure;
      }
      if (failure instanceof RuntimeException e) {
        throw e;
      } else if (failure instanceof Error e) {
        throw e;
      } else if (failure != null) {
        throw new IllegalStateException("a worker failed", failure);
      }
    } finally {
      running.set(false);
    }
  }

  /**
   * Wakes the pool threads so that they spin for {@link #SPIN_NANOS}: called just before a block's
   * own preparation, the block then starts on threads that are already running.
   */
  void wake() {
    if (!started) {
      start();
    }
    unparkAll();
  }

  /** Stops the pool threads (they end once their current task, if any, returns). */
  @Override
  public void close() {
    closed = true;
    if (started) {
      unparkAll(); // a thread started after this sees closed and ends by itself
    }
  }

  private void unparkAll() {
    for (int i = 1; i < threads; i++) {
      if (pool[i] != null) {
        LockSupport.unpark(pool[i].thread);
      }
    }
  }

  /** One pool thread and its hand-off slot. */
  private final class Worker implements Runnable {
    private final int index;
    private Thread thread;
    /** The block's task: written by the caller before {@link #given}, read by the thread after it. */
    private IntConsumer task;
    /** The generation of the block handed to this thread. */
    private volatile long given;
    /** The generation of the last block this thread finished. */
    private volatile long done;
    /** What the last block's task threw: written before {@link #done}, read after it. */
    private Throwable failure;
    /** The caller while it is parked in {@link #await}. */
    private volatile Thread waiter;

    Worker(int index) {
      this.index = index;
    }

    /** Hands block {@code block}'s {@code task} to this thread and wakes it. */
    void hand(IntConsumer task, long block) {
      this.task = task;
      given = block; // publishes the task
      LockSupport.unpark(thread);
    }

    /** Waits until this thread finished block {@code block}; returns what its task threw, or null. */
    Throwable await(long block) {
      if (Backoff.spinWhile(() -> done != block, SPIN_NANOS)) {
        waiter = Thread.currentThread();
        while (done != block) { // the thread reads waiter after it writes done: no wake-up is lost
          LockSupport.park(this);
        }
        waiter = null;
      }
      Throwable failed = failure;
      failure = null;
      return failed;
    }

    @Override
    public void run() {
      long seen = 0;
      while (true) {
        long last = seen;
        while (given == last && !closed) {
          if (Backoff.spinWhile(() -> given == last && !closed, SPIN_NANOS)) {
            LockSupport.park(this);
          }
        }
        if (given == last) {
          return; // closed with no block handed over
        }
        seen = given;
        try {
          task.accept(index);
        } catch (Throwable thrown) { // handed to the caller, which rethrows it
          failure = thrown;
        }
        Thread.interrupted(); // a task's interrupt does not turn the next park into a spin
        done = seen;
        Thread parked = waiter;
        if (parked != null) {
          LockSupport.unpark(parked);
        }
      }
    }
  }
}
