package io.cairn.chain.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.HashAlgorithm;
import io.cairn.testing.Property;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Standard SHA-256 against the FIPS 180-2 / NIST CSRC example vectors. */
class Sha256VectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void emptyMessage() {
    assertVector("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void oneBlockMessageAbc() {
    assertVector("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void twoBlockMessage448Bits() {
    assertVector("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  }

  @Test
  void message896Bits() {
    assertVector("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
            + "lmnopqrsmnopqrstnopqrstu",
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  }

  @Test
  void oneMillionTimesA() {
    assertVector("a".repeat(1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }

  /** The 80-round code cut to 64 rounds is SHA-256: checks the shared schedule, rounds and padding. */
  @Test
  void sixtyFourRoundCompressionMatchesTheJdk() throws Exception {
    MessageDigest jdk = MessageDigest.getInstance("SHA-256");
    Property.of("64-round compression == JDK SHA-256", random -> {
          byte[] data = new byte[random.nextInt(300)];
          random.nextBytes(data);
          return data;
        })
        .describeWith(HEX::formatHex)
        .trials(500)
        .check(data -> assertThat(ImprovedSha256.digest(data, 0, data.length, ImprovedSha256.STANDARD_ROUNDS))
            .isEqualTo(jdk.digest(data)));
  }

  @Test
  void digestOfARangeIgnoresBytesOutsideIt() {
    byte[] data = "xxabcyy".getBytes(StandardCharsets.US_ASCII);
    assertThat(HEX.formatHex(Digests.sha256(data, 2, 3)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  private static void assertVector(String message, String expectedHex) {
    byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
    assertThat(HashAlgorithm.SHA_256.hash(bytes).hex()).isEqualTo(expectedHex);
    assertThat(HEX.formatHex(Digests.sha256(bytes))).isEqualTo(expectedHex);
    assertThat(HEX.formatHex(ImprovedSha256.digest(bytes, 0, bytes.length, ImprovedSha256.STANDARD_ROUNDS)))
        .isEqualTo(expectedHex);
  }
}
