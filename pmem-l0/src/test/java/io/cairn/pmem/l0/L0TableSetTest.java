package io.cairn.pmem.l0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.BusyException;
import io.cairn.common.ClosedException;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.pmem.api.Pmem;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import io.cairn.pmem.l0.internal.NvmTableFormat;
import io.cairn.pmem.testing.CrashSimulatingDirectory;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class L0TableSetTest {
  private final CrashSimulatingDirectory directory = new CrashSimulatingDirectory();

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** A one-entry table {@code key -> value} built through the set and published. */
  private static void put(L0TableSet set, long id, String key, String value) {
    NvmTable table;
    long capacity = set.options().tableOptions().containerBytesFor(key.length(), value.length());
    try (NvmTableBuilder builder = set.newTable(id, capacity)) {
      builder.add(ascii(key), key.length(), ascii(value));
      table = builder.finish();
    }
    set.add(table);
  }

  /** Looks {@code key} up newest table first, as the engine's read path does. */
  private static String get(L0TableSet set, String key) {
    LookupKey lookup = LookupKey.of(ascii(key));
    try (L0Version version = set.current()) {
      for (NvmTable table : version.tables()) {
        byte[] value = table.getBytes(lookup);
        if (value != null) {
          return new String(value, StandardCharsets.US_ASCII);
        }
      }
    }
    return null;
  }

  private void build(long id, String key) {
    TreeMap<byte[], byte[]> contents = new TreeMap<>(TableFixtures.BYTEWISE);
    contents.put(ascii(key), ascii("v" + id));
    TableFixtures.build(directory, id, NvmTableOptions.defaults(), contents).close();
  }

  private void uncommit(long id) {
    try (PmemRegion table = directory.open(NvmTable.tableName(id))) {
      table.storeLongAtomic(NvmTableFormat.COMMIT_OFFSET, 0);
    }
  }

  @Test
  void tablesAreNewestFirstAndLookupsSeeTheNewestValue() {
    try (L0TableSet set = L0TableSet.open(directory, L0Options.defaults())) {
      put(set, 1, "k", "old");
      put(set, 3, "k", "newest");
      put(set, 2, "k", "middle");
      put(set, 4, "other", "x");
      try (L0Version version = set.current()) {
        assertThat(version.tables()).extracting(NvmTable::id).containsExactly(4L, 3L, 2L, 1L);
        assertThat(version.bytes()).isEqualTo(set.bytes()).isPositive();
      }
      assertThat(get(set, "k")).isEqualTo("newest");
      assertThat(get(set, "absent")).isNull();
      assertThat(set.tableCount()).isEqualTo(4);
    }
  }

  @Test
  void checksOnReadCarryOverToTheTablesTheSetBuilds() {
    L0Options options = L0Options.defaults().withVerification(ContainerVerification.ON_READ);
    try (L0TableSet set = L0TableSet.open(directory, options)) {
      put(set, 1, "k", "a value longer than the thirty-two inline bytes");
      assertThat(get(set, "k")).startsWith("a value longer");
      try (PmemRegion table = directory.open("000001.nvt")) {
        // Format version 2: the long value is a record in the table's own region, from offset 256.
        table.writeByte(260, (byte) (table.readByte(260) ^ 1));
      }
      assertThatThrownBy(() -> get(set, "k")).isInstanceOf(CorruptionException.class).hasMessageContaining("000001.nvt");
    }
  }

  @Test
  void theTableLimitCountsBuildsInProgress() {
    try (L0TableSet set = L0TableSet.open(directory, L0Options.defaults().withMaxTables(2))) {
      put(set, 1, "a", "1");
      NvmTableBuilder building = set.newTable(2, 0);
      assertThat(set.hasRoomFor(0)).isFalse();
      assertThatThrownBy(() -> set.newTable(3, 0))
          .isInstanceOf(BusyException.class).hasMessageContaining("L0 is full").hasMessageContaining("limit is 2");
      building.close();
      assertThat(set.hasRoomFor(0)).isTrue();
      put(set, 3, "c", "3");
      assertThatThrownBy(() -> set.newTable(4, 0)).isInstanceOf(BusyException.class);
      set.remove(List.of(1L));
      put(set, 4, "d", "4");
      assertThat(get(set, "d")).isEqualTo("4");
    }
  }

  @Test
  void theByteLimitCountsTablesAndReservedContainers() {
    try (L0TableSet set = L0TableSet.open(directory, L0Options.defaults().withMaxBytes(1 << 20))) {
      put(set, 1, "a", "1");
      long used = set.bytes();
      long room = (1 << 20) - used - 256;
      assertThat(set.hasRoomFor(room)).isTrue();
      assertThat(set.hasRoomFor(room + 1)).isFalse();
      try (NvmTableBuilder builder = set.newTable(2, room / 2)) {
        assertThat(set.hasRoomFor(room / 2)).isFalse();
        builder.add(ascii("b"), 1, ascii("2"));
        set.add(builder.finish());
      }
      assertThat(set.hasRoomFor(room / 4)).isTrue();
      assertThatThrownBy(() -> set.newTable(3, 2L << 20))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("on its own");
    }
  }

  @Test
  void removedTablesAreDeletedOnceTheLastReaderLetsGo() {
    try (L0TableSet set = L0TableSet.open(directory, L0Options.defaults())) {
      put(set, 1, "a", "1");
      put(set, 2, "b", "2");
      L0Version reader = set.current();
      set.remove(List.of(1L));
      assertThat(set.tableCount()).isEqualTo(1);
      assertThat(get(set, "a")).isNull();
      assertThat(directory.list()).contains("000001.nvt");
      assertThat(reader.table(1).getBytes(LookupKey.of(ascii("a")))).isEqualTo(ascii("1"));
      reader.close();
      assertThat(directory.list()).containsExactly("000002.nvt");
      assertThatThrownBy(() -> set.remove(List.of(1L)))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not in L0");
    }
  }

  @Test
  void addingATableTwiceIsRefused() {
    try (L0TableSet set = L0TableSet.open(directory, L0Options.defaults())) {
      put(set, 1, "a", "1");
      build(5, "x");
      NvmTable duplicate = NvmTable.open(directory, 1, KeyOrder.BYTEWISE);
      assertThatThrownBy(() -> set.add(duplicate)).isInstanceOf(InvalidArgumentException.class);
      duplicate.close();
    }
  }

  @Test
  void recoveryKeepsCommittedTablesAndDeletesWhatInterruptedBuildsLeft() {
    build(1, "a");
    build(2, "b");
    uncommit(2);
    NvmTableBuilder abandoned = NvmTableBuilder.create(directory, 3, NvmTableOptions.defaults(), KeyOrder.BYTEWISE, 64);
    abandoned.add(ascii("c"), 1, new byte[40]);
    directory.create("000003.nvc", 512).close(); // what a version 1 build left
    directory.create("wal-000001.log", 4096).close();
    try (L0TableSet set = L0TableSet.open(directory, L0Options.defaults())) {
      L0RecoveryReport report = set.recovery();
      assertThat(report.kept()).containsExactly(1L);
      assertThat(report.uncommittedDeleted()).containsExactly(2L);
      assertThat(report.orphansDeleted()).isEmpty();
      assertThat(report.strayContainersDeleted()).containsExactly("000003.nvc");
      assertThat(report.deletedAnything()).isTrue();
      assertThat(get(set, "a")).isEqualTo("v1");
    }
    assertThat(directory.list()).containsExactly("000001.nvt", "wal-000001.log");
  }

  @Test
  void withTheManifestCommittedTablesItDoesNotListAreDeleted() {
    build(1, "a");
    build(2, "b");
    build(3, "c");
    uncommit(3);
    try (L0TableSet set = L0TableSet.open(directory, L0Options.defaults(), Set.of(1L))) {
      assertThat(set.recovery().kept()).containsExactly(1L);
      assertThat(set.recovery().orphansDeleted()).containsExactly(2L);
      assertThat(set.recovery().uncommittedDeleted()).containsExactly(3L);
    }
    assertThat(directory.list()).containsExactly("000001.nvt");
  }

  @Test
  void aListedTableThatIsMissingUncommittedOrDamagedIsCorruption() {
    build(1, "a");
    build(2, "b");
    uncommit(2);
    assertThatThrownBy(() -> L0TableSet.open(directory, L0Options.defaults(), Set.of(1L, 7L)))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("lists NVMTable 7");
    assertThatThrownBy(() -> L0TableSet.open(directory, L0Options.defaults(), Set.of(1L, 2L)))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("000002.nvt").hasMessageContaining("not committed");
    try (PmemRegion table = directory.open("000001.nvt")) {
      table.writeByte(300, (byte) (table.readByte(300) ^ 1));
    }
    assertThatThrownBy(() -> L0TableSet.open(directory, L0Options.defaults(), Set.of(1L)))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("000001.nvt");
    assertThat(directory.list()).contains("000001.nvt", "000002.nvt");
  }

  @Test
  void aTableWhoseRegionCannotBeOpenedIsKeptUnlessTheManifestDisowns(@TempDir Path folder) throws IOException {
    PmemDirectory files = Pmem.directory(folder, RegionOptions.defaults());
    TreeMap<byte[], byte[]> contents = new TreeMap<>(TableFixtures.BYTEWISE);
    contents.put(ascii("a"), ascii("1"));
    TableFixtures.build(files, 1, NvmTableOptions.defaults(), contents).close();
    TableFixtures.build(files, 2, NvmTableOptions.defaults(), contents).close();
    try (RandomAccessFile file = new RandomAccessFile(folder.resolve("000002.nvt").toFile(), "rw")) {
      file.write(new byte[] {'X'});
    }
    assertThat(L0TableSet.scan(files).unreadable()).containsExactly(2L);
    assertThatThrownBy(() -> L0TableSet.open(files, L0Options.defaults()))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("cannot be opened")
        .hasMessageContaining("not deleted");
    assertThat(files.list()).contains("000002.nvt");
    try (L0TableSet set = L0TableSet.open(files, L0Options.defaults(), List.of(1L))) {
      assertThat(set.recovery().uncommittedDeleted()).containsExactly(2L);
    }
    assertThat(files.list()).containsExactly("000001.nvt");
  }

  @Test
  void scanReportsWithoutChangingAnything() {
    build(1, "a");
    build(2, "b");
    uncommit(2);
    directory.create("000004.nvc", 512).close(); // what a version 1 build left
    List<String> before = directory.list();
    L0Scan scan = L0TableSet.scan(directory);
    assertThat(scan.committed()).containsExactly(1L);
    assertThat(scan.uncommitted()).containsExactly(2L);
    assertThat(scan.unreadable()).isEmpty();
    assertThat(scan.strayContainers()).containsExactly("000004.nvc");
    assertThat(directory.list()).isEqualTo(before);
  }

  @Test
  void aClosedSetRefusesWorkButOpenVersionsStillRead() {
    L0TableSet set = L0TableSet.open(directory, L0Options.defaults());
    put(set, 1, "a", "1");
    L0Version reader = set.current();
    set.close();
    set.close();
    assertThatThrownBy(set::current).isInstanceOf(ClosedException.class);
    assertThatThrownBy(() -> set.newTable(2, 0)).isInstanceOf(ClosedException.class);
    assertThat(reader.table(1).getBytes(LookupKey.of(ascii("a")))).isEqualTo(ascii("1"));
    reader.close();
    assertThat(reader.table(1).isClosed()).isTrue();
    assertThat(directory.list()).containsExactly("000001.nvt");
  }

  @Test
  void readersNeverSeeAClosedTableWhileTablesComeAndGo() throws Exception {
    try (L0TableSet set = L0TableSet.open(directory, L0Options.defaults().withMaxTables(1000))) {
      put(set, 1, "k", "1");
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch started = new CountDownLatch(2);
      ExecutorService readers = Executors.newFixedThreadPool(2);
      try {
        List<Future<Integer>> reads = List.of(readers.submit(() -> readUntil(set, stop, started)),
            readers.submit(() -> readUntil(set, stop, started)));
        started.await();
        for (long id = 2; id < 60; id++) {
          put(set, id, "k", Long.toString(id));
          set.remove(List.of(id - 1));
        }
        stop.set(true);
        for (Future<Integer> read : reads) {
          assertThat(read.get(30, TimeUnit.SECONDS)).isPositive();
        }
      } finally {
        readers.shutdownNow();
      }
      assertThat(get(set, "k")).isEqualTo("59");
    }
    assertThat(directory.list()).containsExactly("000059.nvt");
  }

  private static int readUntil(L0TableSet set, AtomicBoolean stop, CountDownLatch started) {
    started.countDown();
    int reads = 0;
    do {
      assertThat(get(set, "k")).isNotNull();
      reads++;
    } while (!stop.get());
    return reads;
  }
}
