package io.cairn.chain.contract.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The executors' persistent threads: every index of a block runs exactly once, on its own thread,
 * before {@code runOnAll} returns, whether the threads were spinning or parked; failures come back
 * to the caller once every thread finished; one block at a time; the threads start with the first
 * block and end when closed.
 */
class WorkersTest {
  @Test
  void everyIndexRunsOnceOnItsOwnThreadBeforeTheCallReturns() throws Exception {
    try (Workers workers = new Workers("test", 4)) {
      for (int block = 0; block < 2_000; block++) {
        int count = 1 + block % 4;
        AtomicIntegerArray runs = new AtomicIntegerArray(4);
        Thread[] ranOn = new Thread[4];
        workers.runOnAll(count, i -> {
          runs.incrementAndGet(i);
          ranOn[i] = Thread.currentThread(); // published to the caller by the hand-back
        });
        for (int i = 0; i < 4; i++) {
          assertThat(runs.get(i)).as("runs of index %d in block %d of %d indexes", i, block, count)
              .isEqualTo(i < count ? 1 : 0);
        }
        assertThat(ranOn[0]).isSameAs(Thread.currentThread());
        for (int i = 1; i < count; i++) {
          assertThat(ranOn[i]).isNotSameAs(Thread.currentThread()).isNotSameAs(ranOn[i - 1]);
        }
        if (block % 500 == 499) {
          Thread.sleep(2 * Workers.SPIN_NANOS / 1_000_000 + 5); // the threads park: a hand-off must wake them
        }
      }
    }
  }

  @Test
  void aFailureComesBackOnceEveryThreadFinishedAndTheThreadsStayUsable() {
    try (Workers workers = new Workers("test", 3)) {
      AtomicInteger finished = new AtomicInteger();
      assertThatThrownBy(() -> workers.runOnAll(3, i -> {
        if (i == 2) {
          throw new IllegalArgumentException("index 2 fails");
        }
        sleep(20);
        finished.incrementAndGet();
      })).isInstanceOf(IllegalArgumentException.class).hasMessage("index 2 fails");
      assertThat(finished.get()).as("indexes 0 and 1 finished before the failure came back").isEqualTo(2);
      assertThatThrownBy(() -> workers.runOnAll(3, i -> {
        if (i == 0) {
          throw new IllegalStateException("the caller's");
        }
        throw new AssertionError("index " + i);
      })).isInstanceOf(IllegalStateException.class).hasMessage("the caller's");
      AtomicInteger runs = new AtomicInteger();
      workers.runOnAll(3, i -> runs.incrementAndGet());
      assertThat(runs.get()).isEqualTo(3);
    }
  }

  @Test
  void aSecondBlockWhileOneRunsFails() throws Exception {
    try (Workers workers = new Workers("test", 2)) {
      CountDownLatch inside = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Thread first = new Thread(() -> workers.runOnAll(2, i -> {
        if (i == 1) {
          inside.countDown();
          await(release);
        }
      }));
      first.start();
      assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> workers.runOnAll(2, i -> {})).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("one block at a time");
      release.countDown();
      first.join(10_000);
      assertThat(first.isAlive()).isFalse();
    }
  }

  @Test
  void closingEndsThePoolThreads() throws Exception {
    AtomicReference<Thread> pooled = new AtomicReference<>();
    Workers workers = new Workers("test", 2);
    workers.runOnAll(2, i -> {
      if (i == 1) {
        pooled.set(Thread.currentThread());
      }
    });
    workers.close();
    pooled.get().join(10_000);
    assertThat(pooled.get().isAlive()).isFalse();
    assertThatThrownBy(() -> workers.runOnAll(2, i -> {})).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theThreadsStartWithTheFirstBlock() throws Exception {
    Workers workers = new Workers("lazy-pool", 3);
    assertThat(poolThreads("lazy-pool-")).as("before any block").isZero();
    workers.runOnAll(3, i -> {});
    assertThat(poolThreads("lazy-pool-")).as("after the first block").isEqualTo(2);
    workers.close();
    for (int waited = 0; poolThreads("lazy-pool-") > 0 && waited < 10_000; waited += 10) {
      Thread.sleep(10);
    }
    assertThat(poolThreads("lazy-pool-")).as("after closing").isZero();
  }

  private static long poolThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
