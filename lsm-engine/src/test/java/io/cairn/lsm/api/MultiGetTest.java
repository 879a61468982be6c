package io.cairn.lsm.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Db#multiGet} answers exactly what {@link Db#get} answers for each key, whatever the keys'
 * order (ascending keys walk each memtable from a finger), across the mutable memtable, sealed
 * ones and tables, and at a snapshot.
 */
class MultiGetTest {
  @TempDir Path directory;

  private static Options small() {
    return Options.builder().writeBufferBytes(16 << 10).targetFileBytes(16 << 10).level1MaxBytes(64 << 10)
        .l0CompactionTrigger(2).blockCacheBytes(1 << 20).build();
  }

  /** An operation: a put of a value under key {@code key}, or its delete when {@code value < 0}. */
  record Op(int key, int value) {}

  @Test
  void multiGetEqualsGetPerKeyInAnyOrder() {
    int[] run = {0};
    Property.of("multiGet equals get per key", MultiGetTest::ops)
        .shrinkWith(Shrinkers.list())
        .trials(40)
        .check(ops -> {
          try (Db db = Cairn.open(Files.createDirectories(directory.resolve("run" + run[0]++)), small())) {
            for (Op op : ops) {
              if (op.value() < 0) {
                db.delete(key(op.key()));
              } else {
                db.put(key(op.key()), value(op.key(), op.value()));
              }
            }
            List<byte[]> keys = new ArrayList<>();
            for (int k = 0; k < 300; k++) {
              keys.add(key(k));
            }
            assertSameAsGets(db, keys, ReadOptions.DEFAULT);
            Collections.shuffle(keys, new java.util.Random(ops.size()));
            assertSameAsGets(db, keys, ReadOptions.DEFAULT);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  @Test
  void multiGetAtASnapshotIgnoresLaterWrites() {
    try (Db db = Cairn.open(directory, small())) {
      for (int k = 0; k < 2_000; k += 2) {
        db.put(key(k), value(k, 1));
      }
      List<byte[]> keys = new ArrayList<>();
      for (int k = 0; k < 2_000; k++) {
        keys.add(key(k));
      }
      try (Snapshot snapshot = db.getSnapshot()) {
        ReadOptions atSnapshot = ReadOptions.DEFAULT.withSnapshot(snapshot);
        byte[][] before = db.multiGet(keys.toArray(byte[][]::new), atSnapshot);
        for (int k = 0; k < 2_000; k++) {
          db.put(key(k), value(k, 2));
        }
        assertThat(db.multiGet(keys.toArray(byte[][]::new), atSnapshot)).isDeepEqualTo(before);
        for (int k = 0; k < 2_000; k++) {
          assertThat(before[k]).as("key %d", k).isEqualTo(k % 2 == 0 ? value(k, 1) : null);
        }
      }
    }
  }

  private static void assertSameAsGets(Db db, List<byte[]> keys, ReadOptions options) {
    byte[][] values = db.multiGet(keys.toArray(byte[][]::new), options);
    assertThat(values.length).isEqualTo(keys.size());
    for (int i = 0; i < values.length; i++) {
      assertThat(values[i]).as("key %s", new String(keys.get(i), StandardCharsets.UTF_8))
          .isEqualTo(db.get(keys.get(i), options));
    }
  }

  private static List<Op> ops(SplittableRandom random) {
    List<Op> ops = new ArrayList<>();
    int count = random.nextInt(1, 1_500);
    for (int i = 0; i < count; i++) {
      ops.add(new Op(random.nextInt(300), random.nextInt(8) == 0 ? -1 : random.nextInt(1_000)));
    }
    return ops;
  }

  private static byte[] key(int k) {
    return String.format("key%05d", k).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(int k, int version) {
    byte[] value = new byte[40];
    Arrays.fill(value, (byte) version);
    value[0] = (byte) k;
    return value;
  }
}
