package io.cairn.lsm.internal.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session 15: where the WAL is, as a user meets it. The default follows the L0 ({@link
 * Options#defaultWalOnPmem}); a database reopened with the other placement replays every segment
 * wherever it is, whichever way and however often it switches; and a pmem directory that went
 * missing (moved, or wiped like {@code /dev/shm} at a reboot) while it held the WAL is refused
 * naming it, never opened as if its writes had not been made.
 */
class WalPlacementTest {
  @TempDir Path directory;
  @TempDir Path scratch;

  private static Options options(Path pmem) {
    return Options.builder().writeBufferBytes(32 << 10).targetFileBytes(16 << 10).level1MaxBytes(128 << 10)
        .pmemDirectory(pmem).build();
  }

  @Test
  void theWalIsOnPmemByDefaultWithThePmemL0AndNeverWithTheSsdL0() {
    assertThat(Options.builder().l0Mode(L0Mode.PMEM).build().walOnPmem()).isTrue();
    assertThat(options(scratch).walOnPmem()).as("a pmem directory given").isTrue();
    assertThat(Options.defaults().walOnPmem()).isFalse();
    assertThat(Options.defaultWalOnPmem(L0Mode.PMEM)).isTrue();
    assertThat(Options.defaultWalOnPmem(L0Mode.SSD)).isFalse();
    // A copy switched to the SSD L0 does not carry the pmem mode's default along (it would be refused) ...
    assertThat(options(scratch).toBuilder().l0Mode(L0Mode.SSD).pmemDirectory(null).build().walOnPmem()).isFalse();
    // ... and one switched to the pmem L0 takes that mode's default; a placement set keeps being set.
    assertThat(Options.defaults().toBuilder().l0Mode(L0Mode.PMEM).build().walOnPmem()).isTrue();
    Options onDisk = options(scratch).toBuilder().walOnPmem(false).build();
    assertThat(onDisk.toBuilder().writeBufferBytes(64 << 10).build().walOnPmem()).isFalse();
  }

  @Test
  void everyWriteSurvivesSwitchingThePlacementBackAndForth() throws IOException {
    Path pmem = scratch.resolve("pmem");
    int written = 0;
    for (int open = 0; open < 6; open++) {
      boolean onPmem = open % 2 == 0;
      Options options = options(pmem).toBuilder().walOnPmem(onPmem).build();
      try (Db db = Cairn.open(directory, options)) {
        for (int i = 0; i < written; i++) {
          assertThat(db.get(key(i))).as("open %d (WAL on %s): key %d", open, onPmem ? "pmem" : "disk", i)
              .isEqualTo(value(i));
        }
        // Enough for a few memtables (flushed) plus a WAL tail that only the next open replays.
        for (int i = 0; i < 400; i++, written++) {
          db.put(key(written), value(written), i % 50 == 0 ? WriteOptions.SYNC : WriteOptions.DEFAULT);
        }
      }
      assertThat(logs(onPmem ? pmem : directory)).as("the live segment in its place after open %d", open).isNotEmpty();
    }
    try (Db db = Cairn.open(directory, options(pmem))) {
      for (int i = 0; i < written; i++) {
        assertThat(db.get(key(i))).as("key %d", i).isEqualTo(value(i));
      }
    }
  }

  @Test
  void aMissingPmemDirectoryThatHeldTheWalIsRefusedNamingIt() throws IOException {
    Path pmem = scratch.resolve("pmem");
    try (Db db = Cairn.open(directory, options(pmem))) {
      for (int i = 0; i < 20; i++) {
        db.put(key(i), value(i), WriteOptions.SYNC);
      }
    }
    Path moved = scratch.resolve("moved");
    Files.move(pmem, moved);
    assertThatThrownBy(() -> Cairn.open(directory, options(pmem)))
        .isInstanceOf(CorruptionException.class).hasMessageContaining(pmem.toString())
        .hasMessageContaining("did not exist").hasMessageContaining("pmemDirectory");
    assertThat(pmem).as("a refused open leaves no pmem directory behind").doesNotExist();
    assertThatThrownBy(() -> Cairn.open(directory, options(pmem))).as("refused again")
        .isInstanceOf(CorruptionException.class);
    try (Db db = Cairn.open(directory, options(moved))) {
      for (int i = 0; i < 20; i++) {
        assertThat(db.get(key(i))).as("key %d, read from the moved directory", i).isEqualTo(value(i));
      }
    }
  }

  @Test
  void anEmptyPmemDirectoryCreatedByTheUserOpensWithoutTheWritesItHeld() throws IOException {
    Path pmem = scratch.resolve("pmem");
    try (Db db = Cairn.open(directory, options(pmem))) {
      db.put(key(1), value(1), WriteOptions.SYNC);
    }
    deleteRecursively(pmem);
    Files.createDirectories(pmem);
    try (Db db = Cairn.open(directory, options(pmem))) {
      assertThat(db.get(key(1))).as("the writes the wiped directory held are gone, as the refusal said").isNull();
    }
  }

  @Test
  void aMissingPmemDirectoryIsNoLossWhenTheWalWasOnDiskOrTheDatabaseNew() throws IOException {
    Path pmem = scratch.resolve("pmem");
    Options onDisk = options(pmem).toBuilder().walOnPmem(false).pmemValueSeparation(false).build();
    try (Db db = Cairn.open(directory, onDisk)) {
      db.put(key(1), value(1), WriteOptions.SYNC);
    }
    deleteRecursively(pmem);
    try (Db db = Cairn.open(directory, options(pmem))) {
      assertThat(db.get(key(1))).as("the WAL on disk held it").isEqualTo(value(1));
    }
    // A database written with the L0 on SSD, opened with a pmem L0 for the first time.
    Path ssd = scratch.resolve("ssd");
    try (Db db = Cairn.open(ssd, Options.defaults())) {
      db.put(key(2), value(2));
    }
    try (Db db = Cairn.open(ssd, options(scratch.resolve("fresh-pmem")))) {
      assertThat(db.get(key(2))).isEqualTo(value(2));
    }
  }

  private static List<String> logs(Path where) throws IOException {
    try (Stream<Path> files = Files.list(where)) {
      return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".log")).toList();
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private static byte[] key(int i) {
    return String.format("key%06d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(int i) {
    return ("value " + i + " " + "v".repeat(i % 97)).getBytes(StandardCharsets.UTF_8);
  }
}
