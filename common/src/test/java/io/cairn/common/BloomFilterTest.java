package io.cairn.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.testing.Property;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BloomFilterTest {
  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void hashIsMurmur3X86With32BitPublishedVectors() {
    // Published MurmurHash3_x86_32 test vectors (input, seed) -> hash.
    assertThat(BloomFilter.hash(new byte[0], 0, 0, 0)).isEqualTo(0);
    assertThat(BloomFilter.hash(new byte[0], 0, 0, 1)).isEqualTo(0x514E28B7);
    assertThat(BloomFilter.hash(new byte[0], 0, 0, 0xffffffff)).isEqualTo(0x81F16F39);
    assertThat(BloomFilter.hash(new byte[4], 0, 4, 0)).isEqualTo(0x2362F9DE);
    assertThat(BloomFilter.hash(ascii("aaaa"), 0, 4, 0x9747b28c)).isEqualTo(0x5A97808A);
    assertThat(BloomFilter.hash(ascii("abc"), 0, 3, 0)).isEqualTo(0xB3DD93FA);
    byte[] hello = ascii("Hello, world!");
    assertThat(BloomFilter.hash(hello, 0, hello.length, 0x9747b28c)).isEqualTo(0x24884CBA);
    byte[] fox = ascii("The quick brown fox jumps over the lazy dog");
    assertThat(BloomFilter.hash(fox, 0, fox.length, 0x9747b28c)).isEqualTo(0x2FA826CD);
  }

  @Test
  void storedHashValuesNeverChange() {
    // Filters on disk and pmem depend on these: a change here breaks every stored filter.
    assertThat(BloomFilter.hash(new byte[0])).isEqualTo(BloomFilter.hash(new byte[0], 0, 0, BloomFilter.SEED));
    assertThat(BloomFilter.hash(ascii("cairn"))).isEqualTo(BloomFilter.hash(ascii("cairn"), 0, 5, 0x5ca1ab1e));
  }

  @Test
  void filterBitsAreWhereTheDocumentedFormulaPutsThem() {
    int[] hashes = {0, 1, 0x7fffffff, 0x80000000, -1, BloomFilter.hash(ascii("cairn"))};
    byte[] filter = BloomFilter.build(hashes, hashes.length, 10);
    // m = 64 bits (the minimum), k = round(10 * 0.69) = 7; bit = (h_j * m) >> 32, h_{j+1} = h_j + rotr(h, 17).
    byte[] expected = new byte[9];
    expected[8] = 7;
    for (int h : hashes) {
      int delta = (h >>> 17) | (h << 15);
      for (int j = 0; j < 7; j++) {
        int bit = (int) ((Integer.toUnsignedLong(h) * 64) >>> 32);
        expected[bit / 8] |= (byte) (1 << (bit % 8));
        h += delta;
      }
    }
    assertThat(filter).isEqualTo(expected);
  }

  @Test
  void everyInputFormGivesTheSameHash() {
    Property.of("array slice, heap segment and native segment agree", random -> {
          byte[] bytes = new byte[random.nextInt(100)];
          random.nextBytes(bytes);
          return bytes;
        })
        .trials(300)
        .check(bytes -> {
          int expected = BloomFilter.hash(bytes);
          byte[] padded = new byte[bytes.length + 7];
          System.arraycopy(bytes, 0, padded, 3, bytes.length);
          assertThat(BloomFilter.hash(padded, 3, bytes.length)).isEqualTo(expected);
          assertThat(BloomFilter.hash(MemorySegment.ofArray(bytes))).isEqualTo(expected);
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment native_ = arena.allocate(bytes.length + 1L).asSlice(1);
            MemorySegment.copy(MemorySegment.ofArray(bytes), 0, native_, 0, bytes.length);
            assertThat(BloomFilter.hash(native_)).isEqualTo(expected);
          }
        });
  }

  @Test
  void everyAddedKeyMatches() {
    Property.of("no false negatives", random -> {
          int[] hashes = new int[random.nextInt(2000)];
          for (int i = 0; i < hashes.length; i++) {
            hashes[i] = random.nextInt();
          }
          return hashes;
        })
        .trials(100)
        .check(hashes -> {
          for (int bitsPerKey : new int[] {1, 4, 10, 20}) {
            byte[] filter = BloomFilter.build(hashes, hashes.length, bitsPerKey);
            assertThat(filter).hasSize(BloomFilter.sizeFor(hashes.length, bitsPerKey));
            for (int hash : hashes) {
              assertThat(BloomFilter.mayContain(filter, hash)).isTrue();
              assertThat(BloomFilter.mayContain(MemorySegment.ofArray(filter), hash)).isTrue();
            }
          }
        });
  }

  @Test
  void tenBitsPerKeyPassAboutOnePercentOfAbsentKeys() {
    SplittableRandom random = new SplittableRandom(7);
    int count = 20_000;
    int[] hashes = new int[count];
    Set<String> members = new HashSet<>();
    for (int i = 0; i < count; i++) {
      byte[] key = ascii("key-" + random.nextLong());
      members.add(new String(key, StandardCharsets.US_ASCII));
      hashes[i] = BloomFilter.hash(key);
    }
    byte[] filter = BloomFilter.build(hashes, count, 10);
    assertThat(filter[filter.length - 1]).isEqualTo((byte) 7);
    int passed = 0;
    int probes = 0;
    while (probes < 50_000) {
      String absent = "other-" + random.nextLong();
      if (members.contains(absent)) {
        continue;
      }
      probes++;
      if (BloomFilter.mayContain(filter, BloomFilter.hash(ascii(absent)))) {
        passed++;
      }
    }
    // 10 bits/key, 7 probes: 0.8% in theory; well mixed hashes stay under 1.5%.
    assertThat((double) passed / probes).isLessThan(0.015);
  }

  @Test
  void onlyFirstCountHashesAreAdded() {
    byte[] filter = BloomFilter.build(new int[] {11, 22, 33}, 1, 10);
    assertThat(BloomFilter.mayContain(filter, 11)).isTrue();
    byte[] empty = BloomFilter.build(new int[0], 0, 10);
    assertThat(empty).hasSize(9);
    assertThat(BloomFilter.mayContain(empty, 11)).isFalse();
  }

  @Test
  void filtersTooShortMatchNothingAndUnknownProbeCountsMatchEverything() {
    assertThat(BloomFilter.mayContain(new byte[0], 1)).isFalse();
    assertThat(BloomFilter.mayContain(new byte[1], 1)).isFalse();
    assertThat(BloomFilter.mayContain(MemorySegment.ofArray(new byte[1]), 1)).isFalse();
    byte[] future = new byte[9];
    future[8] = 31;
    assertThat(BloomFilter.mayContain(future, 1)).isTrue();
    assertThat(BloomFilter.mayContain(MemorySegment.ofArray(future), 1)).isTrue();
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> BloomFilter.build(new int[2], 3, 10))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("exceeds");
    assertThatThrownBy(() -> BloomFilter.build(new int[2], -1, 10)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> BloomFilter.build(new int[2], 2, 0))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("bits per key");
    assertThatThrownBy(() -> BloomFilter.sizeFor(Integer.MAX_VALUE, 64)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> BloomFilter.hash(new byte[3], 2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void probeCountFollowsBitsPerKey() {
    assertThat(BloomFilter.probesFor(1)).isEqualTo(1);
    assertThat(BloomFilter.probesFor(10)).isEqualTo(7);
    assertThat(BloomFilter.probesFor(64)).isEqualTo(BloomFilter.MAX_PROBES);
  }
}
