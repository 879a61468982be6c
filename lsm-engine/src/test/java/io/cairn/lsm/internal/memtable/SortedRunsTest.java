package io.cairn.lsm.internal.memtable;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.KeyComparator;
import io.cairn.lsm.api.MemTableRep;
import io.cairn.lsm.api.ReverseKeyOrder;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.key.Lookup;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The sorted-runs memtable ({@link MemTableRep#SORTED_RUNS}, session 16) against a {@link TreeMap}
 * of internal keys, batch by batch as the engine writes it (each batch ends with {@link
 * MemTable#endBatch}): batches ascending, descending, random, one key repeated, with deletes; keys
 * short over a small alphabet (shared 8-byte prefixes, so the full comparison often decides) or
 * 33 random bytes (the ledger's index rows); under the bytewise order and a custom one (prefixes
 * off). After every batch the runs' invariants hold (each run sorted, sizes falling by more than
 * the merge ratio, newer runs only larger sequences); at the end a get at every probed sequence
 * (from the head and from an ascending finger) answers what the model's newest visible version
 * is, and the iterator walks the model's order forward, backward and from seeks. Concurrent
 * readers see every published batch whole.
 */
class SortedRunsTest {
  private static final InternalKeyComparator BYTEWISE = new InternalKeyComparator(KeyOrder.of(KeyComparator.BYTEWISE));
  private static final InternalKeyComparator REVERSE = new InternalKeyComparator(KeyOrder.of(ReverseKeyOrder.COMPARATOR));

  /** One write: a user key, and a value or (null) a delete. */
  record Write(byte[] key, byte[] value) {
    @Override
    public String toString() {
      return (value == null ? "del " : "put ") + HexFormat.of().formatHex(key);
    }
  }

  @Test
  void batchesMatchTheModelUnderTheBytewiseOrder() {
    matchesTheModel(BYTEWISE);
  }

  @Test
  void batchesMatchTheModelUnderACustomOrder() {
    matchesTheModel(REVERSE);
  }

  private static void matchesTheModel(InternalKeyComparator order) {
    Property.of("sorted-runs memtable equals a sorted model (" + order.userOrder().name() + ")", SortedRunsTest::batches)
        .shrinkWith(Shrinkers.list(Shrinkers.list()))
        .describeWith(SortedRunsTest::describe)
        .trials(300)
        .check(batches -> {
          MemTable table = new MemTable(order, 64 << 20, 256, MemTableRep.SORTED_RUNS);
          TreeMap<byte[], Write> model = new TreeMap<>((a, b) -> order.compare(a, 0, a.length, b, 0, b.length));
          long sequence = 0;
          for (List<Write> batch : batches) {
            for (Write write : batch) {
              sequence++;
              int type = write.value() == null ? InternalKeyFormat.TYPE_DELETION : InternalKeyFormat.TYPE_VALUE;
              byte[] value = write.value() == null ? new byte[0] : write.value();
              table.add(sequence, type, write.key(), 0, write.key().length, value, 0, value.length);
              model.put(InternalKeyFormat.encode(write.key(), sequence, type), write);
            }
            table.endBatch();
            assertThat(table.invariantViolation()).isNull();
          }
          assertThat(table.entries()).isEqualTo(model.size());
          checkGets(table, order, model, batches, sequence);
          checkIterator(table, order, model, batches);
        });
  }

  /** Every probed user key at every sequence, from the head and from a finger in ascending key order. */
  private static void checkGets(MemTable table, InternalKeyComparator order, TreeMap<byte[], Write> model,
      List<List<Write>> batches, long lastSequence) {
    List<byte[]> userKeys = new ArrayList<>();
    for (List<Write> batch : batches) {
      for (Write write : batch) {
        userKeys.add(write.key());
        userKeys.add(Arrays.copyOf(write.key(), write.key().length + 1)); // absent, sorting right after
      }
    }
    userKeys.add(new byte[0]);
    userKeys.sort((a, b) -> order.userOrder().compare(a, 0, a.length, b, 0, b.length));
    long[] sequences = {0, 1, lastSequence / 2, lastSequence, InternalKeyFormat.MAX_SEQUENCE};
    for (long at : sequences) {
      MemTable.Finger finger = new MemTable.Finger();
      for (byte[] userKey : userKeys) {
        String expected = expected(model, userKey, at);
        Lookup lookup = new Lookup(userKey, at);
        assertThat(answer(table.get(lookup), lookup)).as("get %s at %d", HexFormat.of().formatHex(userKey), at)
            .isEqualTo(expected);
        Lookup fingered = new Lookup(userKey, at);
        assertThat(answer(table.get(fingered, finger), fingered)).as("finger get %s at %d",
            HexFormat.of().formatHex(userKey), at).isEqualTo(expected);
      }
    }
  }

  /** The model's newest version of {@code userKey} at or before {@code at}. */
  private static String expected(TreeMap<byte[], Write> model, byte[] userKey, long at) {
    Map.Entry<byte[], Write> ceiling = model.ceilingEntry(InternalKeyFormat.encode(userKey, at, InternalKeyFormat.TYPE_VALUE));
    if (ceiling == null || !Arrays.equals(ceiling.getValue().key(), userKey)) {
      return "absent";
    }
    return ceiling.getValue().value() == null ? "deleted" : HexFormat.of().formatHex(ceiling.getValue().value());
  }

  private static String answer(boolean found, Lookup lookup) {
    if (!found) {
      return "absent";
    }
    return lookup.isDeleted() ? "deleted" : HexFormat.of().formatHex(lookup.value());
  }

  /** Forward, backward, and from a seek to every stored key one step each way. */
  private static void checkIterator(MemTable table, InternalKeyComparator order, TreeMap<byte[], Write> model,
      List<List<Write>> batches) {
    List<byte[]> keys = new ArrayList<>(model.keySet());
    try (InternalIterator iterator = table.newIterator()) {
      List<byte[]> forward = new ArrayList<>();
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        forward.add(iterator.copyKey());
        Write write = model.get(iterator.copyKey());
        assertThat(write).isNotNull();
        assertThat(iterator.copyValue()).isEqualTo(write.value() == null ? new byte[0] : write.value());
      }
      assertThat(forward).containsExactlyElementsOf(keys);
      List<byte[]> backward = new ArrayList<>();
      for (iterator.seekToLast(); iterator.isValid(); iterator.prev()) {
        backward.add(iterator.copyKey());
      }
      assertThat(backward).containsExactlyElementsOf(keys.reversed());
      for (List<Write> batch : batches) {
        for (Write write : batch) {
          byte[] probe = InternalKeyFormat.encode(write.key(), InternalKeyFormat.MAX_SEQUENCE, InternalKeyFormat.TYPE_VALUE);
          byte[] atOrAfter = model.ceilingKey(probe);
          iterator.seek(probe);
          assertThat(iterator.isValid() ? iterator.copyKey() : null).isEqualTo(atOrAfter);
          if (iterator.isValid()) {
            iterator.prev();
            byte[] before = model.lowerKey(atOrAfter);
            assertThat(iterator.isValid() ? iterator.copyKey() : null).isEqualTo(before);
            if (iterator.isValid()) {
              iterator.next();
              assertThat(iterator.copyKey()).isEqualTo(atOrAfter);
              iterator.next();
              assertThat(iterator.isValid() ? iterator.copyKey() : null).isEqualTo(model.higherKey(atOrAfter));
            }
          }
        }
      }
    }
  }

  @Test
  void readersSeeEveryPublishedBatchWhole() throws InterruptedException {
    Property.of("readers during sorted-run batches", SortedRunsTest::batches)
        .describeWith(SortedRunsTest::describe)
        .trials(4)
        .check(SortedRunsTest::concurrentReaders);
  }

  /**
   * One writer adds {@code batches} (repeated until about 40,000 entries, each with a distinct
   * value: its sequence), publishing the last sequence of each finished batch as the engine does;
   * two readers meanwhile look up entries of published batches at the published sequence and walk
   * the iterator checking its order. Bounded: the test gives up after 60 s.
   */
  private static void concurrentReaders(List<List<Write>> batches) {
    List<byte[]> keys = batches.stream().flatMap(List::stream).map(Write::key).toList();
    if (keys.isEmpty()) {
      return;
    }
    int total = Math.max(keys.size(), 40_000 / keys.size() * keys.size());
    byte[][] written = new byte[total][];
    MemTable table = new MemTable(BYTEWISE, 64 << 20, 1 << 16, MemTableRep.SORTED_RUNS);
    WriterAndReaders.run("runs", published -> {
      int sequence = 0;
      while (sequence < total) {
        for (List<Write> batch : batches) {
          for (Write write : batch) {
            if (sequence == total) {
              break;
            }
            byte[] value = Long.toString(sequence + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            table.add(sequence + 1, InternalKeyFormat.TYPE_VALUE, write.key(), 0, write.key().length, value, 0, value.length);
            written[sequence++] = write.key();
          }
          table.endBatch();
          published.count = sequence;
        }
      }
    }, (count, random) -> check(table, written, count, random));
    assertThat(table.invariantViolation()).isNull();
  }

  private static void check(MemTable table, byte[][] written, int count, SplittableRandom random) {
    // Each pick's own version is visible at its sequence (a later batch only adds newer ones).
    for (int i = 0; i < 32; i++) {
      int pick = random.nextInt(count);
      Lookup lookup = new Lookup(written[pick], pick + 1);
      assertThat(table.get(lookup)).as("entry %d of %d published", pick + 1, count).isTrue();
      assertThat(new String(lookup.value(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(Long.toString(pick + 1));
    }
    // The iterator: strictly ascending, at least every published entry.
    int seen = 0;
    try (InternalIterator iterator = table.newIterator()) {
      byte[] previous = null;
      for (iterator.seekToFirst(); iterator.isValid() && seen < 5_000; iterator.next()) {
        byte[] key = iterator.copyKey();
        if (previous != null) {
          assertThat(BYTEWISE.compare(previous, key)).isNegative();
        }
        previous = key;
        seen++;
      }
    }
    assertThat(seen).isGreaterThanOrEqualTo(Math.min(count, 5_000));
  }

  /**
   * Up to 12 batches, each of one shape: ascending, descending, one key repeated, random; a fifth
   * of the writes deletes; keys as {@link SkipListBatchTest#key} draws them.
   */
  static List<List<Write>> batches(SplittableRandom random) {
    List<List<Write>> batches = new ArrayList<>();
    int count = random.nextInt(1, 13);
    boolean ledgerKeys = random.nextInt(3) == 0;
    for (int b = 0; b < count; b++) {
      int size = random.nextInt(1, random.nextBoolean() ? 10 : 300);
      List<Write> batch = new ArrayList<>(size);
      int shape = random.nextInt(4);
      byte[] repeated = SkipListBatchTest.key(random, ledgerKeys);
      for (int i = 0; i < size; i++) {
        byte[] key = shape == 2 ? repeated : SkipListBatchTest.key(random, ledgerKeys);
        byte[] value = random.nextInt(5) == 0 ? null : new byte[] {(byte) b, (byte) i, (byte) random.nextInt(256)};
        batch.add(new Write(key, value));
      }
      if (shape == 0) {
        batch.sort((x, y) -> Arrays.compareUnsigned(x.key(), y.key()));
      } else if (shape == 1) {
        batch.sort((x, y) -> Arrays.compareUnsigned(y.key(), x.key()));
      }
      batches.add(batch);
    }
    return batches;
  }


  private static String describe(List<List<Write>> batches) {
    return batches.size() + " batches:\n" + batches.stream()
        .map(batch -> "  " + batch.stream().map(Write::toString).collect(Collectors.joining(", ")))
        .collect(Collectors.joining("\n"));
  }
}
