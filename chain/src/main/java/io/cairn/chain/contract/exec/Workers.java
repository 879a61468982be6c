package io.cairn.chain.contract.exec;

import io.cairn.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The threads of a parallel executor: {@code threads - 1} daemon pool threads plus the caller,
 * all running the same loop for one block. The pool lives as long as the executor, so a block
 * does not pay for starting threads.
 */
final class Workers implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final int threads;
  private final ExecutorService pool;

  Workers(String name, int threads) {
    if (threads < 1) {
      throw new InvalidArgumentException("threads must be at least 1, was " + threads);
    }
    this.threads = threads;
    int id = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, task -> {
      Thread thread = new Thread(task, name + "-" + id + "-worker-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
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
   * the caller's thread and the others on pool threads, and waits for all of them.
   */
  void runOnAll(int count, IntConsumer worker) {
    assert count >= 1 && count <= threads : count;
    List<Future<?>> running = new ArrayList<>(count - 1);
    for (int i = 1; i < count; i++) {
      int index = i;
      running.add(pool.submit(() -> worker.accept(index)));
    }
    Throwable failure = null;
    try {
      worker.accept(0);
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (ExecutionException e) {
        failure = failure == null ? e.getCause() : failure;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure == null ? e : failure;
      }
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    } else if (failure instanceof Error e) {
      throw e;
    } else if (failure != null) {
      throw new IllegalStateException("a worker was interrupted", failure);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
