package io.cairn.chain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The key hashes an {@link AccessSet} keeps for the parallel planner. */
class AccessSetTest {
  @Test
  void aKeysHashDependsOnItsBytesOnlyAndIsTheSameInBothSets() {
    byte[] shared = {'b', 1, 2, 3};
    AccessSet first = AccessSet.of(List.of(shared.clone()), List.of(new byte[] {'z'}));
    AccessSet second = AccessSet.of(List.of(new byte[] {'a'}), List.of(shared.clone()));
    assertThat(first.readHash(0)).isEqualTo(second.writeHash(0));
    assertThat(first.readHash(0)).isNotEqualTo(first.writeHash(0));
  }

  @Test
  void hashesFollowTheSortedOrderOfTheKeys() {
    byte[] low = {'a', 0};
    byte[] high = {'a', 9};
    AccessSet sorted = AccessSet.of(List.of(), List.of(high, low)); // kept sorted: low first
    AccessSet lowOnly = AccessSet.of(List.of(), List.of(low));
    assertThat(sorted.writes().getFirst()).isEqualTo(low);
    assertThat(sorted.writeHash(0)).isEqualTo(lowOnly.writeHash(0));
    assertThat(sorted.writeCount()).isEqualTo(sorted.writes().size()).isEqualTo(2);
    assertThat(sorted.readCount()).isEqualTo(sorted.reads().size()).isZero();
  }

  @Test
  void accountKeysThatDifferInTheirLastBytesGetDistinctHashes() {
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      byte[] key = new byte[33];
      key[0] = 'b';
      key[31] = (byte) (i >>> 8);
      key[32] = (byte) i;
      keys.add(key);
    }
    AccessSet set = AccessSet.of(List.of(), keys);
    Set<Long> hashes = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      hashes.add(set.writeHash(i));
    }
    assertThat(hashes).hasSize(keys.size());
  }

  @Test
  void membershipChecksByHashFirstAnswerAsTheBytes() {
    io.cairn.testing.Property.of("hash-first membership equals membership by bytes",
        (java.util.SplittableRandom random) -> random.nextLong()).check(seed -> {
          java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
          int pool = 1 + random.nextInt(12);
          List<byte[]> reads = new ArrayList<>();
          List<byte[]> writes = new ArrayList<>();
          for (int i = random.nextInt(12); i > 0; i--) {
            (random.nextBoolean() ? reads : writes).add(new byte[] {'k', (byte) random.nextInt(pool)});
          }
          AccessSet set = AccessSet.of(reads, writes);
          for (int k = 0; k < pool; k++) {
            byte[] key = {'k', (byte) k};
            boolean written = writes.stream().anyMatch(w -> java.util.Arrays.equals(w, key));
            boolean read = written || reads.stream().anyMatch(r -> java.util.Arrays.equals(r, key));
            assertThat(set.mayWrite(key, StateKey.hash64(key))).isEqualTo(written);
            assertThat(set.mayRead(key, StateKey.hash64(key))).isEqualTo(read);
            assertThat(set.mayRead(key)).isEqualTo(read);
          }
        });
  }
}
