package io.cairn.pgm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.InvalidArgumentException;
import io.cairn.pgm.KeySets.Kind;
import io.cairn.testing.Property;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Serialisation: round trips, reading in place, the documented layout, and every kind of damage. */
class PgmFormatTest {
  /** A model of a few levels: 20k clustered keys with small ε. */
  private static long[] someKeys() {
    return KeySets.generate(Kind.CLUSTERED, 20_000, new SplittableRandom(42));
  }

  private static void assertSameAnswers(PgmIndex expected, PgmIndex actual, long[] keys, long[] probes) {
    assertThat(actual.keyCount()).isEqualTo(expected.keyCount());
    assertThat(actual.epsilon()).isEqualTo(expected.epsilon());
    assertThat(actual.epsilonRecursive()).isEqualTo(expected.epsilonRecursive());
    assertThat(actual.levelCount()).isEqualTo(expected.levelCount());
    assertThat(actual.segmentCount()).isEqualTo(expected.segmentCount());
    assertThat(actual.sizeBytes()).isEqualTo(expected.sizeBytes());
    for (long probe : probes) {
      assertThat(actual.search(probe)).isEqualTo(expected.search(probe));
      assertThat(actual.rank(probe, keys)).isEqualTo(expected.rank(probe, keys));
    }
  }

  @Test
  void serialiseThenReadGivesIdenticalAnswers() {
    Property.of("read(toBytes(model)) answers like model", random -> {
      Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
      return KeySets.generate(kind, random.nextInt(5000), random);
    }).trials(60).check(keys -> {
      PgmIndex model = PgmIndex.build(keys, 1 + keys.length % 32, 1 + keys.length % 3);
      byte[] bytes = model.toBytes();
      assertThat(bytes).hasSize((int) model.sizeBytes());
      PgmIndex read = PgmIndex.read(bytes);
      assertSameAnswers(model, read, keys, KeySets.probes(keys, new SplittableRandom(keys.length)));
      assertThat(read.toBytes()).isEqualTo(bytes);
      assertThat(read.windowMisses()).isZero();
    });
  }

  @Test
  void readsInPlaceFromNativeMemoryAtAnyAlignment() {
    long[] keys = someKeys();
    PgmIndex model = PgmIndex.build(keys, 4, 2);
    long[] probes = KeySets.probes(keys, new SplittableRandom(1));
    try (Arena arena = Arena.ofShared()) {
      MemorySegment region = arena.allocate(model.sizeBytes() + 16, 8);
      for (long offset : new long[] {0, 3, 8}) {
        MemorySegment slot = region.asSlice(offset);
        assertThat(model.writeTo(slot)).isEqualTo(model.sizeBytes());
        assertSameAnswers(model, PgmIndex.read(slot), keys, probes);
      }
    }
  }

  @Test
  void aModelMayBeFollowedByOtherBytes() {
    long[] keys = {3, 1_000, 1_000_000};
    byte[] bytes = PgmIndex.build(keys, 1, 1).toBytes();
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 100);
    Arrays.fill(longer, bytes.length, longer.length, (byte) 0x5A);
    PgmIndex read = PgmIndex.read(longer);
    assertThat(read.sizeBytes()).isEqualTo(bytes.length);
    assertThat(read.rank(999, keys)).isEqualTo(1);
  }

  @Test
  void layoutMatchesTheDocumentation() {
    // No keys: one segment answering 0 for every key: key 0, slope 0, intercept 0.
    byte[] bytes = PgmIndex.build(new long[0], 64, 4).toBytes();
    ByteBuffer buffer = ModelBytes.buffer(bytes);
    assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("CPGM");
    assertThat(buffer.getInt(PgmFormat.MAGIC_OFFSET)).isEqualTo(PgmFormat.MAGIC);
    assertThat(buffer.getShort(PgmFormat.VERSION_OFFSET)).isEqualTo((short) 1);
    assertThat(buffer.getShort(PgmFormat.LEVEL_COUNT_OFFSET)).isEqualTo((short) 1);
    assertThat(buffer.getInt(PgmFormat.EPSILON_OFFSET)).isEqualTo(64);
    assertThat(buffer.getInt(PgmFormat.EPSILON_RECURSIVE_OFFSET)).isEqualTo(4);
    assertThat(buffer.getInt(PgmFormat.KEY_COUNT_OFFSET)).isZero();
    assertThat(buffer.getInt(PgmFormat.SEGMENT_COUNT_OFFSET)).isEqualTo(1);
    assertThat(buffer.getLong(PgmFormat.MODEL_BYTES_OFFSET)).isEqualTo(64);
    assertThat(buffer.getInt(PgmFormat.LEVEL_TABLE_OFFSET)).isEqualTo(1);
    assertThat(PgmFormat.keysOffset(1)).isEqualTo(40);
    assertThat(buffer.getInt(36)).isZero(); // padding
    assertThat(buffer.getLong(40)).isZero(); // first key
    assertThat(buffer.getDouble(48)).isZero(); // slope
    assertThat(buffer.getInt(56)).isZero(); // intercept
    assertThat(buffer.getInt(60)).isEqualTo(Crc32c.mask(Crc32c.of(bytes, 0, 60)));
    assertThat(bytes).hasSize(64);
    // Two levels of 3 and 1 segments: K = align8(32 + 8) = 40, T = align8(40 + 80 + 4) = 128.
    assertThat(PgmFormat.modelBytes(2, 4)).isEqualTo(128);
  }

  @Test
  void everyTruncationIsCorruption() {
    byte[] bytes = PgmIndex.build(someKeys(), 8, 2).toBytes();
    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> PgmIndex.read(truncated)).as("length %d", length)
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("pgm model");
    }
  }

  @Test
  void everySingleBitFlipIsCorruption() {
    byte[] bytes = PgmIndex.build(someKeys(), 64, 4).toBytes();
    for (int bit = 0; bit < bytes.length * 8; bit++) {
      byte[] damaged = bytes.clone();
      damaged[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> PgmIndex.read(damaged)).as("bit %d", bit)
          .isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void badMagicAndVersionAreNamed() {
    byte[] bytes = PgmIndex.build(new long[] {1, 2, 3}).toBytes();
    byte[] magic = bytes.clone();
    magic[0] = 'X';
    assertThatThrownBy(() -> PgmIndex.read(magic)).hasMessageContaining("bad magic");
    byte[] version = bytes.clone();
    version[PgmFormat.VERSION_OFFSET] = 2;
    assertThatThrownBy(() -> PgmIndex.read(version)).hasMessageContaining("unsupported format version 2");
  }

  /** Applies {@code damage} to a valid model, re-seals the checksum, and expects {@code message}. */
  private static void assertStructureCheck(Consumer<ByteBuffer> damage, String message) {
    byte[] bytes = PgmIndex.build(someKeys(), 2, 1).toBytes();
    ByteBuffer buffer = ModelBytes.buffer(bytes);
    damage.accept(buffer);
    buffer.putInt(bytes.length - 4, Crc32c.mask(Crc32c.of(bytes, 0, bytes.length - 4)));
    assertThatThrownBy(() -> PgmIndex.read(bytes))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining(message);
  }

  @Test
  void structuralDamageBehindAValidChecksumIsCorruption() {
    int levels = ModelBytes.buffer(PgmIndex.build(someKeys(), 2, 1).toBytes()).getShort(PgmFormat.LEVEL_COUNT_OFFSET);
    int keys = (int) PgmFormat.keysOffset(levels);
    assertThat(levels).isGreaterThan(2);
    assertStructureCheck(b -> b.putLong(keys, 7), "first key of segment 0");
    assertStructureCheck(b -> b.putLong(keys + 8 * 5, b.getLong(keys + 8 * 4)), "does not increase");
    assertStructureCheck(b -> b.putInt(PgmFormat.EPSILON_OFFSET, 0), "epsilon 0");
    assertStructureCheck(b -> b.putInt(PgmFormat.KEY_COUNT_OFFSET, -1), "key count");
    assertStructureCheck(b -> b.putLong(PgmFormat.MODEL_BYTES_OFFSET, 8), "model size 8");
    assertStructureCheck(b -> b.putShort(PgmFormat.LEVEL_COUNT_OFFSET, (short) 0), "level count 0");
    assertStructureCheck(b -> b.putInt(PgmFormat.LEVEL_TABLE_OFFSET, 1), "level 0 has 1 segments");
    int segments = b(PgmFormat.SEGMENT_COUNT_OFFSET);
    int slopes = keys + 8 * segments;
    int intercepts = slopes + 8 * segments;
    assertStructureCheck(b -> b.putDouble(slopes + 8, Double.NaN), "slope of segment 1 is NaN");
    assertStructureCheck(b -> b.putInt(intercepts + 4, 1 << 30), "intercept 1073741824 of segment 1");
    // Segment 1 of level 1 must start where some bottom-level segment starts.
    int levelZero = ModelBytes.buffer(PgmIndex.build(someKeys(), 2, 1).toBytes())
        .getInt(PgmFormat.LEVEL_TABLE_OFFSET);
    assertStructureCheck(b -> b.putLong(keys + 8 * (levelZero + 1), b.getLong(keys + 8 * (levelZero + 1)) + 1),
        "does not start where a segment of the level below starts");
  }

  private static int b(int offset) {
    return ModelBytes.buffer(PgmIndex.build(someKeys(), 2, 1).toBytes()).getInt(offset);
  }

  @Test
  void nonZeroPaddingIsCorruption() {
    assertThatThrownBy(() -> {
      byte[] bytes = PgmIndex.build(new long[0]).toBytes();
      bytes[36] = 1;
      ModelBytes.buffer(bytes).putInt(60, Crc32c.mask(Crc32c.of(bytes, 0, 60)));
      PgmIndex.read(bytes);
    }).isInstanceOf(CorruptionException.class).hasMessageContaining("padding");
  }

  @Test
  void writeToRejectsASmallOrReadOnlyTarget() {
    PgmIndex model = PgmIndex.build(new long[] {1, 2, 3});
    assertThatThrownBy(() -> model.writeTo(MemorySegment.ofArray(new byte[(int) model.sizeBytes() - 1])))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("needs " + model.sizeBytes());
    assertThatThrownBy(() -> model.writeTo(MemorySegment.ofArray(new byte[100]).asReadOnly()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("read-only");
  }

  @Test
  void aModelInAnyKindOfHeapSegmentReadsBack() {
    long[] keys = {1, 2, 3};
    PgmIndex model = PgmIndex.build(keys);
    long[] words = new long[(int) model.sizeBytes() / 8];
    model.writeTo(MemorySegment.ofArray(words));
    PgmIndex read = PgmIndex.read(MemorySegment.ofArray(words));
    assertThat(read.toBytes()).isEqualTo(model.toBytes());
    assertThat(read.rank(2, keys)).isEqualTo(1);
  }

  /**
   * Any byte string is either rejected with a CorruptionException or is a model that (a) is the
   * canonical encoding of itself, (b) answers every search inside [0, keyCount] within 2ε + 2
   * positions, and (c) ranks exactly over any sorted keys, its guard catching a model that lies.
   */
  @FuzzTest(maxDuration = "10s")
  void readerNeverMisbehaves(byte[] input) {
    PgmIndex model;
    try {
      model = PgmIndex.read(input);
    } catch (CorruptionException expected) {
      return;
    }
    assertThat(model.toBytes()).isEqualTo(Arrays.copyOf(input, (int) model.sizeBytes()));
    SplittableRandom random = new SplittableRandom(input.length);
    long[] keys = model.keyCount() <= 100_000 ? new long[model.keyCount()] : null;
    if (keys != null) {
      for (int i = 0; i < keys.length; i++) {
        keys[i] = random.nextLong();
      }
      KeySets.sortUnsigned(keys);
    }
    for (int i = 0; i < 200; i++) {
      long probe = i < KeySets.EDGES.length ? KeySets.EDGES[i] : random.nextLong();
      PgmRange range = model.search(probe);
      assertThat(range.hi()).isLessThanOrEqualTo(model.keyCount());
      assertThat(range.width()).isLessThanOrEqualTo(2 * model.epsilon() + 1);
      if (keys != null) {
        assertThat(model.rank(probe, keys)).isEqualTo(KeySets.lowerBounds(keys, new long[] {probe})[0]);
      }
    }
  }
}
