package io.cairn.lsm.internal.sstable;

import io.cairn.common.BloomFilter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.Compression;
import io.cairn.lsm.api.KeyComparator;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.internal.cache.BlockCache;
import io.cairn.lsm.internal.fs.DbFileNames;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.key.Lookup;
import io.cairn.lsm.internal.memtable.MemTable;
import io.cairn.lsm.internal.table.Table;
import io.cairn.lsm.internal.table.WrittenTable;
import io.cairn.testing.Property;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SstableTest {
  private static final InternalKeyComparator ORDER = new InternalKeyComparator(KeyOrder.of(KeyComparator.BYTEWISE));
  private static final Path DIRECTORY = Path.of("/db");

  private final InMemoryFileLayer files = new InMemoryFileLayer();
  private final BlockCache<Block> cache = new BlockCache<>(1 << 20);

  /** One generated table: its entries (internal key to value) and how it is built. */
  record Case(TreeMap<byte[], byte[]> entries, TableOptions options, List<byte[]> probes) {
    @Override
    public String toString() {
      return entries.size() + " entries, " + options;
    }
  }

  @Test
  void tableAnswersLikeASortedMap() {
    Property.of("SSTable get/seek/iterate equal a TreeMap", SstableTest::randomCase)
        .trials(120)
        .check(testCase -> {
          // Each trial reuses table number 1: start from an empty cache, as a new database would.
          cache.eraseFile(1);
          Table table = build(1, testCase.entries(), testCase.options());
          assertIterationMatches(table, testCase.entries());
          for (Map.Entry<byte[], byte[]> entry : testCase.entries().entrySet()) {
            assertGetFinds(table, entry.getKey(), entry.getValue());
          }
          for (byte[] probe : testCase.probes()) {
            assertSeekMatches(table, testCase.entries(), probe);
          }
          table.close();
        });
  }

  @Test
  void bloomFilterSkipsAbsentKeysAtAboutOnePercent() {
    TreeMap<byte[], byte[]> entries = new TreeMap<>(ORDER::compare);
    for (int i = 0; i < 10_000; i++) {
      entries.put(internalKey("present" + i, i + 1, InternalKeyFormat.TYPE_VALUE), new byte[] {1});
    }
    byte[] filter = null;
    int[] hashes = entries.keySet().stream()
        .mapToInt(key -> BloomFilter.hash(key, 0, key.length - InternalKeyFormat.TAG_BYTES)).toArray();
    filter = BloomFilter.build(hashes, hashes.length, 10);
    int falsePositives = 0;
    for (int i = 0; i < 10_000; i++) {
      byte[] absent = ("absent" + i).getBytes();
      if (BloomFilter.mayContain(filter, BloomFilter.hash(absent, 0, absent.length))) {
        falsePositives++;
      }
    }
    for (int hash : hashes) {
      assertThat(BloomFilter.mayContain(filter, hash)).isTrue();
    }
    assertThat(falsePositives).isLessThan(250);
  }

  @Test
  void flippedByteInADataBlockIsCorruptionNamingTheFile() {
    TreeMap<byte[], byte[]> entries = sequentialEntries(2000);
    build(3, entries, new TableOptions(1024, 16, Compression.NONE, 10)).close();
    Path path = DbFileNames.table(DIRECTORY, 3);
    byte[] bytes = files.contents(path);
    bytes[100] ^= 0x10;
    files.setContents(path, bytes);
    Table table = new SstableFactory(files, DIRECTORY, ORDER, options(), new BlockCache<>(0)).open(3, bytes.length, new byte[0]);
    assertThatThrownBy(() -> {
      for (byte[] key : entries.keySet()) {
        table.get(new Lookup(InternalKeyFormat.userKey(key), InternalKeyFormat.MAX_SEQUENCE), ReadOptions.DEFAULT);
      }
    }).isInstanceOf(CorruptionException.class).hasMessageContaining(path.toString()).hasMessageContaining("checksum");
  }

  @Test
  void flippedByteInTheFooterIndexOrFilterFailsTheOpen() {
    TreeMap<byte[], byte[]> entries = sequentialEntries(500);
    build(4, entries, options()).close();
    Path path = DbFileNames.table(DIRECTORY, 4);
    byte[] original = files.contents(path);
    for (int back = 1; back <= 400; back += 7) {
      byte[] bytes = original.clone();
      bytes[bytes.length - back] ^= 0x01;
      files.setContents(path, bytes);
      assertThatThrownBy(() -> new SstableFactory(files, DIRECTORY, ORDER, options(), new BlockCache<>(0))
          .open(4, bytes.length, new byte[0]))
          .as("flip at %d from the end", back)
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining(path.toString());
    }
  }

  @Test
  void truncatedOrMissingTableIsCorruption() {
    build(5, sequentialEntries(100), options()).close();
    Path path = DbFileNames.table(DIRECTORY, 5);
    byte[] bytes = files.contents(path);
    SstableFactory factory = new SstableFactory(files, DIRECTORY, ORDER, options(), cache);
    files.setContents(path, Arrays.copyOf(bytes, bytes.length - 10));
    assertThatThrownBy(() -> factory.open(5, bytes.length, new byte[0]))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("MANIFEST says");
    files.delete(path);
    assertThatThrownBy(() -> factory.open(5, bytes.length, new byte[0]))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("missing");
  }

  private Table build(long number, TreeMap<byte[], byte[]> entries, TableOptions options) {
    MemTable source = new MemTable(ORDER);
    for (Map.Entry<byte[], byte[]> entry : entries.entrySet()) {
      byte[] key = entry.getKey();
      long tag = InternalKeyFormat.tagOf(key, 0, key.length);
      source.add(InternalKeyFormat.sequence(tag), InternalKeyFormat.type(tag), key, 0,
          key.length - InternalKeyFormat.TAG_BYTES, entry.getValue(), 0, entry.getValue().length);
    }
    SstableFactory factory = new SstableFactory(files, DIRECTORY, ORDER, options, cache);
    WrittenTable written = factory.write(number, source.newIterator());
    assertThat(written.entries()).isEqualTo(entries.size());
    assertThat(written.smallestKey()).isEqualTo(entries.firstKey());
    assertThat(written.largestKey()).isEqualTo(entries.lastKey());
    return factory.open(number, written.fileBytes(), written.auxiliary());
  }

  private static void assertIterationMatches(Table table, TreeMap<byte[], byte[]> entries) {
    List<byte[]> forward = new ArrayList<>();
    try (InternalIterator iterator = table.newIterator(ReadOptions.DEFAULT)) {
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        forward.add(iterator.copyKey());
        assertThat(iterator.copyValue()).isEqualTo(entries.get(iterator.copyKey()));
      }
      assertThat(forward).containsExactlyElementsOf(entries.keySet());
      List<byte[]> backward = new ArrayList<>();
      for (iterator.seekToLast(); iterator.isValid(); iterator.prev()) {
        backward.add(iterator.copyKey());
      }
      assertThat(backward).containsExactlyElementsOf(entries.descendingKeySet());
    }
  }

  private static void assertGetFinds(Table table, byte[] key, byte[] value) {
    long tag = InternalKeyFormat.tagOf(key, 0, key.length);
    Lookup lookup = new Lookup(InternalKeyFormat.userKey(key), InternalKeyFormat.sequence(tag));
    assertThat(table.get(lookup, ReadOptions.DEFAULT)).isTrue();
    if (InternalKeyFormat.type(tag) == InternalKeyFormat.TYPE_DELETION) {
      assertThat(lookup.isDeleted()).isTrue();
    } else {
      assertThat(lookup.value()).isEqualTo(value);
    }
  }

  private static void assertSeekMatches(Table table, TreeMap<byte[], byte[]> entries, byte[] probe) {
    try (InternalIterator iterator = table.newIterator(ReadOptions.DEFAULT)) {
      iterator.seek(probe);
      byte[] expected = entries.ceilingKey(probe);
      if (expected == null) {
        assertThat(iterator.isValid()).isFalse();
      } else {
        assertThat(iterator.copyKey()).isEqualTo(expected);
        if (iterator.isValid()) {
          iterator.prev();
          byte[] before = entries.lowerKey(expected);
          assertThat(iterator.isValid() ? iterator.copyKey() : null).isEqualTo(before);
        }
      }
    }
  }

  private static Case randomCase(SplittableRandom random) {
    TreeMap<byte[], byte[]> entries = new TreeMap<>(ORDER::compare);
    int count = random.nextInt(1, random.nextBoolean() ? 50 : 3000);
    int keySpace = random.nextInt(1, 2 * count + 2);
    long sequence = 0;
    for (int i = 0; i < count; i++) {
      String key = "key" + (random.nextBoolean() ? "" : "common-prefix/") + random.nextInt(keySpace);
      int type = random.nextInt(5) == 0 ? InternalKeyFormat.TYPE_DELETION : InternalKeyFormat.TYPE_VALUE;
      byte[] value = new byte[type == InternalKeyFormat.TYPE_DELETION ? 0 : random.nextInt(random.nextBoolean() ? 20 : 600)];
      if (random.nextBoolean()) {
        random.nextBytes(value);
      }
      entries.put(internalKey(key, ++sequence, type), value);
    }
    TableOptions options = new TableOptions(random.nextInt(256, 8192), random.nextInt(1, 32),
        random.nextBoolean() ? Compression.LZ4 : Compression.NONE, random.nextInt(3) == 0 ? 0 : 10);
    List<byte[]> probes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      probes.add(internalKey("key" + random.nextInt(keySpace + 5), random.nextLong(sequence + 2), InternalKeyFormat.TYPE_FOR_SEEK));
    }
    probes.add(internalKey("", 0, InternalKeyFormat.TYPE_VALUE));
    probes.add(internalKey("zzz", 0, InternalKeyFormat.TYPE_VALUE));
    return new Case(entries, options, probes);
  }

  private static TreeMap<byte[], byte[]> sequentialEntries(int count) {
    TreeMap<byte[], byte[]> entries = new TreeMap<>(ORDER::compare);
    for (int i = 0; i < count; i++) {
      entries.put(internalKey(String.format("key%06d", i), i + 1, InternalKeyFormat.TYPE_VALUE), ("value" + i).getBytes());
    }
    return entries;
  }

  private static TableOptions options() {
    return new TableOptions(4096, 16, Compression.LZ4, 10);
  }

  private static byte[] internalKey(String key, long sequence, int type) {
    return InternalKeyFormat.encode(key.getBytes(), sequence, type);
  }
}
