package io.cairn.chain.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CorruptionException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ByteReader}'s strings: ASCII takes a shortcut past the strict UTF-8 decoder, and must
 * answer what that decoder answers; anything else still goes through it (valid multi-byte text
 * decodes, malformed bytes are corrupt).
 */
class ByteReaderStringsTest {
  private static byte[] prefixed(byte[] text) {
    byte[] out = new byte[1 + text.length];
    out[0] = (byte) text.length;
    System.arraycopy(text, 0, out, 1, text.length);
    return out;
  }

  private static String read(byte[] text) {
    return new ByteReader(prefixed(text), "test").string8(0, "text");
  }

  @Test
  void asciiAndMultiByteTextDecodeAsUtf8() {
    SplittableRandom random = new SplittableRandom(21);
    for (int trial = 0; trial < 500; trial++) {
      byte[] ascii = new byte[random.nextInt(0, 200)];
      for (int i = 0; i < ascii.length; i++) {
        ascii[i] = (byte) random.nextInt(0, 128);
      }
      assertThat(read(ascii)).isEqualTo(new String(ascii, StandardCharsets.UTF_8));
    }
    String accented = "records-été-✓";
    assertThat(read(accented.getBytes(StandardCharsets.UTF_8))).isEqualTo(accented);
  }

  @Test
  void malformedUtf8IsCorrupt() {
    assertThatThrownBy(() -> read(new byte[] {'a', (byte) 0xc3, 0x28})).isInstanceOf(CorruptionException.class)
        .hasMessageContaining("not valid UTF-8");
    assertThatThrownBy(() -> read(new byte[] {(byte) 0xff})).isInstanceOf(CorruptionException.class);
  }

  @Test
  void theReaderMovesPastTheString() {
    byte[] two = {2, 'o', 'k', 1, 'x'};
    ByteReader in = new ByteReader(two, "test");
    assertThat(in.string8(0, "first")).isEqualTo("ok");
    assertThat(in.string8(0, "second")).isEqualTo("x");
    in.expectEnd();
  }
}
