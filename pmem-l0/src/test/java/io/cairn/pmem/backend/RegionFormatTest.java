package io.cairn.pmem.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.InvalidArgumentException;
import io.cairn.common.Varints;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RegionFormatTest {
  @Test
  void headerRoundTripsAndHasTheDocumentedLayout() {
    byte[] header = RegionFormat.encode(123_456);
    assertThat(header).hasSize(256);
    assertThat(new String(header, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("CAIRNPMR");
    assertThat(Varints.getFixed32(header, 8)).isEqualTo(1);
    assertThat(Varints.getFixed32(header, 12)).isEqualTo(256);
    assertThat(Varints.getFixed64(header, 16)).isEqualTo(123_456);
    assertThat(Arrays.copyOfRange(header, 24, 252)).containsOnly(0);
    assertThat(Crc32c.unmask(Varints.getFixed32(header, 252))).isEqualTo(Crc32c.of(header, 0, 252));
    assertThat(RegionFormat.decode(header, "r")).isEqualTo(123_456);
  }

  @Test
  void everyFlippedBitIsCaught() {
    byte[] good = RegionFormat.encode(4096);
    for (int bit = 0; bit < good.length * 8; bit++) {
      byte[] bad = good.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> RegionFormat.decode(bad, "r")).as("bit %d", bit).isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void wrongMagicSaysWhatTheFileIs() {
    byte[] pool = new byte[256];
    System.arraycopy("PMEMOBJ".getBytes(StandardCharsets.US_ASCII), 0, pool, 0, 7);
    assertThatThrownBy(() -> RegionFormat.decode(pool, "/x/t"))
        .isInstanceOf(CorruptionException.class)
        .hasMessage("corruption in /x/t at offset 0: bad magic: not a Cairn pmem region (it is a PMDK pmemobj pool: open it with the llpl backend)");
    assertThatThrownBy(() -> RegionFormat.decode(new byte[256], "t")).hasMessageContaining("all zero");
  }

  @Test
  void aLaterVersionIsRefusedByName() {
    byte[] header = RegionFormat.encode(64);
    Varints.putFixed32(header, 8, 2);
    Varints.putFixed32(header, 252, Crc32c.mask(Crc32c.of(header, 0, 252)));
    assertThatThrownBy(() -> RegionFormat.decode(header, "t")).hasMessageContaining("version 2 is not supported");
  }

  @Test
  void fileLengthMustMatchTheHeader() {
    RegionFormat.checkFileBytes(256 + 64, 64, "t");
    assertThatThrownBy(() -> RegionFormat.checkFileBytes(256 + 63, 64, "t"))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("truncated or extended");
  }

  @Test
  void sizesOutOfRangeAreInvalidArguments() {
    assertThatThrownBy(() -> RegionFormat.encode(0)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> RegionFormat.encode(RegionFormat.PAYLOAD_BYTES_MAX + 1)).isInstanceOf(InvalidArgumentException.class);
    assertThat(RegionFormat.decode(RegionFormat.encode(RegionFormat.PAYLOAD_BYTES_MAX), "t")).isEqualTo(RegionFormat.PAYLOAD_BYTES_MAX);
  }

  /** Any 256 bytes either decode to a size whose header is exactly those bytes, or are refused. */
  @FuzzTest(maxDuration = "10s")
  void decoderNeverAcceptsBytesItWouldNotWrite(byte[] input) {
    byte[] header = Arrays.copyOf(input, RegionFormat.HEADER_BYTES);
    long size;
    try {
      size = RegionFormat.decode(header, "fuzz");
    } catch (CorruptionException expected) {
      return;
    }
    assertThat(RegionFormat.encode(size)).isEqualTo(header);
  }
}
