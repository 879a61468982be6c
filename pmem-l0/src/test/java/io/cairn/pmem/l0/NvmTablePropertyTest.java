package io.cairn.pmem.l0;

import static io.cairn.pmem.l0.TableFixtures.BOUNDARY_LENGTHS;
import static io.cairn.pmem.l0.TableFixtures.array;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.pmem.testing.CrashSimulatingDirectory;
import io.cairn.testing.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Seeded model tests: a table answers exactly as a sorted map of the same entries. */
class NvmTablePropertyTest {
  private static final int[] EPSILONS = {1, 2, 4, 8, 16, 64};
  private static final int[] INLINE = {16, 32, 40};

  /** A table's entries and the options it is built with. */
  record Case(TreeMap<byte[], byte[]> contents, NvmTableOptions options, long probeSeed) {
    @Override
    public String toString() {
      return contents.size() + " entries, " + options;
    }
  }

  private static NvmTableOptions randomOptions(SplittableRandom random) {
    return NvmTableOptions.defaults()
        .withEpsilon(EPSILONS[random.nextInt(EPSILONS.length)])
        .withEpsilonRecursive(1 + random.nextInt(4))
        .withInlineKeyBytes(INLINE[random.nextInt(INLINE.length)])
        .withInlineValueBytes(INLINE[random.nextInt(INLINE.length)])
        .withBloomBitsPerKey(random.nextInt(3) == 0 ? 0 : 10);
  }

  /** Probes: every key, and keys just around them and in between (absent ones). */
  private static List<byte[]> probes(TreeMap<byte[], byte[]> contents, SplittableRandom random) {
    List<byte[]> probes = new ArrayList<>();
    byte[][] prefixes = {new byte[8], TableFixtures.bytes(random, 8)};
    for (byte[] key : contents.keySet()) {
      probes.add(key);
      byte[] longer = java.util.Arrays.copyOf(key, key.length + 1);
      probes.add(longer);
      if (key.length > 0) {
        probes.add(java.util.Arrays.copyOf(key, key.length - 1));
        byte[] bumped = key.clone();
        bumped[bumped.length - 1]++;
        probes.add(bumped);
      }
      probes.add(TableFixtures.randomKey(random, prefixes));
    }
    probes.add(new byte[0]);
    probes.add(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    return probes;
  }

  @Test
  void contentsEqualASortedMap() {
    Property.of("NVMTable == sorted map", random -> new Case(TableFixtures.randomContents(random, 300, 64 * 1024),
            randomOptions(random), random.nextLong()))
        .trials(40)
        .check(c -> checkCase(c, new CrashSimulatingDirectory()));
  }

  @Test
  void tablesOfSeveralBlocksEqualASortedMap() {
    Property.of("NVMTable of several entry blocks == sorted map",
            random -> new Case(TableFixtures.randomContentsOfSize(random, 1025 + random.nextInt(3000), 300), randomOptions(random), random.nextLong()))
        .trials(6)
        .check(c -> checkCase(c, new CrashSimulatingDirectory()));
  }

  private static void checkCase(Case c, CrashSimulatingDirectory directory) {
    try (NvmTable table = TableFixtures.build(directory, 7, c.options(), c.contents())) {
      TableFixtures.assertSameContents(table, c.contents());
      List<byte[]> keys = new ArrayList<>(c.contents().keySet());
      for (byte[] probe : probes(c.contents(), new SplittableRandom(c.probeSeed()))) {
        LookupKey lookup = LookupKey.of(probe);
        int expected = c.contents().headMap(probe).size();
        assertThat(table.seek(lookup, SearchMethod.LEARNED)).as("learned seek").isEqualTo(expected);
        assertThat(table.seek(lookup, SearchMethod.BINARY_SEARCH)).as("binary seek").isEqualTo(expected);
        byte[] value = c.contents().get(probe);
        assertThat(table.getBytes(lookup)).isEqualTo(value);
        MemorySegmentOrNull binary = new MemorySegmentOrNull(table.get(lookup, SearchMethod.BINARY_SEARCH));
        assertThat(binary.bytes()).isEqualTo(value);
        NvmTableIterator iterator = table.iterator();
        iterator.seek(lookup);
        assertThat(iterator.valid()).isEqualTo(expected < keys.size());
        iterator.seekForPrev(lookup);
        Map.Entry<byte[], byte[]> floor = c.contents().floorEntry(probe);
        assertThat(iterator.valid()).isEqualTo(floor != null);
        if (floor != null) {
          assertThat(iterator.keyBytes()).isEqualTo(floor.getKey());
        }
      }
      assertThat(table.windowMisses()).isZero();
      checkRanges(table, c.contents(), new SplittableRandom(c.probeSeed()));
    }
    for (ContainerVerification verification : ContainerVerification.values()) {
      try (NvmTable reopened = NvmTable.open(directory, 7, KeyOrder.BYTEWISE, verification)) {
        TableFixtures.assertSameContents(reopened, c.contents());
      }
    }
  }

  /** Key-range slices [from, to) read exactly the sub-map, with no key compared per entry. */
  private static void checkRanges(NvmTable table, TreeMap<byte[], byte[]> contents, SplittableRandom random) {
    List<byte[]> keys = new ArrayList<>(contents.keySet());
    for (int i = 0; i < 5; i++) {
      byte[] from = keys.get(random.nextInt(keys.size()));
      byte[] to = keys.get(random.nextInt(keys.size()));
      NvmTableIterator slice = table.iterator(LookupKey.of(from), LookupKey.of(to));
      List<byte[]> seen = new ArrayList<>();
      for (slice.seekToFirst(); slice.valid(); slice.next()) {
        seen.add(slice.keyBytes());
      }
      List<byte[]> expected = TableFixtures.BYTEWISE.compare(from, to) <= 0
          ? new ArrayList<>(contents.subMap(from, to).keySet()) : List.of();
      assertThat(seen).containsExactlyElementsOf(expected);
    }
  }

  private record MemorySegmentOrNull(java.lang.foreign.MemorySegment segment) {
    byte[] bytes() {
      return segment == null ? null : array(segment);
    }
  }

  /** Internal keys: many versions per user key share a model key; a seek finds the newest visible one. */
  @Test
  void internalKeysSeekToTheNewestVisibleVersion() {
    Property.of("NVMTable of internal keys == sorted map", random -> random.nextLong())
        .trials(15)
        .check(seed -> {
          SplittableRandom random = new SplittableRandom(seed);
          TreeMap<byte[], byte[]> contents = new TreeMap<>(TableFixtures.INTERNAL_ARRAYS);
          List<byte[]> userKeys = new ArrayList<>();
          byte[] sharedPrefix = TableFixtures.bytes(random, 8);
          for (int u = 0; u < 1 + random.nextInt(60); u++) {
            byte[] userKey = TableFixtures.bytes(random, BOUNDARY_LENGTHS[random.nextInt(BOUNDARY_LENGTHS.length)]);
            if (userKey.length >= 8 && random.nextBoolean()) {
              System.arraycopy(sharedPrefix, 0, userKey, 0, 8);
            }
            userKeys.add(userKey);
            for (int v = 0; v < 1 + random.nextInt(40); v++) {
              long sequence = 1 + random.nextInt(1000);
              contents.put(TableFixtures.internalKey(userKey, sequence << 8 | 1), TableFixtures.randomValue(random, 100));
            }
          }
          NvmTableOptions options = randomOptions(random).withInlineKeyBytes(40);
          try (NvmTable table = TableFixtures.build(new CrashSimulatingDirectory(), 3, options, TableFixtures.INTERNAL, 8,
              contents)) {
            for (byte[] userKey : userKeys) {
              long snapshot = random.nextInt(1100);
              byte[] lookup = TableFixtures.internalKey(userKey, snapshot << 8 | 0xFF);
              LookupKey key = LookupKey.ofUserKeyPrefix(lookup, userKey.length);
              assertThat(table.mayContain(key.filterHash())).isTrue();
              int expected = contents.headMap(lookup).size();
              assertThat(table.seek(key, SearchMethod.LEARNED)).isEqualTo(expected);
              assertThat(table.seek(key, SearchMethod.BINARY_SEARCH)).isEqualTo(expected);
            }
            assertThat(table.windowMisses()).isZero();
          }
        });
  }

  @Test
  void everyBoundaryLengthOfKeyAndValueRoundTrips() {
    TreeMap<byte[], byte[]> contents = new TreeMap<>(TableFixtures.BYTEWISE);
    SplittableRandom random = new SplittableRandom(1);
    for (int keyLength : BOUNDARY_LENGTHS) {
      for (int valueLength : new int[] {0, 1, 31, 32, 33, 64 * 1024}) {
        byte[] key = TableFixtures.bytes(random, keyLength);
        if (keyLength > 0) {
          key[0] = (byte) valueLength;
        }
        contents.put(key, TableFixtures.bytes(random, valueLength));
      }
    }
    try (NvmTable table = TableFixtures.build(new CrashSimulatingDirectory(), 1, NvmTableOptions.defaults(), contents)) {
      TableFixtures.assertSameContents(table, contents);
      long keyBytes = contents.keySet().stream().mapToLong(k -> k.length).sum();
      long valueBytes = contents.values().stream().mapToLong(v -> v.length).sum();
      assertThat(table.keyBytes()).isEqualTo(keyBytes);
      assertThat(table.valueBytes()).isEqualTo(valueBytes);
    }
  }
}
