package io.cairn.lsm.internal.memtable;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.BloomFilter;
import io.cairn.lsm.api.KeyComparator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.key.Lookup;
import io.cairn.testing.Generator;
import io.cairn.testing.Property;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MemTableFilterTest {
  private static final InternalKeyComparator ORDER = new InternalKeyComparator(KeyOrder.of(KeyComparator.BYTEWISE));

  /** A write budget and a seed for the keys filled into a filter of that budget. */
  private record Case(long writeBufferBytes, long seed) {}

  private static final Generator<Case> CASES = random -> new Case(
      4096L << random.nextInt(0, 12), random.nextLong());

  @Test
  void everyAddedHashMayBeContained() {
    Property.of("a memtable filter has no false negatives", CASES).trials(40).check(c -> {
      MemTableFilter filter = MemTableFilter.forWriteBuffer(c.writeBufferBytes());
      SplittableRandom random = new SplittableRandom(c.seed());
      int keys = (int) Math.min(50_000, c.writeBufferBytes() / 73); // the most a full memtable holds
      int[] hashes = new int[keys];
      for (int i = 0; i < keys; i++) {
        hashes[i] = random.nextInt();
        filter.add(hashes[i]);
      }
      for (int hash : hashes) {
        assertThat(filter.mayContain(hash)).as("hash %08x", hash).isTrue();
      }
    });
  }

  @Test
  void absentKeysPassRarelyEvenInAFullMemTableOfTheSmallestEntries() {
    Property.of("false positives at 9 bits per key stay under 3 %", CASES).trials(10).check(c -> {
      MemTableFilter filter = MemTableFilter.forWriteBuffer(c.writeBufferBytes());
      SplittableRandom random = new SplittableRandom(c.seed());
      int keys = (int) (c.writeBufferBytes() / 73);
      Set<Integer> added = new HashSet<>();
      for (int i = 0; i < keys; i++) {
        int hash = BloomFilter.hash(longKey(random.nextLong()));
        added.add(hash);
        filter.add(hash);
      }
      int probes = 10_000;
      int passed = 0;
      int absent = 0;
      for (int i = 0; i < probes; i++) {
        int hash = BloomFilter.hash(longKey(random.nextLong()));
        if (!added.contains(hash)) {
          absent++;
          passed += filter.mayContain(hash) ? 1 : 0;
        }
      }
      assertThat(passed).as("%d of %d absent keys passed, %d keys in %d bytes", passed, absent, keys, filter.bytes())
          .isLessThan(absent * 3 / 100);
    });
  }

  @Test
  void sizeFollowsTheWriteBudget() {
    assertThat(MemTableFilter.forWriteBuffer(64L << 20).bytes()).isEqualTo(1L << 20);
    assertThat(MemTableFilter.forWriteBuffer(4096).bytes()).isEqualTo(64); // one block, never less
    assertThat(MemTableFilter.forWriteBuffer(1L << 40).bytes()).isEqualTo(16L << 20); // capped
  }

  @Test
  void aMemTableStillFindsEveryKeyItHoldsAndNoOther() {
    Property.of("memtable lookups through the filter", CASES).trials(20).check(c -> {
      MemTable table = new MemTable(ORDER, Math.min(c.writeBufferBytes(), 1 << 20));
      SplittableRandom random = new SplittableRandom(c.seed());
      Set<Long> held = new HashSet<>();
      for (int i = 0; i < 2_000; i++) {
        long key = random.nextLong(10_000);
        held.add(key);
        byte[] bytes = longKey(key);
        table.add(i + 1, InternalKeyFormat.TYPE_VALUE, bytes, 0, bytes.length, bytes, 0, bytes.length);
      }
      MemTable.Finger finger = new MemTable.Finger();
      for (long key = 0; key < 10_000; key++) {
        assertThat(table.get(new Lookup(longKey(key), InternalKeyFormat.MAX_SEQUENCE))).as("key %d", key)
            .isEqualTo(held.contains(key));
        assertThat(table.get(new Lookup(longKey(key), InternalKeyFormat.MAX_SEQUENCE), finger)).as("key %d by finger", key)
            .isEqualTo(held.contains(key));
      }
    });
  }

  private static byte[] longKey(long value) {
    byte[] key = new byte[8];
    for (int i = 0; i < 8; i++) {
      key[i] = (byte) (value >>> (56 - 8 * i));
    }
    return key;
  }
}
