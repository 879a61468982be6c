package io.cairn.lsm.internal.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.KeyComparator;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.key.Lookup;
import io.cairn.lsm.internal.table.Table;
import io.cairn.lsm.internal.table.TableFactory;
import io.cairn.lsm.internal.table.TableKind;
import io.cairn.lsm.internal.table.WrittenTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Version.Reader} (session 19, the pinned tables of a {@code multiGet}): it answers every
 * key exactly as {@link Version#get} does, opens each table it asks once however many keys ask
 * it, keeps a table it pinned open after the cache evicts it, and returns every pin at close.
 */
class VersionReaderTest {
  private static final int L0_TABLES = 6;
  private static final int L1_TABLES = 4;

  /** The keys of each fake table. */
  private final Map<Long, Set<String>> contents = new HashMap<>();
  private final VersionSet versions = new VersionSet(Path.of("/db"), new InMemoryFileLayer(), Options.builder().build(),
      new InternalKeyComparator(KeyOrder.of(KeyComparator.BYTEWISE)), file -> { });

  /** Tables opened and closed through one cache's factory. */
  private static final class Counts {
    int opens;
    int closes;
  }

  @Test
  void aReaderAnswersEveryKeyAsGetDoes() {
    long seed = System.nanoTime();
    System.out.println("VersionReaderTest seed " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    build(random);
    TableCache perKey = new TableCache(Map.of(TableKind.SSTABLE, factory(new Counts())), 1);
    TableCache pinned = new TableCache(Map.of(TableKind.SSTABLE, factory(new Counts())), 1);
    Version version = versions.refCurrent();
    try (Version.Reader reader = version.reader(pinned)) {
      for (int k = 0; k < 2_000; k++) {
        byte[] key = ("k" + random.nextInt(1_100)).getBytes(StandardCharsets.UTF_8);
        Lookup one = new Lookup(key, 1 << 20);
        Lookup many = new Lookup(key, 1 << 20);
        boolean expected = version.get(one, ReadOptions.DEFAULT, perKey);
        String what = "seed " + seed + " key " + new String(key, StandardCharsets.UTF_8);
        assertThat(reader.get(many, ReadOptions.DEFAULT)).as(what).isEqualTo(expected);
        assertThat(many.value()).as(what).isEqualTo(one.value());
        assertThat(many.l0TablesAsked()).as(what).isEqualTo(one.l0TablesAsked());
        assertThat(many.deeperTablesAsked()).as(what).isEqualTo(one.deeperTablesAsked());
      }
    } finally {
      version.unref();
      perKey.close();
      pinned.close();
    }
  }

  @Test
  void aReaderOpensEachTableOnceAndHoldsItUntilItCloses() {
    build(new SplittableRandom(7));
    Counts counts = new Counts();
    // A cache that keeps one table open: each per-key ask of another table would reopen it.
    TableCache cache = new TableCache(Map.of(TableKind.SSTABLE, factory(counts)), 1);
    Version version = versions.refCurrent();
    try (Version.Reader reader = version.reader(cache)) {
      for (int k = 0; k < 1_000; k++) {
        reader.get(new Lookup(("k" + k).getBytes(StandardCharsets.UTF_8), 1 << 20), ReadOptions.DEFAULT);
      }
      assertThat(reader.pinnedTables()).isEqualTo(L0_TABLES + L1_TABLES);
      assertThat(counts.opens).as("one open per table, for 1,000 keys over %d tables", L0_TABLES + L1_TABLES)
          .isEqualTo(L0_TABLES + L1_TABLES);
      cache.close(); // evicts every table: the pinned ones stay open until the reader closes
      assertThat(counts.closes).as("no pinned table closed before the reader").isZero();
      reader.get(new Lookup("k5".getBytes(StandardCharsets.UTF_8), 1 << 20), ReadOptions.DEFAULT);
    } finally {
      version.unref();
    }
    assertThat(counts.closes).as("every table closed once the reader returned its pins").isEqualTo(counts.opens);
  }

  /** Six overlapping L0 tables and four L1 tables of disjoint ranges, each holding random keys of its range. */
  private void build(SplittableRandom random) {
    versions.create();
    VersionEdit edit = new VersionEdit();
    long number = 10;
    for (int t = 0; t < L0_TABLES; t++) {
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < 150; i++) {
        keys.add("k" + random.nextInt(1_000));
      }
      keys.add("k0");
      keys.add("k999");
      contents.put(number, keys);
      edit.addFile(0, new FileMetaData(number, 100, key("k0"), key("k999"), TableKind.SSTABLE, new byte[0]));
      number++;
    }
    // Disjoint ranges by first digit: [k0, k299], [k3, k499], [k5, k699], [k7, k999].
    String[] smallest = {"k0", "k3", "k5", "k7"};
    String[] largest = {"k299", "k499", "k699", "k999"};
    for (int t = 0; t < L1_TABLES; t++) {
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < 1_000; i++) {
        String key = "k" + i;
        if (key.compareTo(smallest[t]) >= 0 && key.compareTo(largest[t]) <= 0 && random.nextInt(3) == 0) {
          keys.add(key);
        }
      }
      contents.put(number, keys);
      edit.addFile(1, new FileMetaData(number, 100, key(smallest[t]), key(largest[t]), TableKind.SSTABLE, new byte[0]));
      number++;
    }
    versions.markFileNumberUsed(number);
    versions.logAndApply(edit);
  }

  private static byte[] key(String user) {
    return InternalKeyFormat.encode(user.getBytes(StandardCharsets.UTF_8), 1, InternalKeyFormat.TYPE_VALUE);
  }

  private TableFactory factory(Counts counts) {
    return new TableFactory() {
      @Override
      public TableKind kind() {
        return TableKind.SSTABLE;
      }

      @Override
      public WrittenTable write(long fileNumber, InternalIterator entries) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Table open(long fileNumber, long fileBytes, byte[] auxiliary) {
        counts.opens++;
        Set<String> keys = contents.get(fileNumber);
        return new Table() {
          private boolean closed;

          @Override
          public boolean get(Lookup lookup, ReadOptions options) {
            assertThat(closed).as("table %d asked after its close", fileNumber).isFalse();
            String user = new String(lookup.internalKey(), 0, lookup.userKeyLength(), StandardCharsets.UTF_8);
            if (!keys.contains(user)) {
              return false;
            }
            lookup.setValueOwned((user + "@" + fileNumber).getBytes(StandardCharsets.UTF_8));
            return true;
          }

          @Override
          public InternalIterator newIterator(ReadOptions options) {
            throw new UnsupportedOperationException();
          }

          @Override
          public long approximateOffsetOf(byte[] internalKey) {
            return 0;
          }

          @Override
          public long fileBytes() {
            return 100;
          }

          @Override
          public void close() {
            assertThat(closed).as("table %d closed twice", fileNumber).isFalse();
            closed = true;
            counts.closes++;
          }
        };
      }

      @Override
      public void delete(long fileNumber, byte[] auxiliary) {
      }

      @Override
      public Set<Long> storedTableNumbers() {
        return Set.of();
      }
    };
  }
}
