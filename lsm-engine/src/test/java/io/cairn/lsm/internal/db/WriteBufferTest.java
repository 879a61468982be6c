package io.cairn.lsm.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.Compression;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.internal.fs.AppendFile;
import io.cairn.lsm.internal.fs.DiskFileLayer;
import io.cairn.lsm.internal.fs.FileLayer;
import io.cairn.lsm.internal.fs.ForwardingFileLayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code maxWriteBufferNumber} memtables a write waits for a flush only when every sealed
 * slot is taken: while the first flush cannot write its table, writes fill three more memtables
 * without a stall, the fourth full memtable makes the writer wait, and once the flushes go on
 * (the sealed memtables that waited written together, as one table) every write is there, also
 * after a reopen.
 */
class WriteBufferTest {
  private static final int VALUE_BYTES = 1000;
  private static final long WRITE_BUFFER = 16 << 10;

  @TempDir Path directory;

  @Test
  void writesGoOnWhileSealedMemTablesWaitForTheirFlush() throws Exception {
    CountDownLatch tablesAllowed = new CountDownLatch(1);
    FileLayer blocking = new ForwardingFileLayer(DiskFileLayer.INSTANCE) {
      @Override
      public AppendFile createTableFile(Path path, boolean direct) {
        awaitUninterruptibly(tablesAllowed);
        return super.createTableFile(path, direct);
      }
    };
    Options options = Options.builder().writeBufferBytes(WRITE_BUFFER).maxWriteBufferNumber(4)
        .compression(Compression.NONE).build();
    int perMemTable = (int) (WRITE_BUFFER / VALUE_BYTES) + 2;
    int written = 0;
    try (DbImpl db = DbImpl.open(directory, options, blocking)) {
      // Three memtables sealed (one flush blocked, two waiting), a fourth being filled: no stall.
      for (; written < 3 * perMemTable + perMemTable / 2; written++) {
        db.put(key(written), value(written));
      }
      assertThat(db.property("cairn.num-immutable-mem-table")).isEqualTo("3");
      assertThat(db.stats().writeStalls()).isZero();

      // Filling the fourth makes the next writer wait: every sealed slot is taken.
      int first = written;
      Thread writer = Thread.ofPlatform().start(() -> {
        for (int i = first; i < first + 2 * perMemTable; i++) {
          db.put(key(i), value(i));
        }
      });
      writer.join(300);
      assertThat(writer.isAlive()).as("the writer waits for a flush").isTrue();
      tablesAllowed.countDown();
      writer.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(writer.isAlive()).isFalse();
      written = first + 2 * perMemTable;
      assertThat(db.stats().writeStalls()).isPositive();
      // The flush after the blocked one found the other sealed memtables waiting and took them together.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (db.stats().flushes() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(db.stats().flushes()).isGreaterThanOrEqualTo(2);
      assertThat(db.counters.flushedMemTables.sum()).isGreaterThan(db.stats().flushes());
      checkAll(db, written);
    }
    try (Db reopened = DbImpl.open(directory, options, DiskFileLayer.INSTANCE)) {
      checkAll(reopened, written);
    }
  }

  private static void checkAll(Db db, int count) {
    for (int i = 0; i < count; i++) {
      assertThat(db.get(key(i))).as("key %d", i).isEqualTo(value(i));
    }
  }

  private static byte[] key(int i) {
    return String.format("key%06d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(int i) {
    byte[] value = new byte[VALUE_BYTES];
    java.util.Arrays.fill(value, (byte) i);
    return value;
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
