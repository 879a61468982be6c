package io.cairn.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Property;
import org.junit.jupiter.api.Test;

class UnsignedBytesTest {
  @Test
  void highBytesSortLast() {
    assertThat(UnsignedBytes.compare(new byte[] {(byte) 0xFF}, new byte[] {0x01})).isPositive();
    assertThat(UnsignedBytes.compare(new byte[] {1}, new byte[] {1, 0})).isNegative();
  }

  @Test
  void prefixOrderAgreesWithKeyOrder() {
    Property.of("prefix64 is monotone", random -> {
          byte[][] pair = new byte[2][];
          for (int i = 0; i < 2; i++) {
            pair[i] = new byte[random.nextInt(12)];
            random.nextBytes(pair[i]);
          }
          return pair;
        })
        .trials(3000)
        .check(pair -> {
          int keyOrder = UnsignedBytes.compare(pair[0], pair[1]);
          int prefixOrder =
              Long.compareUnsigned(UnsignedBytes.prefix64(pair[0]), UnsignedBytes.prefix64(pair[1]));
          // Prefixes may tie for distinct keys but never contradict the key order.
          assertThat(prefixOrder == 0 || Integer.signum(prefixOrder) == Integer.signum(keyOrder))
              .isTrue();
        });
  }

  @Test
  void prefixIsBigEndian() {
    byte[] key = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09};
    assertThat(UnsignedBytes.prefix64(key)).isEqualTo(0x0102030405060708L);
    assertThat(UnsignedBytes.prefix64(new byte[] {(byte) 0xFF})).isEqualTo(0xFF00000000000000L);
  }
}
