package io.cairn.pmem.l0;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.UnsignedBytes;
import io.cairn.pmem.api.PmemDirectory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Table contents for tests: generators, a builder shortcut, and the model comparison. */
final class TableFixtures {
  /** Lengths where the inline/pointer choice flips (32/33) and the slot's edges. */
  static final int[] BOUNDARY_LENGTHS = {0, 1, 7, 8, 9, 31, 32, 33, 40, 41, 64};

  private TableFixtures() {}

  /** Bytewise order as a comparator of arrays (the model's TreeMap). */
  static final Comparator<byte[]> BYTEWISE = UnsignedBytes::compare;

  /**
   * The engine's internal key order: user key (all but the last 8 bytes) ascending, then the
   * 8-byte little-endian tag descending.
   */
  static final KeyOrder INTERNAL = (left, right) -> {
    int byUser = KeyOrder.compareBytewise(left.asSlice(0, left.byteSize() - 8), right.asSlice(0, right.byteSize() - 8));
    return byUser != 0 ? byUser : Long.compareUnsigned(tag(right), tag(left));
  };

  /** {@link #INTERNAL} over arrays. */
  static final Comparator<byte[]> INTERNAL_ARRAYS =
      (left, right) -> INTERNAL.compare(MemorySegment.ofArray(left), MemorySegment.ofArray(right));

  static long tag(MemorySegment key) {
    return key.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), key.byteSize() - 8);
  }

  /** {@code userKey} followed by {@code tag}, little-endian. */
  static byte[] internalKey(byte[] userKey, long tag) {
    byte[] key = Arrays.copyOf(userKey, userKey.length + 8);
    MemorySegment.ofArray(key).set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), userKey.length, tag);
    return key;
  }

  static byte[] bytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /**
   * A random key: often a boundary length, often sharing its first 8 bytes with one of a few
   * common prefixes (so model keys repeat), sometimes short enough that its model key is padded.
   */
  static byte[] randomKey(SplittableRandom random, byte[][] prefixes) {
    int length = random.nextInt(3) == 0
        ? BOUNDARY_LENGTHS[random.nextInt(BOUNDARY_LENGTHS.length)]
        : random.nextInt(80);
    byte[] key = bytes(random, length);
    if (length >= 8 && random.nextInt(3) == 0) {
      System.arraycopy(prefixes[random.nextInt(prefixes.length)], 0, key, 0, 8);
    }
    return key;
  }

  /** A random value: often empty or a boundary length, sometimes up to 64 KB. */
  static byte[] randomValue(SplittableRandom random, int maxBytes) {
    int kind = random.nextInt(10);
    int length;
    if (kind == 0) {
      length = 0;
    } else if (kind < 4) {
      length = BOUNDARY_LENGTHS[random.nextInt(BOUNDARY_LENGTHS.length)];
    } else if (kind < 9) {
      length = random.nextInt(200);
    } else {
      length = random.nextInt(maxBytes + 1);
    }
    return bytes(random, length);
  }

  /** Random contents of up to {@code maxEntries} keys in bytewise order. */
  static TreeMap<byte[], byte[]> randomContents(SplittableRandom random, int maxEntries, int maxValueBytes) {
    return randomContentsOfSize(random, 1 + random.nextInt(maxEntries), maxValueBytes);
  }

  /** Random contents of exactly {@code count} keys in bytewise order. */
  static TreeMap<byte[], byte[]> randomContentsOfSize(SplittableRandom random, int count, int maxValueBytes) {
    byte[][] prefixes = new byte[1 + random.nextInt(4)][];
    for (int i = 0; i < prefixes.length; i++) {
      prefixes[i] = bytes(random, 8);
    }
    TreeMap<byte[], byte[]> contents = new TreeMap<>(BYTEWISE);
    while (contents.size() < count) {
      contents.put(randomKey(random, prefixes), randomValue(random, maxValueBytes));
    }
    return contents;
  }

  /** Container capacity for {@code contents} under {@code options}. */
  static long capacity(NvmTableOptions options, Map<byte[], byte[]> contents) {
    long capacity = 0;
    for (Map.Entry<byte[], byte[]> entry : contents.entrySet()) {
      capacity += options.containerBytesFor(entry.getKey().length, entry.getValue().length);
    }
    return capacity;
  }

  /** Builds table {@code id} of {@code contents} (keys all user key), committed and open. */
  static NvmTable build(PmemDirectory directory, long id, NvmTableOptions options, Map<byte[], byte[]> contents) {
    return build(directory, id, options, KeyOrder.BYTEWISE, 0, contents);
  }

  /**
   * Builds table {@code id} of {@code contents} in {@code order}, whose keys end in a suffix of
   * {@code suffixBytes} that is not part of the user key.
   */
  static NvmTable build(PmemDirectory directory, long id, NvmTableOptions options, KeyOrder order, int suffixBytes,
      Map<byte[], byte[]> contents) {
    try (NvmTableBuilder builder = NvmTableBuilder.create(directory, id, options, order, capacity(options, contents))) {
      for (Map.Entry<byte[], byte[]> entry : contents.entrySet()) {
        builder.add(entry.getKey(), entry.getKey().length - suffixBytes, entry.getValue());
      }
      return builder.finish();
    }
  }

  static byte[] array(MemorySegment segment) {
    return segment.toArray(ValueLayout.JAVA_BYTE);
  }

  /** Checks every entry by position, forwards and backwards by iterator, and each key by get. */
  static void assertSameContents(NvmTable table, TreeMap<byte[], byte[]> expected) {
    assertThat(table.entryCount()).isEqualTo(expected.size());
    assertThat(array(table.smallestKey())).isEqualTo(expected.firstKey());
    assertThat(array(table.largestKey())).isEqualTo(expected.lastKey());
    List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(expected.entrySet());
    NvmTableIterator iterator = table.iterator();
    iterator.seekToFirst();
    for (int i = 0; i < entries.size(); i++) {
      assertThat(iterator.valid()).isTrue();
      assertThat(iterator.position()).isEqualTo(i);
      assertThat(iterator.keyBytes()).isEqualTo(entries.get(i).getKey());
      assertThat(iterator.valueBytes()).isEqualTo(entries.get(i).getValue());
      assertThat(table.keyBytes(i)).isEqualTo(entries.get(i).getKey());
      iterator.next();
    }
    assertThat(iterator.valid()).isFalse();
    iterator.seekToLast();
    for (int i = entries.size() - 1; i >= 0; i--) {
      assertThat(iterator.valid()).isTrue();
      assertThat(iterator.keyBytes()).isEqualTo(entries.get(i).getKey());
      assertThat(array(iterator.value())).isEqualTo(entries.get(i).getValue());
      iterator.prev();
    }
    assertThat(iterator.valid()).isFalse();
    for (Map.Entry<byte[], byte[]> entry : entries) {
      assertThat(table.getBytes(LookupKey.of(entry.getKey()))).isEqualTo(entry.getValue());
    }
  }
}
