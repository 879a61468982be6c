package io.cairn.lsm.internal.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.common.CorruptionException;
import io.cairn.common.ErrorCode;
import io.cairn.testing.Property;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ValueReferenceTest {
  @Test
  void encodingRoundTrips() {
    Property.of("decode(encode(reference)) is the reference",
            random -> new ValueReference(random.nextLong(1L << random.nextInt(1, 62)),
                256 + 8 * random.nextLong(1L << random.nextInt(1, 40)), random.nextInt(1, Integer.MAX_VALUE),
                random.nextInt()))
        .trials(500)
        .check(reference -> {
          byte[] encoded = reference.encode();
          assertThat(encoded).hasSize(reference.encodedBytes());
          byte[] padded = new byte[encoded.length + 6];
          System.arraycopy(encoded, 0, padded, 3, encoded.length);
          assertThat(ValueReference.decode(padded, 3, encoded.length, "t")).isEqualTo(reference);
        });
  }

  @Test
  void damagedReferencesAreCorruptionNamingTheTable() {
    byte[] good = new ValueReference(12, 4096, 16384, 0x1234abcd).encode();
    byte[] version = good.clone();
    version[0] = 2;
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    byte[] misaligned = good.clone();
    misaligned[2] ^= 1; // the offset's low varint byte: no longer a multiple of 8
    for (byte[] bad : new byte[][] {version, trailing, Arrays.copyOf(good, good.length - 1), misaligned, new byte[0]}) {
      assertThatThrownBy(() -> ValueReference.decode(bad, 0, bad.length, "000042.sst"))
          .isInstanceOf(CorruptionException.class).hasMessageContaining("000042.sst")
          .satisfies(e -> assertThat(((CorruptionException) e).code()).isEqualTo(ErrorCode.CORRUPTION));
    }
  }

  /** Any bytes: a reference either decodes to one that re-encodes to exactly those bytes, or is CorruptionException. */
  @FuzzTest(maxDuration = "10s")
  void referenceDecoderOfArbitraryBytesOnlyFailsWithCorruption(byte[] input) {
    ValueReference reference;
    try {
      reference = ValueReference.decode(input, 0, input.length, "fuzz");
    } catch (CorruptionException expected) {
      return;
    }
    assertThat(reference.encode()).isEqualTo(input);
  }
}
