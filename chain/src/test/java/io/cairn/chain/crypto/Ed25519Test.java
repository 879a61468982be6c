package io.cairn.chain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.InvalidArgumentException;
import java.security.KeyPair;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Ed25519 through the JDK, and {@link SigningKey}'s signing, against RFC 8032 §7.1 (TEST 1, 2 and 3). */
class Ed25519Test {
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
    KeyPair pair = Ed25519.fromSeed(HEX.parseHex(secret));
    byte[] messageBytes = HEX.parseHex(message);
    assertThat(HEX.formatHex(Ed25519.rawPublicKey(pair.getPublic()))).isEqualTo(publicKey);
    assertThat(HEX.formatHex(Ed25519.seed(pair.getPrivate()))).isEqualTo(secret);
    assertThat(HEX.formatHex(Ed25519.sign(pair.getPrivate(), messageBytes))).isEqualTo(signature);
    SigningKey signingKey = SigningKey.fromSeed(HEX.parseHex(secret)); // the ledger's signer, BouncyCastle
    assertThat(HEX.formatHex(signingKey.publicKey())).isEqualTo(publicKey);
    assertThat(HEX.formatHex(signingKey.sign(messageBytes))).isEqualTo(signature);
    assertThat(Ed25519.verify(Ed25519.publicKey(HEX.parseHex(publicKey)), messageBytes, HEX.parseHex(signature)))
        .isTrue();
  }

  @Test
  void changedMessageOrSignatureDoesNotVerify() {
    KeyPair pair = Ed25519.generate();
    byte[] message = {1, 2, 3};
    byte[] signature = Ed25519.sign(pair.getPrivate(), message);
    assertThat(Ed25519.verify(pair.getPublic(), message, signature)).isTrue();
    assertThat(Ed25519.verify(pair.getPublic(), new byte[] {1, 2, 4}, signature)).isFalse();
    for (int bit = 0; bit < signature.length * 8; bit += 7) {
      byte[] flipped = signature.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(Ed25519.verify(pair.getPublic(), message, flipped)).as("bit %d", bit).isFalse();
    }
    assertThat(Ed25519.verify(pair.getPublic(), message, new byte[63])).isFalse();
  }

  @Test
  void anotherKeyDoesNotVerify() {
    KeyPair signer = Ed25519.generate();
    KeyPair other = Ed25519.generate();
    byte[] signature = Ed25519.sign(signer.getPrivate(), new byte[] {9});
    assertThat(Ed25519.verify(other.getPublic(), new byte[] {9}, signature)).isFalse();
  }

  @Test
  void wrongLengthKeysAreRejected() {
    assertThatThrownBy(() -> Ed25519.publicKey(new byte[31])).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> Ed25519.fromSeed(new byte[33])).isInstanceOf(InvalidArgumentException.class);
  }
}
