package io.cairn.lsm.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Compression;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An L0 to L1 compaction split into parallel key-range pieces gives what one merge gives: every
 * live key with its newest value, deleted keys gone, in order, also after a reopen; and it did
 * split. Overwrites and deletes make every piece drop versions and tombstones.
 */
class SubcompactionTest {
  @TempDir Path directory;

  @ParameterizedTest
  @EnumSource(L0Mode.class)
  void aSplitCompactionKeepsExactlyTheNewestVersions(L0Mode mode) {
    Options options = Options.builder().l0Mode(mode).writeBufferBytes(16 << 10).targetFileBytes(8 << 10)
        .level1MaxBytes(64L << 20).l0CompactionTrigger(2).l0SlowdownTrigger(8).l0StopTrigger(12)
        .compression(Compression.NONE).maxSubcompactions(4).build();
    TreeMap<String, byte[]> model = new TreeMap<>();
    SplittableRandom random = new SplittableRandom(14);
    Path path = directory.resolve("db");
    try (Db db = Cairn.open(path, options)) {
      for (int round = 0; round < 4; round++) {
        for (int i = 0; i < 1500; i++) {
          String key = String.format("key%05d", random.nextInt(3000));
          if (random.nextInt(8) == 0) {
            db.delete(bytes(key));
            model.remove(key);
          } else {
            byte[] value = new byte[random.nextInt(50, 200)];
            random.nextBytes(value);
            db.put(bytes(key), value);
            model.put(key, value);
          }
        }
        db.compactRange(null, null);
      }
      assertThat(Long.parseLong(db.property("cairn.subcompactions"))).isGreaterThanOrEqualTo(2);
      check(db, model);
    }
    try (Db db = Cairn.open(path, options)) {
      check(db, model);
    }
  }

  private static void check(Db db, TreeMap<String, byte[]> model) {
    for (Map.Entry<String, byte[]> entry : model.entrySet()) {
      assertThat(db.get(bytes(entry.getKey()))).as(entry.getKey()).isEqualTo(entry.getValue());
    }
    try (DbIterator iterator = db.newIterator()) {
      var expected = model.entrySet().iterator();
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        var next = expected.next();
        assertThat(new String(iterator.key(), StandardCharsets.UTF_8)).isEqualTo(next.getKey());
        assertThat(Arrays.equals(iterator.value(), next.getValue())).isTrue();
      }
      assertThat(expected.hasNext()).isFalse();
    }
  }

  private static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }
}
