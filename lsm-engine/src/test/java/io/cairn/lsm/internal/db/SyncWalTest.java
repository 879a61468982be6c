package io.cairn.lsm.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import io.cairn.lsm.internal.fs.AppendFile;
import io.cairn.lsm.internal.fs.ForwardingFileLayer;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.testing.Property;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code Db.syncWal} (session 17): every write that returned before the call survives a power cut
 * after it, while unsynced writes from another thread go on beside it (segments switch under it
 * with the tiny write buffers of {@link ModelRun#randomOptions}); and a writer is not held back
 * while the sync waits for the disk.
 */
class SyncWalTest {
  private static final Path DIRECTORY = Path.of("/db");

  /** A case: the engine options' seed, the puts, and after how many of them each sync is asked. */
  record Case(long seed, int puts, int syncEvery) {}

  @Test
  void everyWriteBeforeASyncSurvivesAPowerCutWhileWritesGoOnBesideIt() {
    Property.of("syncWal makes every earlier write durable", random -> new Case(random.nextLong(),
            random.nextInt(200, 2_000), random.nextInt(1, 120)))
        .trials(30)
        .check(testCase -> {
          InMemoryFileLayer files = new InMemoryFileLayer();
          Options options = ModelRun.randomOptions(testCase.seed());
          SplittableRandom random = new SplittableRandom(testCase.seed());
          int durable = 0;
          ExecutorService syncer = Executors.newSingleThreadExecutor();
          try (Db db = DbImpl.open(DIRECTORY, options, files)) {
            Future<?> sync = CompletableFuture.completedFuture(null);
            int asked = 0;
            for (int i = 0; i < testCase.puts(); i++) {
              db.put(key(i), value(random, i), WriteOptions.DEFAULT);
              if ((i + 1) % testCase.syncEvery() == 0 && sync.isDone()) {
                sync.get();
                durable = asked;
                int upTo = i + 1;
                sync = syncer.submit(db::syncWal);
                asked = upTo;
              }
            }
            sync.get();
            durable = asked;
            files.crash(); // a power cut: what was not synced is gone; close fails quietly
          } catch (Exception e) {
            if (!files.crashed()) {
              throw new AssertionError(e);
            }
          } finally {
            syncer.shutdownNow();
          }
          files.restart();
          try (Db db = DbImpl.open(DIRECTORY, options, files)) {
            SplittableRandom again = new SplittableRandom(testCase.seed());
            for (int i = 0; i < durable; i++) {
              byte[] expected = value(again, i);
              assertThat(db.get(key(i))).as("put %d of %d, synced through %d", i, testCase.puts(), durable)
                  .isEqualTo(expected);
            }
          }
        });
  }

  @Test
  void aWriterGoesOnWhileTheSyncWaitsForTheDisk() throws Exception {
    CountDownLatch syncEntered = new CountDownLatch(1);
    CountDownLatch releaseSync = new CountDownLatch(1);
    AtomicBoolean holdSyncs = new AtomicBoolean();
    InMemoryFileLayer memory = new InMemoryFileLayer();
    ForwardingFileLayer files = new ForwardingFileLayer(memory) {
      @Override
      public AppendFile createAppendFile(Path path) {
        return new HeldSync(super.createAppendFile(path), holdSyncs, syncEntered, releaseSync);
      }
    };
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Db db = DbImpl.open(DIRECTORY, Options.builder().build(), files);
      db.put(key(0), key(0), WriteOptions.SYNC); // the live segment's name is durable from here on
      db.put(key(1), key(1), WriteOptions.DEFAULT);
      holdSyncs.set(true);
      Future<?> sync = threads.submit(db::syncWal);
      assertThat(syncEntered.await(30, TimeUnit.SECONDS)).as("the sync reached the file").isTrue();
      Future<?> write = threads.submit(() -> db.put(key(2), key(2), WriteOptions.DEFAULT));
      write.get(30, TimeUnit.SECONDS); // returns while the fsync is held: not queued behind it
      assertThat(sync.isDone()).isFalse();
      releaseSync.countDown();
      sync.get(30, TimeUnit.SECONDS);
      memory.crash();
      try {
        db.close();
      } catch (RuntimeException expected) {
        // the machine is down
      }
    } finally {
      releaseSync.countDown();
      threads.shutdownNow();
    }
    memory.restart();
    holdSyncs.set(false);
    try (Db db = DbImpl.open(DIRECTORY, Options.builder().build(), files)) {
      assertThat(db.get(key(1))).as("the write before the sync").isEqualTo(key(1));
    }
  }

  /** An append file whose syncs wait for a latch once {@code hold} is set. */
  private static final class HeldSync implements AppendFile {
    private final AppendFile file;
    private final AtomicBoolean hold;
    private final CountDownLatch entered;
    private final CountDownLatch release;

    HeldSync(AppendFile file, AtomicBoolean hold, CountDownLatch entered, CountDownLatch release) {
      this.file = file;
      this.hold = hold;
      this.entered = entered;
      this.release = release;
    }

    @Override
    public Path path() {
      return file.path();
    }

    @Override
    public void append(byte[] bytes, int offset, int length) {
      file.append(bytes, offset, length);
    }

    @Override
    public void sync() {
      if (hold.get()) {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      file.sync();
    }

    @Override
    public void truncate(long bytes) {
      file.truncate(bytes);
    }

    @Override
    public long size() {
      return file.size();
    }

    @Override
    public void close() {
      file.close();
    }
  }

  private static byte[] key(int i) {
    return String.format("k%08d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(SplittableRandom random, int i) {
    byte[] value = new byte[random.nextInt(1, 300)];
    random.nextBytes(value);
    value[0] = (byte) i;
    return value;
  }
}
