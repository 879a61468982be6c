package io.cairn.chain.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Property;
import java.security.KeyPair;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Ed25519Batch} against the single check ({@link Ed25519#verify}): a batch of valid
 * signatures passes, and one flipped bit anywhere (a signature, a message, a key) or a signature
 * moved to another message makes the batch fail, at every batch size from 1 to 40.
 */
class Ed25519BatchTest {
  /** A batch and which of its items to spoil (-1: none), and how. */
  record Case(byte[][] keys, byte[][] messages, byte[][] signatures, int spoiled, int how, int bit) {}

  private static Case generate(SplittableRandom random) {
    int k = 1 + random.nextInt(40);
    byte[][] keys = new byte[k][];
    byte[][] messages = new byte[k][];
    byte[][] signatures = new byte[k][];
    for (int i = 0; i < k; i++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      KeyPair pair = Ed25519.fromSeed(seed);
      keys[i] = Ed25519.rawPublicKey(pair.getPublic());
      messages[i] = new byte[random.nextInt(100)];
      random.nextBytes(messages[i]);
      signatures[i] = Ed25519.sign(pair.getPrivate(), messages[i]);
    }
    int spoiled = random.nextInt(3) == 0 ? -1 : random.nextInt(k);
    return new Case(keys, messages, signatures, spoiled, random.nextInt(4), random.nextInt(512));
  }

  @Test
  void aBatchPassesExactlyWhenEverySignatureChecksAlone() {
    Property.of("ed25519 batch = all single checks", Ed25519BatchTest::generate).trials(30).check(c -> {
      byte[][] signatures = c.signatures().clone();
      byte[][] messages = c.messages().clone();
      byte[][] keys = c.keys().clone();
      if (c.spoiled() >= 0) {
        int i = c.spoiled();
        switch (c.how()) {
          case 0 -> signatures[i] = flip(signatures[i], c.bit());
          case 1 -> messages[i] = messages[i].length == 0 ? new byte[] {1} : flip(messages[i], c.bit());
          case 2 -> keys[i] = flip(keys[i], c.bit() % 256);
          default -> messages[i] = concat(messages[i], new byte[] {7});
        }
      }
      boolean single = true;
      for (int i = 0; i < keys.length; i++) {
        single &= Ed25519.verify(keys[i], messages[i], signatures[i]);
      }
      boolean batch = Ed25519Batch.verify(keys, messages, signatures, new SplittableRandom(c.bit()));
      assertThat(batch).as("batch of %d, spoiled %d by %d", keys.length, c.spoiled(), c.how()).isEqualTo(single);
      assertThat(single).isEqualTo(c.spoiled() < 0);
    });
  }

  @Test
  void malformedInputFailsWithoutThrowing() {
    SplittableRandom random = new SplittableRandom(5);
    Case c = generate(random);
    byte[][] signatures = c.signatures().clone();
    signatures[0] = new byte[63];
    assertThat(Ed25519Batch.verify(c.keys(), c.messages(), signatures, random)).isFalse();
    assertThat(Ed25519Batch.verify(new byte[0][], new byte[0][], new byte[0][], random)).isTrue();
    assertThat(Ed25519Batch.verify(c.keys(), new byte[0][], new byte[0][], random)).isFalse();
  }

  private static byte[] flip(byte[] bytes, int bit) {
    byte[] copy = bytes.clone();
    int index = (bit / 8) % copy.length;
    copy[index] ^= (byte) (1 << (bit % 8));
    return copy;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
