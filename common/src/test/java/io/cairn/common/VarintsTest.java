package io.cairn.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.testing.Property;
import org.junit.jupiter.api.Test;

class VarintsTest {
  @Test
  void roundTripsEveryBitLength() {
    Property.of("decode(encode(v)) == v", random -> random.nextLong() >>> random.nextInt(64))
        .trials(2000)
        .check(value -> {
          byte[] buffer = new byte[Varints.MAX_VARINT64_BYTES];
          int end = Varints.putVarint64(buffer, 0, value);
          assertThat(end).isEqualTo(Varints.sizeOf(value));
          assertThat(Varints.getVarint64(buffer, 0, end)).isEqualTo(value);
          assertThat(Varints.endOfVarint(buffer, 0, end)).isEqualTo(end);
        });
  }

  @Test
  void truncatedVarintIsCorruption() {
    byte[] buffer = new byte[Varints.MAX_VARINT64_BYTES];
    int end = Varints.putVarint64(buffer, 0, 300);
    assertThatThrownBy(() -> Varints.getVarint64(buffer, 0, end - 1))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void elevenByteVarintIsCorruption() {
    byte[] buffer = new byte[12];
    java.util.Arrays.fill(buffer, (byte) 0x80);
    assertThatThrownBy(() -> Varints.getVarint64(buffer, 0, buffer.length))
        .isInstanceOf(CorruptionException.class);
  }

  @Test
  void varint32RejectsValuesAbove32Bits() {
    byte[] buffer = new byte[Varints.MAX_VARINT64_BYTES];
    int end = Varints.putVarint64(buffer, 0, 1L << 32);
    assertThatThrownBy(() -> Varints.getVarint32(buffer, 0, end))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("32 bits");
  }

  @Test
  void fixedWidthIsLittleEndian() {
    byte[] buffer = new byte[8];
    Varints.putFixed64(buffer, 0, 0x0102030405060708L);
    assertThat(buffer).containsExactly(8, 7, 6, 5, 4, 3, 2, 1);
    assertThat(Varints.getFixed64(buffer, 0)).isEqualTo(0x0102030405060708L);
  }

  /** Any byte string either decodes to a value that re-encodes within it, or is rejected. */
  @FuzzTest(maxDuration = "10s")
  void decoderNeverReturnsAWrongValue(byte[] input) {
    long value;
    try {
      value = Varints.getVarint64(input, 0, input.length);
    } catch (CorruptionException expected) {
      return;
    }
    byte[] encoded = new byte[Varints.MAX_VARINT64_BYTES];
    int length = Varints.putVarint64(encoded, 0, value);
    assertThat(Varints.getVarint64(encoded, 0, length)).isEqualTo(value);
  }
}
