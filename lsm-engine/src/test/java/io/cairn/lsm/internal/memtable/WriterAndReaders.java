package io.cairn.lsm.internal.memtable;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The memtable structures' concurrency harness: one writer thread publishes how many entries are
 * complete, as the engine publishes a sequence, while two reader threads (seeded 0 and 1) check
 * what is published until the writer is done. The first failure of any thread fails the test;
 * bounded: it gives up after 60 s.
 */
final class WriterAndReaders {
  /** What the writer has finished: readers look only at the first {@code count} entries. */
  static final class Published {
    volatile int count;
    volatile boolean done;
  }

  /** The writer's work; it sets {@link Published#count} after each complete batch. */
  interface Writer {
    void write(Published published);
  }

  /** One reader's checks of the first {@code count} entries (at least one), made again and again until the writer is done. */
  interface Reader {
    void check(int count, SplittableRandom random);
  }

  private WriterAndReaders() {}

  /** Runs {@code writer} and two {@code reader}s to the end, threads named after {@code name}. */
  static void run(String name, Writer writer, Reader reader) {
    Published published = new Published();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writing = new Thread(() -> {
      try {
        writer.write(published);
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      } finally {
        published.done = true;
      }
    }, name + "-writer");
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      long seed = r;
      readers.add(new Thread(() -> {
        try {
          SplittableRandom random = new SplittableRandom(seed);
          while (!published.done) {
            int count = published.count;
            if (count == 0) {
              Thread.onSpinWait();
            } else {
              reader.check(count, random);
            }
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, name + "-reader-" + r));
    }
    readers.forEach(Thread::start);
    writing.start();
    try {
      writing.join(60_000);
      published.done = true;
      for (Thread thread : readers) {
        thread.join(60_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    assertThat(writing.isAlive()).as("writer still running after 60 s").isFalse();
    assertThat(readers).noneMatch(Thread::isAlive);
    assertThat(failure.get()).isNull();
  }
}
