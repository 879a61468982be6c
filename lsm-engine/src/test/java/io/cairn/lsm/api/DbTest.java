package io.cairn.lsm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.BusyException;
import io.cairn.common.ClosedException;
import io.cairn.common.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbTest {
  @TempDir Path directory;

  private static Options small() {
    return Options.builder().writeBufferBytes(64 << 10).targetFileBytes(64 << 10).level1MaxBytes(256 << 10)
        .l0CompactionTrigger(2).blockCacheBytes(1 << 20).build();
  }

  @Test
  void putGetAndDeleteRoundTrip() {
    try (Db db = Cairn.open(directory, Options.defaults())) {
      db.put(bytes("alpha"), bytes("1"));
      db.put(bytes("beta"), bytes("2"), WriteOptions.SYNC);
      assertThat(db.get(bytes("alpha"))).isEqualTo(bytes("1"));
      db.delete(bytes("alpha"));
      assertThat(db.get(bytes("alpha"))).isNull();
      assertThat(db.get(bytes("gamma"))).isNull();
      assertThat(db.get(bytes("beta"))).isEqualTo(bytes("2"));
    }
  }

  @Test
  void reopenRecoversWritesFromTheWal() {
    try (Db db = Cairn.open(directory, Options.defaults())) {
      for (int i = 0; i < 1000; i++) {
        db.put(key(i), value(i));
      }
      db.delete(key(7));
    }
    try (Db db = Cairn.open(directory, Options.defaults())) {
      assertThat(db.get(key(7))).isNull();
      for (int i = 0; i < 1000; i++) {
        if (i != 7) {
          assertThat(db.get(key(i))).as("key %d", i).isEqualTo(value(i));
        }
      }
    }
  }

  @Test
  void dataSurvivesFlushesCompactionsAndReopens() {
    int count = 20_000;
    try (Db db = Cairn.open(directory, small())) {
      for (int i = 0; i < count; i++) {
        db.put(key(i * 7919 % count), value(i));
      }
      db.compactRange(null, null);
      DbStats stats = db.stats();
      assertThat(stats.flushes()).isPositive();
      assertThat(stats.compactions()).isPositive();
      assertThat(stats.filesPerLevel().get(0)).isZero();
    }
    try (Db db = Cairn.open(directory, small())) {
      for (int i = 0; i < count; i++) {
        assertThat(db.get(key(i * 7919 % count))).as("key %d", i).isEqualTo(value(i));
      }
      try (DbIterator iterator = db.newIterator()) {
        int seen = 0;
        byte[] previous = null;
        for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
          if (previous != null) {
            assertThat(KeyComparator.BYTEWISE.compare(previous, iterator.key())).isNegative();
          }
          previous = iterator.key();
          seen++;
        }
        assertThat(seen).isEqualTo(count);
      }
    }
  }

  @Test
  void iteratorSeeksAndWalksBothWays() {
    try (Db db = Cairn.open(directory, Options.defaults())) {
      for (int i = 0; i < 100; i += 2) {
        db.put(key(i), value(i));
      }
      try (DbIterator iterator = db.newIterator()) {
        iterator.seek(key(51));
        assertThat(iterator.key()).isEqualTo(key(52));
        iterator.prev();
        assertThat(iterator.key()).isEqualTo(key(50));
        iterator.next();
        iterator.next();
        assertThat(iterator.key()).isEqualTo(key(54));
        iterator.seekToLast();
        assertThat(iterator.key()).isEqualTo(key(98));
        List<String> backward = new ArrayList<>();
        for (; iterator.isValid(); iterator.prev()) {
          backward.add(new String(iterator.key(), StandardCharsets.UTF_8));
        }
        assertThat(backward).hasSize(50).first().isEqualTo("key000098");
      }
    }
  }

  @Test
  void snapshotKeepsSeeingTheOldState() {
    try (Db db = Cairn.open(directory, small())) {
      db.put(bytes("k"), bytes("old"));
      try (Snapshot snapshot = db.getSnapshot()) {
        db.put(bytes("k"), bytes("new"));
        db.delete(bytes("k"));
        for (int i = 0; i < 5000; i++) {
          db.put(key(i), value(i));
        }
        db.compactRange(null, null);
        ReadOptions atSnapshot = ReadOptions.DEFAULT.withSnapshot(snapshot);
        assertThat(db.get(bytes("k"), atSnapshot)).isEqualTo(bytes("old"));
        assertThat(db.get(bytes("k"))).isNull();
        assertThat(db.get(key(1), atSnapshot)).isNull();
      }
    }
  }

  @Test
  void writeBatchIsAppliedAsAWhole() {
    try (Db db = Cairn.open(directory, Options.defaults())) {
      db.put(bytes("gone"), bytes("x"));
      WriteBatch batch = new WriteBatch().put(bytes("a"), bytes("1")).delete(bytes("gone")).put(bytes("b"), bytes("2"));
      db.write(batch, WriteOptions.SYNC);
      assertThat(db.get(bytes("a"))).isEqualTo(bytes("1"));
      assertThat(db.get(bytes("b"))).isEqualTo(bytes("2"));
      assertThat(db.get(bytes("gone"))).isNull();
    }
  }

  @Test
  void everyCallAfterCloseFailsWithClosedException() {
    Db db = Cairn.open(directory, Options.defaults());
    db.close();
    db.close();
    assertThatThrownBy(() -> db.put(bytes("k"), bytes("v"))).isInstanceOf(ClosedException.class);
    assertThatThrownBy(() -> db.get(bytes("k"))).isInstanceOf(ClosedException.class);
    assertThatThrownBy(db::newIterator).isInstanceOf(ClosedException.class);
    assertThatThrownBy(db::getSnapshot).isInstanceOf(ClosedException.class);
  }

  @Test
  void secondOpenOfTheSameDirectoryIsBusy() {
    try (Db db = Cairn.open(directory, Options.defaults())) {
      assertThatThrownBy(() -> Cairn.open(directory, Options.defaults())).isInstanceOf(BusyException.class);
    }
    Cairn.open(directory, Options.defaults()).close();
  }

  @Test
  void openingRefusesWhatTheOptionsForbid() {
    Path missing = directory.resolve("nothing-here");
    assertThatThrownBy(() -> Cairn.open(missing, Options.builder().createIfMissing(false).build()))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("createIfMissing");
    assertThat(Files.exists(missing)).isFalse();
    Cairn.open(directory, Options.defaults()).close();
    assertThatThrownBy(() -> Cairn.open(directory, Options.builder().errorIfExists(true).build()))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("already exists");
    assertThatThrownBy(() -> Cairn.open(directory, Options.builder().comparator(REVERSE).build()))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("comparator");
    assertThatThrownBy(() -> Options.builder().l0Mode(L0Mode.SSD).walOnPmem(true).build())
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("walOnPmem");
    assertThatThrownBy(() -> Options.builder().blockBytes(10).build())
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("blockBytes");
  }

  @Test
  void customComparatorOrdersKeys() {
    Options options = small().toBuilder().comparator(REVERSE).build();
    try (Db db = Cairn.open(directory, options)) {
      for (int i = 0; i < 3000; i++) {
        db.put(key(i), value(i));
      }
      db.compactRange(null, null);
      try (DbIterator iterator = db.newIterator()) {
        iterator.seekToFirst();
        assertThat(iterator.key()).isEqualTo(key(2999));
        iterator.seek(key(1500));
        assertThat(iterator.key()).isEqualTo(key(1500));
        iterator.next();
        assertThat(iterator.key()).isEqualTo(key(1499));
      }
      assertThat(db.get(key(42))).isEqualTo(value(42));
    }
  }

  @Test
  void propertiesDescribeTheLevels() {
    try (Db db = Cairn.open(directory, small())) {
      for (int i = 0; i < 5000; i++) {
        db.put(key(i), value(i));
      }
      db.compactRange(null, null);
      assertThat(db.property("cairn.num-files-at-level0")).isEqualTo("0");
      assertThat(Long.parseLong(db.property("cairn.bytes-at-level1")) + Long.parseLong(db.property("cairn.bytes-at-level2")))
          .isPositive();
      assertThat(db.property("cairn.stats")).contains("Level").contains("write amplification");
      assertThat(db.property("cairn.sstables")).contains("level 1");
      assertThat(db.property("cairn.no-such-thing")).isNull();
      assertThat(db.property("cairn.num-files-at-level99")).isNull();
    }
  }

  static final KeyComparator REVERSE = ReverseKeyOrder.COMPARATOR;

  static byte[] key(int i) {
    return bytes(String.format("key%06d", i));
  }

  static byte[] value(int i) {
    return bytes("value-" + i + "-" + "x".repeat(i % 100));
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
