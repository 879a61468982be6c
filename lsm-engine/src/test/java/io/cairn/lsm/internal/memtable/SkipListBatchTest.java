package io.cairn.lsm.internal.memtable;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.Varints;
import io.cairn.lsm.api.KeyComparator;
import io.cairn.lsm.api.ReverseKeyOrder;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
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
 * Batches inserted into the skiplist the way a write batch reaches the memtable (session 13): runs
 * in ascending order (the writer's finger search from its splice), descending, with one user key
 * repeated under rising sequence numbers (descending internal keys), ascending with repeats, and in
 * random order; keys of 0 to 12 bytes over a small alphabet (shared 8-byte prefixes, so the
 * writer's copies of successor prefixes often tie and the full comparison decides), or 33 random
 * bytes as the ledger's index rows. Against a {@link TreeMap} of the internal keys, under the
 * bytewise order (prefixes on) and a custom one (prefixes off): every level is the sorted sublist
 * of the nodes that tall, every writer's prefix copy equals its successor's prefix, and seek,
 * lessThan and a reader's finger land where the model says. Concurrent readers check the same
 * while a writer inserts.
 */
class SkipListBatchTest {
  private static final InternalKeyComparator BYTEWISE = new InternalKeyComparator(KeyOrder.of(KeyComparator.BYTEWISE));
  private static final InternalKeyComparator REVERSE = new InternalKeyComparator(KeyOrder.of(ReverseKeyOrder.COMPARATOR));
  private static final byte[] ALPHABET = {0x00, 0x01, 'a', 'b', (byte) 0xFF};
  /** Arena chunks of two to twelve entries (9-42 bytes): slices at many offsets, rests left over. */
  private static final int CHUNK_BYTES = 100;

  @Test
  void batchesOfEveryShapeMatchASortedModelUnderTheBytewiseOrder() {
    batchesMatchTheModel(BYTEWISE);
  }

  @Test
  void batchesOfEveryShapeMatchASortedModelUnderACustomOrder() {
    batchesMatchTheModel(REVERSE);
  }

  private static void batchesMatchTheModel(InternalKeyComparator order) {
    Property.of("skiplist after batches equals a sorted model (" + order.userOrder().name() + ")",
            SkipListBatchTest::batches)
        .shrinkWith(Shrinkers.list(Shrinkers.list()))
        .describeWith(SkipListBatchTest::describe)
        .trials(200)
        .check(batches -> {
          SkipList list = new SkipList(order, 13);
          ArenaEntries arena = new ArenaEntries(CHUNK_BYTES);
          TreeMap<byte[], ArenaEntries.Slice> model =
              new TreeMap<>((a, b) -> order.compare(a, 0, a.length, b, 0, b.length));
          long sequence = 0;
          for (List<byte[]> batch : batches) {
            for (byte[] userKey : batch) {
              byte[] internalKey = internalKey(userKey, ++sequence);
              byte[] entry = Arrays.copyOf(internalKey, internalKey.length + 1); // one value byte
              model.put(internalKey, arena.insert(list, entry, internalKey.length));
            }
            assertThat(list.invariantViolation()).isNull();
          }
          checkAgainstModel(list, model, batches);
        });
  }

  @Test
  void readersSeeACompleteSortedListWhileBatchesAreInserted() throws InterruptedException {
    Property.of("readers during batch inserts", SkipListBatchTest::batches)
        .describeWith(SkipListBatchTest::describe)
        .trials(4)
        .check(batches -> concurrentReaders(batches));
  }

  /**
   * One writer inserts {@code batches} (repeated until about 40,000 entries), publishing how many
   * entries are complete after each batch as the engine publishes a sequence; two readers meanwhile
   * seek published entries (from the head and from a finger, ascending), and walk level 0 checking
   * its order. Bounded: the readers stop when the writer ends, the test gives up after 60 s.
   */
  private static void concurrentReaders(List<List<byte[]>> batches) {
    List<byte[]> keys = batches.stream().flatMap(List::stream).toList();
    if (keys.isEmpty()) {
      return;
    }
    int total = Math.max(keys.size(), 40_000 / keys.size() * keys.size());
    byte[][] entries = new byte[total][];
    ArenaEntries.Slice[] slices = new ArenaEntries.Slice[total];
    SkipList list = new SkipList(BYTEWISE, 17);
    ArenaEntries arena = new ArenaEntries(CHUNK_BYTES);
    WriterAndReaders.run("skiplist", published -> {
      int inserted = 0;
      while (inserted < total) {
        for (List<byte[]> batch : batches) {
          for (byte[] userKey : batch) {
            byte[] entry = internalKey(userKey, inserted + 1L);
            slices[inserted] = arena.insert(list, entry, entry.length);
            entries[inserted++] = entry;
          }
          published.count = inserted;
        }
      }
    }, (count, random) -> check(list, entries, slices, count, random));
    assertThat(list.invariantViolation()).isNull();
  }

  private static void check(SkipList list, byte[][] entries, ArenaEntries.Slice[] slices, int count,
      SplittableRandom random) {
    // Published entries are found, from the head and, in ascending order, from a finger.
    int[] picks = random.ints(32, 0, count).toArray();
    for (int pick : picks) {
      byte[] key = entries[pick];
      SkipList.Node node = list.seek(key, 0, key.length);
      assertThat(node).isNotNull();
      assertThat(ArenaEntries.Slice.of(node)).isEqualTo(slices[pick]);
      assertThat(node.copyKey()).isEqualTo(key);
    }
    Integer[] ascending = Arrays.stream(picks).boxed().toArray(Integer[]::new);
    Arrays.sort(ascending, (a, b) -> BYTEWISE.compare(entries[a], entries[b]));
    SkipList.Finger finger = new SkipList.Finger();
    for (int pick : ascending) {
      assertThat(ArenaEntries.Slice.of(list.seek(finger, entries[pick]))).isEqualTo(slices[pick]);
    }
    // Level 0 from a random published key on: strictly ascending, every node complete.
    byte[] from = entries[random.nextInt(count)];
    SkipList.Node node = list.seek(from, 0, from.length);
    for (int steps = 0; steps < 200 && node != null; steps++) {
      SkipList.Node next = node.next(0);
      if (next != null) {
        assertThat(BYTEWISE.compare(node.chunk, node.offset, node.keyLength, next.chunk, next.offset, next.keyLength))
            .isNegative();
      }
      node = next;
    }
  }

  private static void checkAgainstModel(SkipList list, TreeMap<byte[], ArenaEntries.Slice> model,
      List<List<byte[]>> batches) {
    List<ArenaEntries.Slice> bottom = new ArrayList<>();
    for (SkipList.Node node = list.first(); node != null; node = node.next(0)) {
      bottom.add(ArenaEntries.Slice.of(node));
    }
    assertThat(bottom).containsExactlyElementsOf(model.values());
    assertThat(ArenaEntries.Slice.of(list.last())).isEqualTo(model.isEmpty() ? null : model.lastEntry().getValue());
    // Every stored key, and probes around each user key (newest and oldest version of it).
    List<byte[]> probes = new ArrayList<>(model.keySet());
    for (List<byte[]> batch : batches) {
      for (byte[] userKey : batch) {
        probes.add(internalKey(userKey, InternalKeyFormat.MAX_SEQUENCE));
        probes.add(internalKey(userKey, 0));
        probes.add(internalKey(Arrays.copyOf(userKey, userKey.length + 1), 0));
      }
    }
    probes.add(internalKey(new byte[0], InternalKeyFormat.MAX_SEQUENCE));
    SkipList.Finger finger = new SkipList.Finger();
    for (byte[] probe : probes) {
      Map.Entry<byte[], ArenaEntries.Slice> ceiling = model.ceilingEntry(probe);
      Map.Entry<byte[], ArenaEntries.Slice> lower = model.lowerEntry(probe);
      ArenaEntries.Slice atOrAfter = ceiling == null ? null : ceiling.getValue();
      assertThat(ArenaEntries.Slice.of(list.seek(probe, 0, probe.length))).isEqualTo(atOrAfter);
      assertThat(ArenaEntries.Slice.of(list.lessThan(probe, 0, probe.length)))
          .isEqualTo(lower == null ? null : lower.getValue());
      assertThat(ArenaEntries.Slice.of(list.seek(finger, probe))).isEqualTo(atOrAfter);
    }
  }

  /**
   * Up to 8 batches, each of one shape: ascending, descending, one key repeated, ascending with
   * repeats, random; keys short over {@link #ALPHABET} or 33 random bytes.
   */
  private static List<List<byte[]>> batches(SplittableRandom random) {
    List<List<byte[]>> batches = new ArrayList<>();
    int count = random.nextInt(1, 9);
    boolean ledgerKeys = random.nextInt(3) == 0;
    for (int b = 0; b < count; b++) {
      int size = random.nextInt(1, random.nextBoolean() ? 20 : 300);
      List<byte[]> batch = new ArrayList<>(size);
      int shape = random.nextInt(5);
      if (shape == 2) {
        byte[] key = key(random, ledgerKeys);
        for (int i = 0; i < size; i++) {
          batch.add(key);
        }
      } else {
        for (int i = 0; i < size; i++) {
          batch.add(shape == 3 && i > 0 && random.nextInt(4) == 0 ? batch.get(i - 1) : key(random, ledgerKeys));
        }
        if (shape == 0 || shape == 3) {
          batch.sort(Arrays::compareUnsigned);
        } else if (shape == 1) {
          batch.sort((x, y) -> Arrays.compareUnsigned(y, x));
        }
      }
      batches.add(batch);
    }
    return batches;
  }

  /** A key of the batches: 0-12 bytes over {@link #ALPHABET}, or 33 random bytes led by {@code a} (a ledger key). */
  static byte[] key(SplittableRandom random, boolean ledgerKey) {
    if (ledgerKey) {
      byte[] key = new byte[33];
      random.nextBytes(key);
      key[0] = 'a';
      return key;
    }
    byte[] key = new byte[random.nextInt(13)];
    for (int i = 0; i < key.length; i++) {
      key[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return key;
  }

  private static byte[] internalKey(byte[] userKey, long sequence) {
    byte[] key = Arrays.copyOf(userKey, userKey.length + InternalKeyFormat.TAG_BYTES);
    Varints.putFixed64(key, userKey.length, InternalKeyFormat.tag(sequence, InternalKeyFormat.TYPE_VALUE));
    return key;
  }

  private static String describe(List<List<byte[]>> batches) {
    HexFormat hex = HexFormat.of();
    return batches.stream()
        .map(batch -> batch.stream().map(hex::formatHex).collect(Collectors.joining(",", "[", "]")))
        .collect(Collectors.joining(" "));
  }
}
