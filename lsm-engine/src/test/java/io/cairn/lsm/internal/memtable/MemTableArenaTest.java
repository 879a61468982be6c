package io.cairn.lsm.internal.memtable;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.KeyComparator;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.key.Lookup;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A memtable whose arena has 128-byte chunks (session 14), written with entries sized at the chunk
 * boundaries: empty values and deletions, an entry of exactly one chunk, one byte more (an array
 * of its own), several chunks, and anything up to a chunk. Seeded: every key's newest version (and
 * an older one), the iterator's keys and values both ways, and the accounting (at least the
 * entries' bytes and 64 per node, at most what the arena allocated) must match a model.
 */
class MemTableArenaTest {
  private static final InternalKeyComparator ORDER = new InternalKeyComparator(KeyOrder.of(KeyComparator.BYTEWISE));
  private static final int CHUNK = 128;

  /** One write: the key's number and length, and a value length code (-1: a deletion). */
  record Write(int key, int keyLength, int valueCode) {}

  @Test
  void entriesAtTheChunkBoundariesReadBackAsWritten() {
    Property.of("memtable over a small-chunk arena equals a model", MemTableArenaTest::writes)
        .shrinkWith(Shrinkers.list())
        .trials(300)
        .check(MemTableArenaTest::writeAndCheck);
  }

  private static List<Write> writes(SplittableRandom random) {
    List<Write> writes = new ArrayList<>();
    int count = random.nextInt(1, 80);
    for (int i = 0; i < count; i++) {
      writes.add(new Write(random.nextInt(20), random.nextInt(1, 40), random.nextInt(-1, 7)));
    }
    return writes;
  }

  private static void writeAndCheck(List<Write> writes) {
    MemTable table = new MemTable(ORDER, 64L << 20, CHUNK);
    // Internal key -> value (null: deletion), and each user key's versions by sequence.
    TreeMap<byte[], byte[]> model = new TreeMap<>(ORDER::compare);
    TreeMap<String, TreeMap<Long, byte[]>> versions = new TreeMap<>();
    long entryBytes = 0;
    long sequence = 0;
    for (Write write : writes) {
      byte[] key = userKey(write.key(), write.keyLength());
      int internalKeyLength = key.length + InternalKeyFormat.TAG_BYTES;
      int valueLength = switch (write.valueCode()) {
        case -1, 0 -> 0;
        case 1 -> CHUNK - internalKeyLength; // the entry is exactly one chunk
        case 2 -> CHUNK - internalKeyLength + 1; // one byte more: an array of its own
        case 3 -> 3 * CHUNK;
        default -> (int) ((write.key() * 37L + sequence * 11) % CHUNK);
      };
      sequence++;
      byte[] value = value(sequence, valueLength);
      int type = write.valueCode() < 0 ? InternalKeyFormat.TYPE_DELETION : InternalKeyFormat.TYPE_VALUE;
      table.add(sequence, type, key, 0, key.length, value, 0, value.length);
      model.put(InternalKeyFormat.encode(key, sequence, type), type == InternalKeyFormat.TYPE_DELETION ? null : value);
      versions.computeIfAbsent(new String(key, StandardCharsets.ISO_8859_1), k -> new TreeMap<>())
          .put(sequence, type == InternalKeyFormat.TYPE_DELETION ? null : value);
      entryBytes += internalKeyLength + valueLength;
    }
    // Lookups: the newest version, and the one before it where there is one.
    for (Map.Entry<String, TreeMap<Long, byte[]>> entry : versions.entrySet()) {
      byte[] key = entry.getKey().getBytes(StandardCharsets.ISO_8859_1);
      TreeMap<Long, byte[]> byKey = entry.getValue();
      checkGet(table, key, sequence, byKey.lastEntry().getValue());
      Map.Entry<Long, byte[]> older = byKey.lowerEntry(byKey.lastKey());
      if (older != null) {
        checkGet(table, key, older.getKey(), older.getValue());
      }
      assertThat(get(table, key, byKey.firstKey() - 1)).isNull();
    }
    // The iterator both ways: every internal key with its value.
    InternalIterator iterator = table.newIterator();
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
      keys.add(iterator.copyKey());
      values.add(iterator.copyValue());
    }
    assertThat(keys).containsExactlyElementsOf(model.keySet());
    List<byte[]> expectedValues = model.values().stream().map(v -> v == null ? new byte[0] : v).toList();
    assertThat(values).containsExactlyElementsOf(expectedValues);
    List<byte[]> backward = new ArrayList<>();
    for (iterator.seekToLast(); iterator.isValid(); iterator.prev()) {
      backward.add(iterator.copyValue());
    }
    assertThat(backward).containsExactlyElementsOf(expectedValues.reversed());
    // Accounting: every entry's bytes and a node's overhead, the rests given up, never more than allocated.
    assertThat(table.approximateBytes()).isGreaterThanOrEqualTo(entryBytes + 64L * writes.size());
    assertThat(table.approximateBytes() - 64L * writes.size()).isLessThanOrEqualTo(table.arenaAllocatedBytes());
    assertThat(table.arenaChunkBytes()).isEqualTo(CHUNK);
  }

  private static void checkGet(MemTable table, byte[] key, long sequence, byte[] expected) {
    byte[] found = get(table, key, sequence);
    assertThat(found).as("key %s at %d", Arrays.toString(key), sequence).isEqualTo(expected == null ? DELETED : expected);
  }

  private static final byte[] DELETED = "<deleted>".getBytes(StandardCharsets.UTF_8);

  /** The value found, {@link #DELETED}, or null when absent. */
  private static byte[] get(MemTable table, byte[] key, long sequence) {
    Lookup lookup = new Lookup(key, sequence);
    if (!table.get(lookup)) {
      return null;
    }
    return lookup.isDeleted() ? DELETED : lookup.value();
  }

  private static byte[] userKey(int key, int length) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) ('a' + key));
    bytes[length - 1] = (byte) key; // keys of one number but other lengths are other keys
    return bytes;
  }

  private static byte[] value(long sequence, int length) {
    byte[] value = new byte[length];
    for (int i = 0; i < length; i++) {
      value[i] = (byte) (sequence * 13 + i);
    }
    return value;
  }
}
