package io.cairn.lsm.internal.memtable;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.Varints;
import io.cairn.lsm.api.KeyComparator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The skiplist compares the 8-byte user-key prefix kept in each node before the key itself: with
 * keys of 0 to 12 bytes over {0x00, 0x01, 'a', 0xFF} (shared prefixes, keys shorter than the
 * prefix, zero bytes that look like its padding), every seek must land where a sorted model says.
 */
class SkipListPrefixTest {
  private static final InternalKeyComparator ORDER = new InternalKeyComparator(KeyOrder.of(KeyComparator.BYTEWISE));
  private static final byte[] ALPHABET = {0x00, 0x01, 'a', (byte) 0xFF};
  /** Arena chunks of a few 8-20-byte entries: slices at every offset. */
  private static final int CHUNK_BYTES = 48;

  @Test
  void differentPrefixesOrderKeysAsTheBytesDo() {
    Property.of("prefix order agrees with bytewise order", SkipListPrefixTest::keys)
        .trials(300)
        .check(keys -> {
          for (byte[] left : keys) {
            for (byte[] right : keys) {
              long leftPrefix = KeyOrder.prefix(left, 0, left.length);
              long rightPrefix = KeyOrder.prefix(right, 0, right.length);
              if (leftPrefix != rightPrefix) {
                assertThat(Integer.signum(Long.compareUnsigned(leftPrefix, rightPrefix)))
                    .isEqualTo(Integer.signum(Arrays.compareUnsigned(left, right)));
              }
            }
          }
        });
  }

  @Test
  void seekFindsTheModelsCeilingAmongLookalikeKeys() {
    Property.of("skiplist seek equals the model's ceiling", SkipListPrefixTest::keys)
        .shrinkWith(Shrinkers.list())
        .trials(300)
        .check(keys -> {
          SkipList list = new SkipList(ORDER, 3);
          ArenaEntries arena = new ArenaEntries(CHUNK_BYTES);
          TreeMap<byte[], ArenaEntries.Slice> model = new TreeMap<>(ORDER::compare);
          long sequence = 0;
          for (byte[] key : keys) {
            byte[] entry = entry(key, ++sequence);
            model.put(entry, arena.insert(list, entry, entry.length));
          }
          SkipList.Finger finger = new SkipList.Finger();
          for (byte[] key : keys) {
            for (long at : new long[] {0, sequence / 2, sequence}) {
              byte[] target = entry(key, at);
              Map.Entry<byte[], ArenaEntries.Slice> expected = model.ceilingEntry(target);
              SkipList.Node found = list.seek(target, 0, target.length);
              assertThat(ArenaEntries.Slice.of(found)).isEqualTo(expected == null ? null : expected.getValue());
            }
            byte[] target = entry(key, sequence);
            SkipList.Node expected = list.seek(target, 0, target.length);
            assertThat(list.seek(finger, target)).isSameAs(expected);
          }
        });
  }

  private static byte[] entry(byte[] userKey, long sequence) {
    byte[] entry = Arrays.copyOf(userKey, userKey.length + InternalKeyFormat.TAG_BYTES);
    Varints.putFixed64(entry, userKey.length, InternalKeyFormat.tag(sequence, InternalKeyFormat.TYPE_VALUE));
    return entry;
  }

  private static List<byte[]> keys(SplittableRandom random) {
    List<byte[]> keys = new ArrayList<>();
    int count = random.nextInt(1, 120);
    for (int k = 0; k < count; k++) {
      byte[] key = new byte[random.nextInt(13)];
      for (int i = 0; i < key.length; i++) {
        key[i] = ALPHABET[random.nextInt(ALPHABET.length)];
      }
      keys.add(key);
    }
    return keys;
  }
}
