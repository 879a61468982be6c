package io.cairn.lsm.internal.memtable;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.KeyComparator;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.key.Lookup;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MemTableTest {
  private static final InternalKeyComparator ORDER = new InternalKeyComparator(KeyOrder.of(KeyComparator.BYTEWISE));
  /** A write buffer and arena chunks of 1 KiB (the arena on, whatever the default), so the tests below cross many chunk boundaries. */
  private static final long SMALL_BUFFER = 4 << 10;
  private static final int CHUNK = 1 << 10;

  @Test
  void getSeesTheNewestVersionAtOrBeforeItsSequence() {
    MemTable table = new MemTable(ORDER);
    put(table, 1, "k", "v1");
    put(table, 5, "k", "v5");
    delete(table, 9, "k");
    assertThat(get(table, "k", 0)).isEqualTo("absent");
    assertThat(get(table, "k", 4)).isEqualTo("v1");
    assertThat(get(table, "k", 5)).isEqualTo("v5");
    assertThat(get(table, "k", 8)).isEqualTo("v5");
    assertThat(get(table, "k", 9)).isEqualTo("deleted");
    assertThat(get(table, "j", 100)).isEqualTo("absent");
    assertThat(get(table, "kk", 100)).isEqualTo("absent");
  }

  @Test
  void iteratorWalksInternalKeyOrderBothWays() {
    Property.of("memtable iterator equals sorted internal keys", MemTableTest::randomKeys)
        .shrinkWith(Shrinkers.list())
        .trials(200)
        .check(keys -> {
          MemTable table = new MemTable(ORDER, SMALL_BUFFER, CHUNK);
          TreeMap<byte[], String> model = new TreeMap<>(ORDER::compare);
          long sequence = 0;
          for (String key : keys) {
            sequence++;
            put(table, sequence, key, "v" + sequence);
            model.put(InternalKeyFormat.encode(bytes(key), sequence, InternalKeyFormat.TYPE_VALUE), "v" + sequence);
          }
          List<byte[]> forward = new ArrayList<>();
          List<String> values = new ArrayList<>();
          InternalIterator iterator = table.newIterator();
          for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
            forward.add(iterator.copyKey());
            values.add(new String(iterator.valueBytes(), iterator.valueOffset(), iterator.valueLength(),
                StandardCharsets.UTF_8));
          }
          assertThat(forward).containsExactlyElementsOf(model.keySet());
          assertThat(values).containsExactlyElementsOf(model.values());
          List<byte[]> backward = new ArrayList<>();
          for (iterator.seekToLast(); iterator.isValid(); iterator.prev()) {
            backward.add(iterator.copyKey());
          }
          assertThat(backward).containsExactlyElementsOf(model.descendingKeySet());
          for (byte[] target : model.keySet()) {
            iterator.seek(target);
            assertThat(iterator.copyKey()).isEqualTo(target);
          }
        });
  }

  @Test
  void readersSeeWholeEntriesWhileOneWriterInserts() throws InterruptedException {
    MemTable table = new MemTable(ORDER, SMALL_BUFFER, CHUNK);
    int writes = 50_000;
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      Thread reader = new Thread(() -> {
        try {
          SplittableRandom random = new SplittableRandom();
          while (!done.get()) {
            String key = "key" + random.nextInt(writes);
            String found = get(table, key, Long.MAX_VALUE >>> 8);
            assertThat(found).isIn("absent", "value-of-" + key);
            byte[] previous = null;
            InternalIterator iterator = table.newIterator();
            int steps = 0;
            for (iterator.seekToFirst(); iterator.isValid() && steps < 200; iterator.next(), steps++) {
              byte[] current = iterator.copyKey();
              assertThat(previous == null || ORDER.compare(previous, current) < 0).isTrue();
              previous = current;
            }
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      reader.start();
      readers.add(reader);
    }
    for (int i = 0; i < writes; i++) {
      put(table, i + 1, "key" + i, "value-of-key" + i);
    }
    done.set(true);
    for (Thread reader : readers) {
      reader.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(table.entries()).isEqualTo(writes);
  }

  private static List<String> randomKeys(SplittableRandom random) {
    List<String> keys = new ArrayList<>();
    int count = random.nextInt(1, 300);
    for (int i = 0; i < count; i++) {
      keys.add("k" + random.nextInt(50));
    }
    return keys;
  }

  private static void put(MemTable table, long sequence, String key, String value) {
    byte[] k = bytes(key);
    byte[] v = bytes(value);
    table.add(sequence, InternalKeyFormat.TYPE_VALUE, k, 0, k.length, v, 0, v.length);
  }

  private static void delete(MemTable table, long sequence, String key) {
    byte[] k = bytes(key);
    table.add(sequence, InternalKeyFormat.TYPE_DELETION, k, 0, k.length, new byte[0], 0, 0);
  }

  private static String get(MemTable table, String key, long sequence) {
    Lookup lookup = new Lookup(bytes(key), sequence);
    if (!table.get(lookup)) {
      return "absent";
    }
    return lookup.isDeleted() ? "deleted" : new String(lookup.value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
