package io.cairn.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Property;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Crc32cTest {
  @Test
  void standardCheckValue() {
    // The CRC-32C check value from the Castagnoli catalogue: CRC of ASCII "123456789".
    assertThat(Crc32c.of("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xE3069283);
  }

  @Test
  void everyInputFormGivesTheSameChecksum() {
    Property.of("array, segment and buffer agree", random -> {
          byte[] bytes = new byte[random.nextInt(3000)];
          random.nextBytes(bytes);
          return bytes;
        })
        .trials(200)
        .check(bytes -> {
          int expected = Crc32c.of(bytes);
          assertThat(Crc32c.of(MemorySegment.ofArray(bytes))).isEqualTo(expected);
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          assertThat(Crc32c.of(buffer)).isEqualTo(expected);
          assertThat(buffer.position()).isZero();
        });
  }

  @Test
  void heapSegmentsOverOtherArrayTypesAreChecksummedToo() {
    Property.of("long[]-backed segment == byte[]", random -> {
          long[] words = new long[random.nextInt(20_000)];
          for (int i = 0; i < words.length; i++) {
            words[i] = random.nextLong();
          }
          return words;
        })
        .trials(50)
        .check(words -> {
          MemorySegment segment = MemorySegment.ofArray(words);
          byte[] bytes = segment.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
          assertThat(Crc32c.of(segment)).isEqualTo(Crc32c.of(bytes));
          if (bytes.length > 3) {
            assertThat(Crc32c.of(segment.asSlice(3))).isEqualTo(Crc32c.of(bytes, 3, bytes.length - 3));
          }
        });
  }

  @Test
  void maskIsInvertibleAndChangesTheValue() {
    Property.of("unmask(mask(x)) == x", random -> random.nextInt()).trials(1000).check(crc -> {
      assertThat(Crc32c.unmask(Crc32c.mask(crc))).isEqualTo(crc);
      assertThat(Crc32c.mask(crc)).isNotEqualTo(crc);
    });
  }
}
