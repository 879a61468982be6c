package io.cairn.lsm.internal.memtable;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.Varints;
import io.cairn.lsm.api.KeyComparator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The skiplist's finger search (an insert above the previous one starts from its splice): runs
 * of ascending keys mixed with runs in random order must leave every level a sorted sublist of the
 * level below holding exactly the nodes that tall, as a search from the head would.
 */
class SkipListFingerTest {
  private static final InternalKeyComparator ORDER = new InternalKeyComparator(KeyOrder.of(KeyComparator.BYTEWISE));
  /** Arena chunks of five 12-byte entries and a 4-byte rest: slices at every offset. */
  private static final int CHUNK_BYTES = 64;

  @Test
  void ascendingAndRandomRunsKeepEveryLevelSorted() {
    Property.of("skiplist levels stay sorted under ascending and random runs", SkipListFingerTest::runs)
        .shrinkWith(Shrinkers.list())
        .trials(300)
        .check(runs -> {
          SkipList list = new SkipList(ORDER, 7);
          ArenaEntries arena = new ArenaEntries(CHUNK_BYTES);
          TreeMap<byte[], ArenaEntries.Slice> model = new TreeMap<>(ORDER::compare);
          long sequence = 0;
          for (List<Integer> run : runs) {
            for (int key : run) {
              byte[] entry = entry(key, ++sequence);
              model.put(entry, arena.insert(list, entry, entry.length));
            }
          }
          checkLevels(list, model);
          for (Map.Entry<byte[], ArenaEntries.Slice> entry : model.entrySet()) {
            byte[] key = entry.getKey();
            assertThat(ArenaEntries.Slice.of(list.seek(key, 0, key.length))).isEqualTo(entry.getValue());
          }
        });
  }

  @Test
  void aLongAscendingBatchIntoALargeListFindsEachNeighbour() {
    SkipList list = new SkipList(ORDER, 11);
    ArenaEntries arena = new ArenaEntries(CHUNK_BYTES);
    TreeMap<byte[], ArenaEntries.Slice> model = new TreeMap<>(ORDER::compare);
    SplittableRandom random = new SplittableRandom(3);
    long sequence = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] entry = entry(random.nextInt(), ++sequence);
      model.put(entry, arena.insert(list, entry, entry.length));
    }
    for (int batch = 0; batch < 10; batch++) {
      int[] keys = random.ints(1_000, 0, Integer.MAX_VALUE).sorted().toArray();
      for (int key : keys) {
        byte[] entry = entry(key, ++sequence);
        model.put(entry, arena.insert(list, entry, entry.length));
      }
    }
    checkLevels(list, model);
  }

  @Test
  void aReadersFingerSeeksWhatASearchFromTheHeadFinds() {
    Property.of("finger seek equals seek from the head", SkipListFingerTest::runs)
        .shrinkWith(Shrinkers.list())
        .trials(300)
        .check(runs -> {
          SkipList list = new SkipList(ORDER, 5);
          ArenaEntries arena = new ArenaEntries(CHUNK_BYTES);
          long sequence = 0;
          for (int key = 0; key < 400; key += 3) {
            byte[] entry = entry(key, ++sequence);
            arena.insert(list, entry, entry.length);
          }
          SkipList.Finger finger = new SkipList.Finger();
          for (List<Integer> run : runs) {
            for (int key : run) {
              // Between seeks the list grows: the finger must stay correct while a writer inserts.
              byte[] entry = entry(key, ++sequence);
              arena.insert(list, entry, entry.length);
              byte[] target = entry(key, sequence);
              SkipList.Node expected = list.seek(target, 0, target.length);
              assertThat(list.seek(finger, target)).isSameAs(expected);
              byte[] next = entry(key + 1, Long.MAX_VALUE >>> 8);
              assertThat(list.seek(finger, next)).isSameAs(list.seek(next, 0, next.length));
            }
          }
        });
  }

  /** Each level: strictly ascending, a sublist of level 0, holding exactly the nodes that tall. */
  private static void checkLevels(SkipList list, TreeMap<byte[], ArenaEntries.Slice> model) {
    List<SkipList.Node> bottom = new ArrayList<>();
    for (SkipList.Node node = list.first(); node != null; node = node.next(0)) {
      bottom.add(node);
    }
    assertThat(bottom).extracting(ArenaEntries.Slice::of).containsExactlyElementsOf(model.values());
    for (int level = 1; level < SkipList.MAX_HEIGHT; level++) {
      List<SkipList.Node> expected = new ArrayList<>();
      for (SkipList.Node node : bottom) {
        if (node.levels() > level) {
          expected.add(node);
        }
      }
      List<SkipList.Node> linked = new ArrayList<>();
      SkipList.Node node = expected.isEmpty() ? null : expected.getFirst();
      for (; node != null; node = node.next(level)) {
        linked.add(node);
      }
      assertThat(linked).as("level %d", level).containsExactlyElementsOf(expected);
    }
  }

  private static byte[] entry(int key, long sequence) {
    byte[] entry = new byte[4 + InternalKeyFormat.TAG_BYTES];
    entry[0] = (byte) (key >>> 24);
    entry[1] = (byte) (key >>> 16);
    entry[2] = (byte) (key >>> 8);
    entry[3] = (byte) key;
    Varints.putFixed64(entry, 4, InternalKeyFormat.tag(sequence, InternalKeyFormat.TYPE_VALUE));
    return entry;
  }

  /** Runs of keys from a small range (so duplicates occur), each sorted or in random order. */
  private static List<List<Integer>> runs(SplittableRandom random) {
    List<List<Integer>> runs = new ArrayList<>();
    int count = random.nextInt(1, 12);
    for (int r = 0; r < count; r++) {
      List<Integer> run = new ArrayList<>();
      int length = random.nextInt(1, 200);
      for (int i = 0; i < length; i++) {
        run.add(random.nextInt(400));
      }
      if (random.nextBoolean()) {
        run.sort(null);
      }
      runs.add(run);
    }
    return runs;
  }
}
