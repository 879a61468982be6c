package io.cairn.replication.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link LogSyncer}: a sync reports the newest request made before it began, never one made while
 * it ran (that one waits for the next sync, which serves every request made meanwhile at once); a
 * failed sync is reported and ends the thread.
 */
class LogSyncerTest {
  @Test
  void aSyncReportsOnlyWhatWasRequestedBeforeItBeganAndTheNextServesTheRest() throws Exception {
    Semaphore began = new Semaphore(0);
    Semaphore release = new Semaphore(0);
    BlockingQueue<long[]> reports = new LinkedBlockingQueue<>();
    LogSyncer syncer = new LogSyncer(() -> {
      began.release();
      release.acquireUninterruptibly();
    }, (index, term) -> reports.add(new long[] {index, term}), failure -> { }, "test-logsync");
    syncer.start();
    try {
      syncer.request(5, 1);
      assertThat(began.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
      syncer.request(7, 1); // while the first sync runs: not covered by it
      syncer.request(6, 1); // an older index does not move the request back
      syncer.request(9, 1);
      release.release();
      assertThat(reports.poll(30, TimeUnit.SECONDS)).containsExactly(5, 1);
      assertThat(began.tryAcquire(30, TimeUnit.SECONDS)).as("one more sync for the three requests").isTrue();
      syncer.request(3, 2); // a new term's request replaces an older term's
      release.release();
      assertThat(reports.poll(30, TimeUnit.SECONDS)).containsExactly(9, 1);
      assertThat(began.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
      release.release();
      assertThat(reports.poll(30, TimeUnit.SECONDS)).containsExactly(3, 2);
      assertThat(syncer.syncs()).isEqualTo(3);
      assertThat(syncer.requests()).isEqualTo(5);
      assertThat(reports.poll(200, TimeUnit.MILLISECONDS)).as("nothing more was asked").isNull();
    } finally {
      release.release(10);
      syncer.close();
    }
  }

  @Test
  void aFailedSyncIsReportedAndNothingIsPersisted() throws Exception {
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    CountDownLatch reported = new CountDownLatch(1);
    List<long[]> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
    RuntimeException boom = new IllegalStateException("disk gone");
    LogSyncer syncer = new LogSyncer(() -> {
      throw boom;
    }, (index, term) -> reports.add(new long[] {index, term}), failure -> {
      failed.set(failure);
      reported.countDown();
    }, "test-logsync");
    syncer.start();
    try {
      syncer.request(4, 1);
      assertThat(reported.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(failed.get()).isSameAs(boom);
      assertThat(reports).isEmpty();
    } finally {
      syncer.close();
    }
  }
}
