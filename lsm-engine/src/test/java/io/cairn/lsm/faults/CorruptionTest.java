package io.cairn.lsm.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.internal.fs.DirectIoFilesTest;
import io.cairn.testing.Property;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flips bytes in each kind of file of a real database directory (CURRENT, MANIFEST, WAL,
 * SSTable) and deletes or truncates them: the engine must report a {@link CorruptionException}
 * naming the file, or (for a WAL's tail only) recover a prefix of the writes. It must never
 * return a wrong value.
 */
class CorruptionTest {
  private static final int BASE_KEYS = 3000;
  private static final int LATE_WRITES = 40;

  @TempDir static Path template;
  @TempDir Path workspace;
  private int copies;

  private static Options options(boolean paranoid) {
    return options(paranoid, false);
  }

  /** The options, with SSTables read (and written) with O_DIRECT when {@code direct} and the file system allows. */
  private static Options options(boolean paranoid, boolean direct) {
    return Options.builder().writeBufferBytes(64 << 10).targetFileBytes(32 << 10).level1MaxBytes(256 << 10)
        .blockBytes(1024).paranoidChecks(paranoid).directIo(direct && DirectIoFilesTest.supported(template)).build();
  }

  /** A database with tables in several files and a WAL holding {@value #LATE_WRITES} writes. */
  @BeforeAll
  static void buildTemplate() {
    try (Db db = Cairn.open(template, options(false, true))) {
      for (int i = 0; i < BASE_KEYS; i++) {
        db.put(baseKey(i), baseValue(i));
      }
      db.compactRange(null, null);
      for (int i = 0; i < LATE_WRITES; i++) {
        db.put(lateKey(i), baseValue(i));
      }
    }
  }

  @Test
  void anyFlippedByteInAnSstableIsReportedNamingTheFile() {
    Property.of("flipped SSTable byte is detected", random -> random.nextLong())
        .trials(25)
        .check(seed -> {
          Path directory = copyTemplate();
          Path table = pick(directory, ".sst", seed);
          flip(table, seed);
          try (Db db = Cairn.open(directory, options(false, (seed & 1) == 0))) {
            readEverything(db);
            fail("a flipped byte in %s went unnoticed", table.getFileName());
          } catch (CorruptionException expected) {
            assertThat(expected).hasMessageContaining(table.getFileName().toString());
          }
        });
  }

  @Test
  void paranoidOpenChecksEveryTableFooterIndexAndFilter() {
    Path directory = copyTemplate();
    Path table = pick(directory, ".sst", 1);
    flip(table, size(table) - 3);
    assertThatThrownBy(() -> Cairn.open(directory, options(true)).close())
        .isInstanceOf(CorruptionException.class).hasMessageContaining(table.getFileName().toString());
    assertThatThrownBy(() -> Cairn.open(directory, options(true, true)).close())
        .as("direct reads").isInstanceOf(CorruptionException.class).hasMessageContaining(table.getFileName().toString());
  }

  @Test
  void anyFlippedByteInTheManifestIsRefusedAtOpen() {
    Property.of("flipped MANIFEST byte is refused", random -> random.nextLong())
        .trials(25)
        .check(seed -> {
          Path directory = copyTemplate();
          Path manifest = pick(directory, "MANIFEST-", seed);
          flip(manifest, seed);
          assertThatThrownBy(() -> Cairn.open(directory, options(false)).close())
              .isInstanceOf(CorruptionException.class).hasMessageContaining(manifest.getFileName().toString());
        });
  }

  @Test
  void everyFlippedByteOfCurrentIsRefusedAtOpen() {
    long length = size(copyTemplate().resolve("CURRENT"));
    for (long offset = 0; offset < length; offset++) {
      Path directory = copyTemplate();
      flip(directory.resolve("CURRENT"), offset);
      assertThatThrownBy(() -> Cairn.open(directory, options(false)).close())
          .as("flip at %d", offset).isInstanceOf(CorruptionException.class).hasMessageContaining("CURRENT");
    }
  }

  @Test
  void flippedWalByteIsRefusedOrLosesOnlyTheTail() {
    Property.of("flipped WAL byte is refused or recovers a prefix", random -> random.nextLong())
        .trials(30)
        .check(seed -> {
          Path directory = copyTemplate();
          Path log = pick(directory, ".log", seed);
          flip(log, seed);
          TreeMap<String, byte[]> found;
          try (Db db = Cairn.open(directory, options(false))) {
            found = readEverything(db);
          } catch (CorruptionException refused) {
            assertThat(refused).hasMessageContaining(log.getFileName().toString());
            return;
          }
          long late = found.keySet().stream().filter(key -> key.startsWith("late")).count();
          assertThat(found).hasSize(BASE_KEYS + (int) late);
          for (int i = 0; i < late; i++) {
            assertThat(found.get(text(lateKey(i)))).as("late write %d", i).isEqualTo(baseValue(i));
          }
        });
  }

  @Test
  void truncatedWalTailIsDroppedByDefaultAndRefusedByParanoidChecks() throws IOException {
    Path directory = copyTemplate();
    Path log = pick(directory, ".log", 0);
    byte[] bytes = Files.readAllBytes(log);
    Files.write(log, Arrays.copyOf(bytes, bytes.length - 3));
    assertThatThrownBy(() -> Cairn.open(directory, options(true)).close())
        .isInstanceOf(CorruptionException.class).hasMessageContaining(log.getFileName().toString());
    try (Db db = Cairn.open(directory, options(false))) {
      assertThat(db.get(lateKey(LATE_WRITES - 2))).isEqualTo(baseValue(LATE_WRITES - 2));
      assertThat(db.get(lateKey(LATE_WRITES - 1))).isNull();
    }
  }

  @Test
  void missingFilesAreReportedByName() throws IOException {
    Path noTable = copyTemplate();
    Path table = pick(noTable, ".sst", 3);
    Files.delete(table);
    assertThatThrownBy(() -> Cairn.open(noTable, options(false)).close())
        .isInstanceOf(CorruptionException.class).hasMessageContaining(table.getFileName().toString());
    Path noManifest = copyTemplate();
    Path manifest = pick(noManifest, "MANIFEST-", 0);
    Files.delete(manifest);
    assertThatThrownBy(() -> Cairn.open(noManifest, options(false)).close())
        .isInstanceOf(CorruptionException.class).hasMessageContaining(manifest.getFileName().toString());
    Path noCurrent = copyTemplate();
    Files.delete(noCurrent.resolve("CURRENT"));
    assertThatThrownBy(() -> Cairn.open(noCurrent, options(false)).close())
        .isInstanceOf(CorruptionException.class).hasMessageContaining("CURRENT is missing");
  }

  @Test
  void truncatedTableIsReportedAgainstTheManifestSize() throws IOException {
    Path directory = copyTemplate();
    Path table = pick(directory, ".sst", 5);
    byte[] bytes = Files.readAllBytes(table);
    Files.write(table, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> {
      try (Db db = Cairn.open(directory, options(false))) {
        readEverything(db);
      }
    }).isInstanceOf(CorruptionException.class).hasMessageContaining(table.getFileName().toString())
        .hasMessageContaining("MANIFEST says");
  }

  /** Reads every key by get and by a full scan; a value read must be the right one. */
  private static TreeMap<String, byte[]> readEverything(Db db) {
    for (int i = 0; i < BASE_KEYS; i++) {
      assertThat(db.get(baseKey(i))).as("key %d", i).isEqualTo(baseValue(i));
    }
    TreeMap<String, byte[]> found = new TreeMap<>();
    try (DbIterator iterator = db.newIterator()) {
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        found.put(text(iterator.key()), iterator.value());
      }
    }
    for (int i = 0; i < BASE_KEYS; i++) {
      assertThat(found.get(text(baseKey(i)))).as("scanned key %d", i).isEqualTo(baseValue(i));
    }
    return found;
  }

  private Path copyTemplate() {
    Path copy = workspace.resolve("copy" + copies++);
    try (Stream<Path> files = Files.list(template)) {
      Files.createDirectories(copy);
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().equals("LOCK")) {
          Files.copy(file, copy.resolve(file.getFileName()));
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return copy;
  }

  private static Path pick(Path directory, String marker, long seed) {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> matching = files.filter(file -> file.getFileName().toString().contains(marker)).sorted().toList();
      assertThat(matching).as("files with %s", marker).isNotEmpty();
      return matching.get((int) Math.floorMod(seed, matching.size()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Flips one bit of the byte at a position derived from {@code seed}. */
  private static void flip(Path file, long seed) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      int offset = (int) Math.floorMod(seed, (long) bytes.length);
      bytes[offset] ^= (byte) (1 << Math.floorMod(seed >>> 32, 8));
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] baseKey(int i) {
    return String.format("base%06d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] lateKey(int i) {
    return String.format("late%06d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] baseValue(int i) {
    return ("value " + i + " " + "v".repeat(i % 200)).getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
