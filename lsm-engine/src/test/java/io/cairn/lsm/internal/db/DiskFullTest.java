package io.cairn.lsm.internal.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CairnIoException;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Disk full and failing syncs, through the fault-injecting in-memory file layer: the write that
 * meets the fault fails, the database stays consistent, and every acknowledged write is there
 * after a reopen.
 */
class DiskFullTest {
  private static final Path DIRECTORY = Path.of("/db");
  private final InMemoryFileLayer files = new InMemoryFileLayer();

  private static Options options() {
    return Options.builder().writeBufferBytes(16 << 10).targetFileBytes(16 << 10).level1MaxBytes(64 << 10)
        .l0CompactionTrigger(2).build();
  }

  @Test
  void walAppendOnAFullDiskFailsOnlyThatWrite() {
    List<Integer> acknowledged = new ArrayList<>();
    try (Db db = DbImpl.open(DIRECTORY, options(), files)) {
      for (int i = 0; i < 20; i++) {
        db.put(key(i), value(i));
        acknowledged.add(i);
      }
      files.setSpaceLeftBytes(10);
      assertThatThrownBy(() -> db.put(key(1000), value(1000)))
          .isInstanceOf(CairnIoException.class).hasMessageContaining("No space left on device");
      assertThat(db.get(key(1000))).isNull();
      assertThat(db.get(key(5))).isEqualTo(value(5));
      files.setSpaceLeftBytes(Long.MAX_VALUE);
      for (int i = 20; i < 40; i++) {
        db.put(key(i), value(i), WriteOptions.SYNC);
        acknowledged.add(i);
      }
    }
    try (Db db = DbImpl.open(DIRECTORY, options(), files)) {
      for (int i : acknowledged) {
        assertThat(db.get(key(i))).as("key %d", i).isEqualTo(value(i));
      }
      assertThat(db.get(key(1000))).isNull();
    }
  }

  @Test
  void failedFlushesAreReportedToWaitingWritersAndRetriedOnceSpaceReturns() {
    List<Integer> acknowledged = new ArrayList<>();
    int failures = 0;
    try (Db db = DbImpl.open(DIRECTORY, options(), files)) {
      files.setSpaceLeftBytes(60 << 10);
      for (int i = 0; i < 2000 && failures < 3; i++) {
        try {
          db.put(key(i), value(i));
          acknowledged.add(i);
        } catch (CairnIoException expected) {
          failures++;
        }
      }
      assertThat(failures).as("writes failed once the disk filled").isPositive();
      for (int i : acknowledged) {
        assertThat(db.get(key(i))).as("key %d readable while the disk is full", i).isEqualTo(value(i));
      }
      files.setSpaceLeftBytes(Long.MAX_VALUE);
      for (int i = 5000; i < 7000; i++) {
        db.put(key(i), value(i));
        acknowledged.add(i);
      }
      assertThat(db.stats().flushes()).isPositive();
    }
    try (Db db = DbImpl.open(DIRECTORY, options(), files)) {
      for (int i : acknowledged) {
        assertThat(db.get(key(i))).as("key %d after reopen", i).isEqualTo(value(i));
      }
    }
  }

  @Test
  void failedSyncRefusesFurtherWritesUntilReopen() {
    try (Db db = DbImpl.open(DIRECTORY, options(), files)) {
      db.put(key(1), value(1), WriteOptions.SYNC);
      files.setFailSyncs(true);
      assertThatThrownBy(() -> db.put(key(2), value(2), WriteOptions.SYNC)).isInstanceOf(CairnIoException.class);
      files.setFailSyncs(false);
      assertThatThrownBy(() -> db.put(key(3), value(3))).isInstanceOf(CairnIoException.class);
      assertThat(db.get(key(1))).isEqualTo(value(1));
    } catch (CairnIoException closeMayFailToo) {
      // Closing after a fatal error may report it again.
    }
    try (Db db = DbImpl.open(DIRECTORY, options(), files)) {
      assertThat(db.get(key(1))).isEqualTo(value(1));
      db.put(key(4), value(4), WriteOptions.SYNC);
      assertThat(db.get(key(4))).isEqualTo(value(4));
    }
  }

  private static byte[] key(int i) {
    return String.format("key%06d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(int i) {
    return ("value-" + i + "-" + "p".repeat(150)).getBytes(StandardCharsets.UTF_8);
  }
}
