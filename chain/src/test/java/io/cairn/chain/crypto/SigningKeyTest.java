package io.cairn.chain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.InvalidArgumentException;
import io.cairn.testing.Property;
import java.security.KeyPair;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BouncyCastle's signing against RFC 8032 §7.1 and against the JDK's provider: the ledger signs
 * through {@link SigningKey}, and every member must produce the signatures it always did.
 */
class SigningKeyTest {
  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest(name = "RFC 8032 {0}")
  @CsvSource({
    "TEST 1, 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
        + " d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '',"
        + " e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    "TEST 2, 4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
        + " 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72,"
        + " 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    "TEST 3, c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
        + " fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025, af82,"
        + " 6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
  })
  void rfc8032Vector(String name, String secret, String publicKey, String message, String signature) {
    SigningKey key = SigningKey.fromSeed(HEX.parseHex(secret));
    assertThat(HEX.formatHex(key.publicKey())).isEqualTo(publicKey);
    assertThat(HEX.formatHex(key.sign(HEX.parseHex(message)))).isEqualTo(signature);
  }

  @Test
  void signsExactlyAsTheJdkDoes() {
    Property.of("SigningKey.sign == the JDK's Ed25519 signature, and it verifies", random -> {
          byte[] seed = new byte[Ed25519.SEED_BYTES];
          random.nextBytes(seed);
          byte[] message = new byte[random.nextInt(300)];
          random.nextBytes(message);
          return new byte[][] {seed, message};
        })
        .describeWith(c -> "seed " + HEX.formatHex(c[0]) + " message " + HEX.formatHex(c[1]))
        .trials(40)
        .check(c -> {
          KeyPair jdk = Ed25519.fromSeed(c[0]);
          SigningKey key = SigningKey.fromSeed(c[0]);
          byte[] signature = key.sign(c[1]);
          assertThat(signature).isEqualTo(Ed25519.sign(jdk.getPrivate(), c[1]));
          assertThat(key.publicKey()).isEqualTo(Ed25519.rawPublicKey(jdk.getPublic()));
          assertThat(Ed25519.verify(key.publicKey(), c[1], signature)).isTrue();
        });
  }

  @Test
  void signsASliceAsTheWholeOfItsBytes() {
    SigningKey key = SigningKey.fromSeed(new byte[32]);
    byte[] framed = {9, 9, 1, 2, 3, 9};
    assertThat(key.sign(framed, 2, 3)).isEqualTo(key.sign(new byte[] {1, 2, 3}));
  }

  @Test
  void aSeedOfAnotherLengthIsRefused() {
    assertThatThrownBy(() -> SigningKey.fromSeed(new byte[31])).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> SigningKey.fromSeed(null)).isInstanceOf(InvalidArgumentException.class);
  }
}
