package io.cairn.pgm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.InvalidArgumentException;
import io.cairn.pgm.KeySets.Kind;
import io.cairn.testing.Property;
import org.junit.jupiter.api.Test;

class PgmBuilderTest {
  @Test
  void unsortedKeyIsRejectedNamingItsPosition() {
    assertThatThrownBy(() -> PgmIndex.build(new long[] {1, 5, 5, 3, 9}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("position 3")
        .hasMessageContaining("0x0000000000000003")
        .hasMessageContaining("0x0000000000000005");
  }

  @Test
  void orderIsUnsigned() {
    // -1 is 2^64-1, the largest key: it may follow 0 but not precede it.
    assertThat(PgmIndex.build(new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE, -1L}).keyCount()).isEqualTo(4);
    assertThatThrownBy(() -> PgmIndex.build(new long[] {-1L, 0}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("position 1");
  }

  @Test
  void aRejectedKeyChangesNothing() {
    PgmBuilder builder = PgmIndex.builder(2, 1).add(10).add(20);
    assertThatThrownBy(() -> builder.add(15)).isInstanceOf(InvalidArgumentException.class);
    PgmIndex model = builder.add(30).build();
    long[] keys = {10, 20, 30};
    assertThat(model.keyCount()).isEqualTo(3);
    assertThat(model.rank(15, keys)).isEqualTo(1);
    assertThat(model.rank(31, keys)).isEqualTo(3);
    assertThat(model.toBytes()).isEqualTo(PgmIndex.build(keys, 2, 1).toBytes());
  }

  @Test
  void epsilonBelowOneIsRejected() {
    assertThatThrownBy(() -> PgmIndex.builder(0, 4))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("epsilon must be in [1, ");
    assertThatThrownBy(() -> PgmIndex.build(new long[] {1}, 64, -1))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("epsilonRecursive");
  }

  @Test
  void epsilonAboveTheLimitIsRejected() {
    assertThatThrownBy(() -> PgmIndex.builder(PgmIndex.MAX_EPSILON + 1, 4))
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(PgmIndex.builder(PgmIndex.MAX_EPSILON, PgmIndex.MAX_EPSILON).add(1).build().epsilon())
        .isEqualTo(PgmIndex.MAX_EPSILON);
  }

  @Test
  void aBuilderBuildsOnce() {
    PgmBuilder builder = PgmIndex.builder().add(1);
    builder.build();
    assertThatThrownBy(() -> builder.add(2)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    PgmIndex model = PgmIndex.builder().add(1).add(2).build();
    assertThat(model.epsilon()).isEqualTo(64);
    assertThat(model.epsilonRecursive()).isEqualTo(4);
    assertThat(PgmIndex.build(new long[] {1, 2}).toBytes()).isEqualTo(model.toBytes());
  }

  @Test
  void streamingOneKeyAtATimeGivesTheSameModelAsBuildingFromAnArray() {
    Property.of("streamed model == array model", random -> {
      Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
      return KeySets.generate(kind, random.nextInt(5000), random);
    }).trials(40).check(keys -> {
      PgmBuilder builder = PgmIndex.builder(16, 2);
      for (long key : keys) {
        builder.add(key);
      }
      assertThat(builder.keyCount()).isEqualTo(keys.length);
      assertThat(builder.build().toBytes()).isEqualTo(PgmIndex.build(keys, 16, 2).toBytes());
    });
  }
}
