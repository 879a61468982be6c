package io.cairn.lsm.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.internal.pmem.PmemLogFormat;
import io.cairn.lsm.internal.fs.DirectIoFilesTest;
import io.cairn.testing.Property;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flips bytes in each kind of file of a real database directory (CURRENT, MANIFEST, WAL,
 * SSTable) and deletes or truncates them: the engine must report a {@link CorruptionException}
 * naming the file, or (for a WAL's tail only) recover a prefix of the writes. It must never
 * return a wrong value. Session 15: every case runs on two {@link Layout layouts}, the L0 on SSD
 * with the WAL in files, and the L0 and the WAL on pmem (the engine's default with a pmem L0),
 * where the WAL's bytes are a pmem extent's header and log.
 */
class CorruptionTest {
  private static final int BASE_KEYS = 3000;
  private static final int LATE_WRITES = 40;

  /** Where the template keeps L0 and the WAL. */
  enum Layout {
    /** L0 as SSTables, the WAL in files beside them. */
    SSD,
    /** L0 as NVMTables and the WAL as extents, both on (emulated) pmem in {@code <db>/pmem}. */
    PMEM_WAL;

    /** The directory holding the WAL's segments in database {@code directory}. */
    Path walDirectory(Path directory) {
      return this == SSD ? directory : directory.resolve("pmem");
    }
  }

  @TempDir static Path templates;
  @TempDir Path workspace;
  private int copies;

  private static Options options(Layout layout, boolean paranoid) {
    return options(layout, paranoid, false);
  }

  /** The options, with SSTables read (and written) with O_DIRECT when {@code direct} and the file system allows. */
  private static Options options(Layout layout, boolean paranoid, boolean direct) {
    Options.Builder builder = Options.builder().writeBufferBytes(64 << 10).targetFileBytes(32 << 10)
        .level1MaxBytes(256 << 10).blockBytes(1024).paranoidChecks(paranoid)
        .directIo(direct && DirectIoFilesTest.supported(templates));
    if (layout == Layout.PMEM_WAL) {
      // The WAL on pmem by the engine's default (session 15); asserted when the template is built.
      builder.l0Mode(L0Mode.PMEM);
    }
    return builder.build();
  }

  private static Path template(Layout layout) {
    return templates.resolve(layout.name());
  }

  /** A database with tables in several files and a WAL holding {@value #LATE_WRITES} writes, per layout. */
  @BeforeAll
  static void buildTemplates() {
    for (Layout layout : Layout.values()) {
      Options options = options(layout, false, true);
      assertThat(options.walOnPmem()).as("the WAL on pmem by default with the pmem L0").isEqualTo(layout == Layout.PMEM_WAL);
      try (Db db = Cairn.open(template(layout), options)) {
        for (int i = 0; i < BASE_KEYS; i++) {
          db.put(baseKey(i), baseValue(i));
        }
        db.compactRange(null, null);
        for (int i = 0; i < LATE_WRITES; i++) {
          db.put(lateKey(i), baseValue(i));
        }
      }
      assertThat(logBytes(layout, pick(layout.walDirectory(template(layout)), ".log", 0)))
          .as("the %s template's WAL holds the late writes", layout).isGreaterThan(LATE_WRITES * 10);
    }
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void anyFlippedByteInAnSstableIsReportedNamingTheFile(Layout layout) {
    Property.of("flipped SSTable byte is detected", random -> random.nextLong())
        .trials(25)
        .check(seed -> {
          Path directory = copyTemplate(layout);
          Path table = pick(directory, ".sst", seed);
          flip(table, seed);
          try (Db db = Cairn.open(directory, options(layout, false, (seed & 1) == 0))) {
            readEverything(db);
            fail("a flipped byte in %s went unnoticed", table.getFileName());
          } catch (CorruptionException expected) {
            assertThat(expected).hasMessageContaining(table.getFileName().toString());
          }
        });
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void paranoidOpenChecksEveryTableFooterIndexAndFilter(Layout layout) {
    Path directory = copyTemplate(layout);
    Path table = pick(directory, ".sst", 1);
    flip(table, size(table) - 3);
    assertThatThrownBy(() -> Cairn.open(directory, options(layout, true)).close())
        .isInstanceOf(CorruptionException.class).hasMessageContaining(table.getFileName().toString());
    assertThatThrownBy(() -> Cairn.open(directory, options(layout, true, true)).close())
        .as("direct reads").isInstanceOf(CorruptionException.class).hasMessageContaining(table.getFileName().toString());
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void anyFlippedByteInTheManifestIsRefusedAtOpen(Layout layout) {
    Property.of("flipped MANIFEST byte is refused", random -> random.nextLong())
        .trials(25)
        .check(seed -> {
          Path directory = copyTemplate(layout);
          Path manifest = pick(directory, "MANIFEST-", seed);
          flip(manifest, seed);
          assertThatThrownBy(() -> Cairn.open(directory, options(layout, false)).close())
              .isInstanceOf(CorruptionException.class).hasMessageContaining(manifest.getFileName().toString());
        });
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void everyFlippedByteOfCurrentIsRefusedAtOpen(Layout layout) {
    long length = size(copyTemplate(layout).resolve("CURRENT"));
    for (long offset = 0; offset < length; offset++) {
      Path directory = copyTemplate(layout);
      flip(directory.resolve("CURRENT"), offset);
      assertThatThrownBy(() -> Cairn.open(directory, options(layout, false)).close())
          .as("flip at %d", offset).isInstanceOf(CorruptionException.class).hasMessageContaining("CURRENT");
    }
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void flippedWalByteIsRefusedOrLosesOnlyTheTail(Layout layout) {
    Property.of("flipped WAL byte is refused or recovers a prefix", random -> random.nextLong())
        .trials(30)
        .check(seed -> {
          Path directory = copyTemplate(layout);
          Path log = pick(layout.walDirectory(directory), ".log", seed);
          // Any byte the WAL holds: a file's, or a pmem extent file's headers and log up to its length.
          flipAt(log, Math.floorMod(seed, logBytes(layout, log)), (int) Math.floorMod(seed >>> 32, 8));
          TreeMap<String, byte[]> found;
          try (Db db = Cairn.open(directory, options(layout, false))) {
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

  @ParameterizedTest
  @EnumSource(Layout.class)
  void truncatedWalTailIsDroppedByDefaultAndRefusedByParanoidChecks(Layout layout) throws IOException {
    Path directory = copyTemplate(layout);
    Path log = pick(layout.walDirectory(directory), ".log", 0);
    if (layout == Layout.SSD) {
      byte[] bytes = Files.readAllBytes(log);
      Files.write(log, Arrays.copyOf(bytes, bytes.length - 3));
    } else {
      // A pmem extent ends where its length says: both lengths (written and synced) 3 bytes shorter.
      long length = readLong(log, PmemLogFormat.LENGTH_OFFSET);
      assertThat(readLong(log, PmemLogFormat.SYNCED_OFFSET)).as("closed: synced up to the length").isEqualTo(length);
      writeLong(log, PmemLogFormat.LENGTH_OFFSET, length - 3);
      writeLong(log, PmemLogFormat.SYNCED_OFFSET, length - 3);
    }
    assertThatThrownBy(() -> Cairn.open(directory, options(layout, true)).close())
        .isInstanceOf(CorruptionException.class).hasMessageContaining(log.getFileName().toString());
    try (Db db = Cairn.open(directory, options(layout, false))) {
      assertThat(db.get(lateKey(LATE_WRITES - 2))).isEqualTo(baseValue(LATE_WRITES - 2));
      assertThat(db.get(lateKey(LATE_WRITES - 1))).isNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void missingFilesAreReportedByName(Layout layout) throws IOException {
    Path noTable = copyTemplate(layout);
    Path table = pick(noTable, ".sst", 3);
    Files.delete(table);
    assertThatThrownBy(() -> Cairn.open(noTable, options(layout, false)).close())
        .isInstanceOf(CorruptionException.class).hasMessageContaining(table.getFileName().toString());
    Path noManifest = copyTemplate(layout);
    Path manifest = pick(noManifest, "MANIFEST-", 0);
    Files.delete(manifest);
    assertThatThrownBy(() -> Cairn.open(noManifest, options(layout, false)).close())
        .isInstanceOf(CorruptionException.class).hasMessageContaining(manifest.getFileName().toString());
    Path noCurrent = copyTemplate(layout);
    Files.delete(noCurrent.resolve("CURRENT"));
    assertThatThrownBy(() -> Cairn.open(noCurrent, options(layout, false)).close())
        .isInstanceOf(CorruptionException.class).hasMessageContaining("CURRENT is missing");
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void truncatedTableIsReportedAgainstTheManifestSize(Layout layout) throws IOException {
    Path directory = copyTemplate(layout);
    Path table = pick(directory, ".sst", 5);
    byte[] bytes = Files.readAllBytes(table);
    Files.write(table, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> {
      try (Db db = Cairn.open(directory, options(layout, false))) {
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

  /** A copy of the layout's template (its {@code pmem} subdirectory included), without the LOCK. */
  private Path copyTemplate(Layout layout) {
    Path template = template(layout);
    Path copy = workspace.resolve("copy" + copies++);
    try (Stream<Path> files = Files.walk(template)) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(template.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (!file.getFileName().toString().equals("LOCK")) {
          Files.copy(file, target);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return copy;
  }

  /** The pmem region header before a region's bytes in its file (docs/formats/region.md). */
  private static final int REGION_HEADER_BYTES = 256;

  /**
   * The bytes of WAL segment {@code log} that hold data: a file's size, or a pmem extent file's
   * region header, extent header and log bytes up to its length word (past it the extent is zero
   * and never read).
   */
  private static long logBytes(Layout layout, Path log) {
    return layout == Layout.SSD ? size(log)
        : REGION_HEADER_BYTES + PmemLogFormat.DATA_OFFSET + readLong(log, PmemLogFormat.LENGTH_OFFSET);
  }

  /** The 8-byte little-endian word at {@code offset} of a pmem region's bytes in {@code file}. */
  private static long readLong(Path file, int offset) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      channel.read(buffer, REGION_HEADER_BYTES + offset);
      return buffer.getLong(0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void writeLong(Path file, int offset, long value) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value), REGION_HEADER_BYTES + offset);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
    flipAt(file, Math.floorMod(seed, size(file)), (int) Math.floorMod(seed >>> 32, 8));
  }

  /** Flips bit {@code bit} of the byte at {@code offset}. */
  private static void flipAt(Path file, long offset, int bit) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      bytes[Math.toIntExact(offset)] ^= (byte) (1 << bit);
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
