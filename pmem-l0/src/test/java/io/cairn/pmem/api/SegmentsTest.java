package io.cairn.pmem.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Property;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Segments#toBytes}: the bytes of any slice, of heap or native memory, in a new array. */
class SegmentsTest {
  @Test
  void copiesExactlyTheSlicesBytes() {
    Property.of("toBytes of a slice is the slice's bytes", random -> random.nextLong())
        .trials(100)
        .check(seed -> {
          SplittableRandom random = new SplittableRandom(seed);
          byte[] bytes = new byte[random.nextInt(1, 5_000)];
          random.nextBytes(bytes);
          int from = random.nextInt(bytes.length);
          int length = random.nextInt(bytes.length - from + 1);
          byte[] expected = Arrays.copyOfRange(bytes, from, from + length);
          assertThat(Segments.toBytes(MemorySegment.ofArray(bytes).asSlice(from, length))).isEqualTo(expected);
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment nativeSegment = arena.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, nativeSegment, ValueLayout.JAVA_BYTE, 0, bytes.length);
            byte[] copy = Segments.toBytes(nativeSegment.asSlice(from, length).asReadOnly());
            assertThat(copy).isEqualTo(expected);
            if (copy.length > 0) {
              copy[0] ^= 1; // the array is a copy: changing it leaves the segment as it was
              assertThat(nativeSegment.asSlice(from, length).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(expected);
            }
          }
        });
  }
}
