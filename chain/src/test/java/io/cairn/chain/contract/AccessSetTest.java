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

  /**
   * The slots (session 12): over random sets of up to 30 keys from pools of up to 40 (so both the
   * scanned sets of up to 8 keys and the indexed larger ones occur), a key has a read slot iff it
   * is in either set and a write slot iff it is written; the write slot is below {@code
   * writeCount()} and a written key's read slot is its write slot; each slot names the key (the
   * lists in slot order) and carries its hash.
   */
  @Test
  void slotsAnswerAsMembershipByTheBytes() {
    io.cairn.testing.Property.of("slots equal membership by bytes",
        (java.util.SplittableRandom random) -> random.nextLong()).check(seed -> {
          java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
          int pool = 1 + random.nextInt(40);
          List<byte[]> reads = new ArrayList<>();
          List<byte[]> writes = new ArrayList<>();
          for (int i = random.nextInt(31); i > 0; i--) {
            (random.nextBoolean() ? reads : writes).add(new byte[] {'k', (byte) random.nextInt(pool)});
          }
          AccessSet set = AccessSet.of(reads, writes);
          assertThat(set.slots()).isEqualTo(set.writeCount() + set.readCount());
          for (int k = 0; k < pool; k++) {
            byte[] key = {'k', (byte) k};
            boolean written = writes.stream().anyMatch(w -> java.util.Arrays.equals(w, key));
            boolean read = written || reads.stream().anyMatch(r -> java.util.Arrays.equals(r, key));
            int readSlot = set.readSlot(key);
            int writeSlot = set.writeSlot(key);
            assertThat(readSlot >= 0).as("key %d readable", k).isEqualTo(read);
            assertThat(writeSlot >= 0).as("key %d writable", k).isEqualTo(written);
            assertThat(set.mayRead(key)).isEqualTo(read);
            assertThat(set.mayWrite(key)).isEqualTo(written);
            if (written) {
              assertThat(writeSlot).isLessThan(set.writeCount()).isEqualTo(readSlot);
              assertThat(set.writes().get(writeSlot)).isEqualTo(key);
            } else if (read) {
              assertThat(readSlot).isGreaterThanOrEqualTo(set.writeCount());
              assertThat(set.reads().get(readSlot - set.writeCount())).isEqualTo(key);
            }
            if (read) {
              assertThat(set.slotHash(readSlot)).isEqualTo(StateKey.hash64(key));
            }
          }
        });
  }

  /** The index of a large set compares the bytes on an equal hash: keys whose hashes collide are told apart. */
  @Test
  void theSlotIndexTellsKeysWithEqualHashesApart() {
    byte[][] keys = new byte[20][];
    long[] hashes = new long[keys.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = new byte[] {'k', (byte) (i % 12)}; // slots 12..19 repeat keys 0..7: the lower slot is indexed
      hashes[i] = i % 3; // three hashes for twelve keys
    }
    byte[] flat = new byte[2 * keys.length];
    int[] starts = new int[keys.length + 1];
    for (int i = 0; i < keys.length; i++) {
      System.arraycopy(keys[i], 0, flat, 2 * i, 2);
      starts[i + 1] = 2 * (i + 1);
    }
    SlotIndex index = new SlotIndex(flat, starts, hashes);
    for (int i = 0; i < keys.length; i++) {
      assertThat(index.find(keys[i].clone(), hashes[i])).as("key of slot %d", i).isEqualTo(i % 12);
    }
    assertThat(index.find(new byte[] {'k', 12}, 0)).isEqualTo(-1);
    assertThat(index.find(new byte[] {'k', 0}, 1)).as("a hash the key does not have").isEqualTo(-1);
  }

  /**
   * The flat layout (session 14) against a model: over random sets of 0..40 keys of 0..5 bytes
   * (so duplicates, prefixes of one another, the empty key, and sets past the insertion sort's
   * 16 keys and the scan's 8 all occur), given in random order and with duplicates, the set holds
   * exactly the model's sorted distinct keys (by unsigned bytes) in slot order, each slot's bytes
   * and hash; a set built from the same keys in another order equals it, one that differs in a
   * key does not; changing the given arrays afterwards changes nothing.
   */
  @Test
  void theFlatKeysAreTheSortedDistinctKeysGiven() {
    io.cairn.testing.Property.of("flat keys equal the sorted distinct model",
        (java.util.SplittableRandom random) -> random.nextLong()).check(seed -> {
          java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
          List<byte[]> reads = randomKeys(random);
          List<byte[]> writes = randomKeys(random);
          AccessSet set = AccessSet.of(reads, writes);
          List<byte[]> modelWrites = sortedDistinct(writes);
          List<byte[]> modelReads = sortedDistinct(reads);
          assertThat(set.writes()).containsExactlyElementsOf(modelWrites);
          assertThat(set.reads()).containsExactlyElementsOf(modelReads);
          assertThat(set.writeCount()).isEqualTo(modelWrites.size());
          assertThat(set.readCount()).isEqualTo(modelReads.size());
          for (int slot = 0; slot < set.slots(); slot++) {
            byte[] key = slot < modelWrites.size() ? modelWrites.get(slot) : modelReads.get(slot - modelWrites.size());
            assertThat(set.slotKey(slot)).as("slot %d", slot).isEqualTo(key);
            assertThat(set.slotHash(slot)).isEqualTo(StateKey.hash64(key));
          }
          List<byte[]> shuffledReads = new ArrayList<>(reads);
          List<byte[]> shuffledWrites = new ArrayList<>(writes);
          java.util.Collections.shuffle(shuffledReads, new java.util.Random(seed));
          java.util.Collections.shuffle(shuffledWrites, new java.util.Random(~seed));
          AccessSet again = AccessSet.of(shuffledReads, shuffledWrites);
          assertThat(again).isEqualTo(set);
          for (byte[] key : reads) {
            if (key.length > 0) {
              key[0]++; // the set copied the keys: nothing it holds changes
            }
          }
          assertThat(set.reads()).containsExactlyElementsOf(modelReads);
          assertThat(set).isEqualTo(again);
          if (!writes.isEmpty()) {
            List<byte[]> otherWrites = new ArrayList<>(modelWrites);
            byte[] changed = java.util.Arrays.copyOf(otherWrites.getLast(), otherWrites.getLast().length + 1);
            otherWrites.set(otherWrites.size() - 1, changed); // still sorted and distinct, one key longer
            assertThat(AccessSet.of(modelReads, otherWrites)).isNotEqualTo(set);
          }
        });
  }

  private static List<byte[]> randomKeys(java.util.SplittableRandom random) {
    List<byte[]> keys = new ArrayList<>();
    for (int i = random.nextInt(41); i > 0; i--) {
      byte[] key = new byte[random.nextInt(6)];
      for (int b = 0; b < key.length; b++) {
        key[b] = (byte) (random.nextInt(3) * 127); // 0, 127, 254: unsigned order differs from signed
      }
      keys.add(key);
    }
    return keys;
  }

  private static List<byte[]> sortedDistinct(List<byte[]> keys) {
    java.util.TreeSet<byte[]> model = new java.util.TreeSet<>(java.util.Arrays::compareUnsigned);
    keys.forEach(key -> model.add(key.clone()));
    return List.copyOf(model);
  }

  /**
   * The token's flat sets (session 14, {@link AccessSet#ofCanonical}) equal the sets built from
   * lists of its keys: a transfer between random members (the two in either order, a member paying
   * itself: one key) and a mint, over members whose keys differ in a byte of either sign.
   */
  @Test
  void theTokensFlatSetsEqualTheSetsOfItsKeys() {
    io.cairn.testing.Property.of("token sets equal the sets of its keys",
        (java.util.SplittableRandom random) -> random.nextLong()).check(seed -> {
          java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
          io.cairn.chain.api.MemberKey from = member(random);
          io.cairn.chain.api.MemberKey to = random.nextInt(8) == 0 ? from : member(random);
          byte[] fromKey = io.cairn.chain.contract.builtin.TokenContract.balanceKey(from);
          byte[] toKey = io.cairn.chain.contract.builtin.TokenContract.balanceKey(to);
          AccessSet transfer = io.cairn.chain.contract.builtin.TokenContract.transfer("coin", from, to, 5, 10_000, true)
              .declaredOrNull();
          assertThat(transfer).isEqualTo(AccessSet.of(List.of(), List.of(fromKey, toKey)));
          assertThat(transfer.writeCount()).isEqualTo(from.equals(to) ? 1 : 2);
          for (int slot = 0; slot < transfer.slots(); slot++) {
            assertThat(transfer.slotHash(slot)).isEqualTo(StateKey.hash64(transfer.slotKey(slot)));
          }
          AccessSet mint = io.cairn.chain.contract.builtin.TokenContract.mint("coin", from, to, 5, 10_000, true)
              .declaredOrNull();
          assertThat(mint).isEqualTo(AccessSet.of(List.of(new byte[] {'a'}), List.of(toKey)));
          assertThat(mint.mayRead(new byte[] {'a'})).isTrue();
          assertThat(mint.mayWrite(new byte[] {'a'})).isFalse();
        });
  }

  private static io.cairn.chain.api.MemberKey member(java.util.SplittableRandom random) {
    byte[] key = new byte[io.cairn.chain.api.MemberKey.BYTES];
    key[random.nextInt(key.length)] = (byte) (random.nextBoolean() ? 1 : -1);
    key[random.nextInt(key.length)] = (byte) random.nextInt(256);
    return io.cairn.chain.api.MemberKey.of(key);
  }

  /** A flat layout that is not canonical, or not a layout, is refused; a canonical one is taken as given. */
  @Test
  void aFlatLayoutMustBeCanonical() {
    byte[] keys = {'a', 'b', 'c'};
    assertThat(AccessSet.ofCanonical(keys, new int[] {0, 1, 2, 3}, 2))
        .isEqualTo(AccessSet.of(List.of(new byte[] {'c'}), List.of(new byte[] {'a'}, new byte[] {'b'})));
    assertThat(AccessSet.ofCanonical(new byte[] {'b', 'a'}, new int[] {0, 1, 2}, 1)) // one per set: no order between
        .isEqualTo(AccessSet.of(List.of(new byte[] {'a'}), List.of(new byte[] {'b'})));
    assertThat(AccessSet.ofCanonical(new byte[0], new int[] {0}, 0).slots()).isZero();
    for (Object[] bad : new Object[][] {
        {new byte[] {'b', 'a'}, new int[] {0, 1, 2}, 2}, // writes out of order
        {new byte[] {'a', 'a'}, new int[] {0, 1, 2}, 0}, // reads repeated
        {new byte[] {'a', 'a', 'b'}, new int[] {0, 1, 2}, 1}, // the last start is not the end
        {keys, new int[] {1, 2, 3}, 1}, // the first start is not 0
        {keys, new int[] {0, 2, 1, 3}, 1}, // a negative span
        {keys, new int[] {0, 1, 2, 3}, 4}, // more writes than keys
        {keys, new int[0], 0}}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> AccessSet.ofCanonical((byte[]) bad[0], (int[]) bad[1],
          (int) bad[2])).isInstanceOf(io.cairn.common.InvalidArgumentException.class);
    }
  }
}
