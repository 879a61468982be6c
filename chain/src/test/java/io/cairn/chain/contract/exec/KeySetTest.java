package io.cairn.chain.contract.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Property;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The stretches' key set: never a false "absent" (a missed key would let a call read a write of
 * an earlier stretch), and few false "contained" (each defers a call for nothing), over random
 * sizes and hashes, reused after {@link KeySet#clear}.
 */
class KeySetTest {
  @Test
  void holdsEveryKeyAddedAndFewOthers() {
    KeySet set = new KeySet();
    Property.of("key set has no false negatives and few false positives", (SplittableRandom random) -> random.nextLong()).trials(40)
        .check(seed -> {
          SplittableRandom random = new SplittableRandom(seed);
          int count = 1 + random.nextInt(20_000);
          set.clear(count);
          long[] added = new long[count];
          for (int i = 0; i < count; i++) {
            added[i] = KeyTable.hash(17, random.nextLong());
            set.add(added[i]);
          }
          for (long hash : added) {
            assertThat(set.contains(hash)).as("an added key").isTrue();
          }
          int probes = 20_000;
          int falsePositives = 0;
          for (int i = 0; i < probes; i++) {
            falsePositives += set.contains(KeyTable.hash(17, random.nextLong())) ? 1 : 0;
          }
          assertThat(falsePositives).as("false positives in %d probes of a set of %d keys", probes, count)
              .isLessThanOrEqualTo(probes / 500);
        });
  }

  @Test
  void clearForgetsEveryKey() {
    KeySet set = new KeySet();
    set.clear(4);
    set.add(KeyTable.hash(1, 42));
    assertThat(set.contains(KeyTable.hash(1, 42))).isTrue();
    set.clear(4);
    assertThat(set.contains(KeyTable.hash(1, 42))).isFalse();
  }
}
