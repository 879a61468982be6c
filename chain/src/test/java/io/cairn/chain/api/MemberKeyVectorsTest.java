package io.cairn.chain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.chain.Fixtures;
import io.cairn.chain.crypto.EddsaVectors;
import io.cairn.chain.crypto.EddsaVectors.Vector;
import io.cairn.common.InvalidArgumentException;
import io.cairn.testing.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link MemberKey#verify} against the Wycheproof-style vectors of {@code ed25519_cairn_test.json}:
 * it answers each case without throwing, and a bad key never breaks the checks that follow on the
 * same thread (the JDK's provider-choosing {@code Signature} used to stay broken after one).
 */
class MemberKeyVectorsTest {
  private static final Identity SIGNER = Fixtures.identity(3);
  private static final byte[] MESSAGE = {4, 5, 6};
  private static final byte[] SIGNATURE = SIGNER.sign(MESSAGE);

  static Stream<Vector> vectors() {
    return EddsaVectors.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void eachVectorVerifiesAsExpectedAndPoisonsNothing(Vector vector) {
    assertThat(SIGNER.key().verify(MESSAGE, SIGNATURE)).as("a valid check before").isTrue();
    if (vector.pk().length != MemberKey.BYTES) {
      assertThatThrownBy(() -> MemberKey.of(vector.pk())).isInstanceOf(InvalidArgumentException.class);
    } else {
      MemberKey key = MemberKey.of(vector.pk());
      assertThat(key.verify(vector.msg(), vector.sig())).isEqualTo(vector.valid());
      assertThat(key.verify(vector.msg(), vector.sig())).as("asked again").isEqualTo(vector.valid());
      assertThat(key.usable()).isEqualTo(!vector.flag().endsWith("PublicKey"));
      assertThat(key.weakness() == null).isEqualTo(key.usable());
    }
    assertThat(SIGNER.key().verify(MESSAGE, SIGNATURE)).as("a valid check after, same thread").isTrue();
    assertThat(MemberKey.of(SIGNER.key().bytes()).verify(MESSAGE, SIGNATURE)).as("a fresh key after").isTrue();
    assertThat(SIGNER.sign(MESSAGE)).as("signing after").isEqualTo(SIGNATURE);
  }

  @Test
  void aBadKeyFirstOnAFreshThreadPoisonsNothing() throws InterruptedException {
    // The JDK's Signature chooses its provider on first use; a refused first key broke it for good.
    for (byte[] bad : EddsaVectors.badKeys()) {
      if (bad.length != MemberKey.BYTES) {
        continue;
      }
      boolean[] answers = new boolean[3];
      Thread thread = Thread.ofPlatform().start(() -> {
        answers[0] = MemberKey.of(bad).verify(MESSAGE, SIGNATURE);
        answers[1] = MemberKey.of(SIGNER.key().bytes()).verify(MESSAGE, SIGNATURE);
        answers[2] = java.util.Arrays.equals(SIGNER.sign(MESSAGE), SIGNATURE);
      });
      thread.join();
      assertThat(answers).as(java.util.HexFormat.of().formatHex(bad)).containsExactly(false, true, true);
    }
  }

  /** One check of an interleaving: a key, a message, a signature and the expected answer. */
  private record Check(byte[] key, byte[] message, byte[] signature, boolean expected, String what) {
    @Override
    public String toString() {
      return what;
    }
  }

  private static List<Check> interleaving(SplittableRandom random) {
    List<byte[]> bad = EddsaVectors.badKeys().stream().filter(k -> k.length == MemberKey.BYTES).toList();
    List<Vector> vectors = EddsaVectors.all();
    List<Check> checks = new ArrayList<>();
    int count = 1 + random.nextInt(40);
    for (int i = 0; i < count; i++) {
      byte[] message = new byte[random.nextInt(50)];
      random.nextBytes(message);
      switch (random.nextInt(4)) {
        case 0 -> checks.add(new Check(bad.get(random.nextInt(bad.size())), message, SIGNER.sign(message), false, "bad key"));
        case 1 -> {
          byte[] key = new byte[MemberKey.BYTES];
          random.nextBytes(key); // about half are curve points; none made this signature
          checks.add(new Check(key, message, SIGNER.sign(message), false, "random key"));
        }
        case 2 -> {
          Vector vector = vectors.get(random.nextInt(vectors.size()));
          if (vector.pk().length == MemberKey.BYTES) {
            checks.add(new Check(vector.pk(), vector.msg(), vector.sig(), vector.valid(), vector.toString()));
          }
        }
        default -> {
          Identity signer = Fixtures.identity(10 + random.nextInt(3));
          checks.add(new Check(signer.key().bytes(), message, signer.sign(message), true, "valid"));
        }
      }
    }
    return checks;
  }

  @Test
  void badKeyChecksInterleavedWithValidOnesOnOneThread() {
    Property.of("bad keys never poison later checks", MemberKeyVectorsTest::interleaving)
        .describeWith(checks -> checks.toString())
        .trials(60)
        .check(checks -> {
          for (Check check : checks) {
            assertThat(MemberKey.of(check.key()).verify(check.message(), check.signature())).as(check.what())
                .isEqualTo(check.expected());
          }
        });
  }
}
