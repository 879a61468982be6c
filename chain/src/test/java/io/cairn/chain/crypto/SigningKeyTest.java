package io.cairn.chain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.InvalidArgumentException;
import io.cairn.testing.Property;
import java.security.KeyPair;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * BouncyCastle's signing against the JDK's provider (RFC 8032's vectors are in {@link Ed25519Test}):
 * the ledger signs through {@link SigningKey}, and every member must produce the signatures it
 * always did.
 */
class SigningKeyTest {
  private static final HexFormat HEX = HexFormat.of();

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
