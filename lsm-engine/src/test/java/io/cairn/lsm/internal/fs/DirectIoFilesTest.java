package io.cairn.lsm.internal.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.testing.Property;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.internal.db.DbImpl;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** O_DIRECT table files: what is appended (in any pieces, synced anywhere) is what is read back. */
public class DirectIoFilesTest {
  @TempDir Path directory;

  /** Whether {@code directory}'s file system takes O_DIRECT (the tests that need it skip otherwise). */
  public static boolean supported(Path directory) {
    try {
      DiskFileLayer.INSTANCE.requireDirectIo(directory, "test");
      return true;
    } catch (InvalidArgumentException refused) {
      return false;
    }
  }

  @Test
  void appendedPiecesReadBackExactly() {
    assumeTrue(supported(directory), "no O_DIRECT on " + directory);
    Property.of("direct append then direct read returns the bytes", random -> random.nextLong())
        .trials(40)
        .check(seed -> {
          SplittableRandom random = new SplittableRandom(seed);
          Path path = directory.resolve(seed + ".sst");
          ByteArrayOutputStream expected = new ByteArrayOutputStream();
          try (AppendFile file = DiskFileLayer.INSTANCE.createTableFile(path, true)) {
            int pieces = random.nextInt(1, 60);
            for (int i = 0; i < pieces; i++) {
              byte[] piece = new byte[random.nextInt(0, random.nextBoolean() ? 300 : 300_000)];
              random.nextBytes(piece);
              file.append(piece, 0, piece.length);
              expected.write(piece, 0, piece.length);
              if (random.nextInt(8) == 0) {
                file.sync();
                assertThat(fileBytes(path)).isEqualTo(expected.size());
              }
              if (random.nextInt(20) == 0 && expected.size() > 0) {
                int keep = random.nextInt(expected.size() + 1);
                file.truncate(keep);
                byte[] kept = Arrays.copyOf(expected.toByteArray(), keep);
                expected.reset();
                expected.write(kept, 0, keep);
              }
              assertThat(file.size()).isEqualTo(expected.size());
            }
            file.sync();
          }
          byte[] bytes = expected.toByteArray();
          assertThat(readAll(path)).isEqualTo(bytes);
          try (RandomReadFile file = DiskFileLayer.INSTANCE.openTable(path, true)) {
            assertThat(file.size()).isEqualTo(bytes.length);
            for (int i = 0; i < 50 && bytes.length > 0; i++) {
              int from = random.nextInt(bytes.length);
              int length = random.nextInt(Math.min(bytes.length - from, 70_000) + 1);
              byte[] got = new byte[length + 2];
              file.read(from, got, 1, length);
              assertThat(Arrays.copyOfRange(got, 1, 1 + length)).isEqualTo(Arrays.copyOfRange(bytes, from, from + length));
            }
            RandomReadFile scan = file.forSequentialScan(random.nextInt(1, 50_000));
            for (int at = 0; at < bytes.length; ) {
              int length = Math.min(bytes.length - at, random.nextInt(1, 20_000));
              byte[] got = new byte[length];
              scan.read(at, got, 0, length);
              assertThat(got).as("scan at %d", at).isEqualTo(Arrays.copyOfRange(bytes, at, at + length));
              at += length;
            }
            scan.close();
            assertThatThrownBy(() -> file.read(bytes.length - 1, new byte[2], 0, 2))
                .isInstanceOf(CorruptionException.class).hasMessageContaining(path.getFileName().toString());
          }
          DiskFileLayer.INSTANCE.delete(path);
        });
  }

  @Test
  void aReadAfterAnInterruptReopensTheChannel() {
    assumeTrue(supported(directory), "no O_DIRECT on " + directory);
    Path path = directory.resolve("1.sst");
    byte[] bytes = new byte[10_000];
    new SplittableRandom(7).nextBytes(bytes);
    try (AppendFile file = DiskFileLayer.INSTANCE.createTableFile(path, true)) {
      file.append(bytes, 0, bytes.length);
      file.sync();
    }
    try (RandomReadFile file = DiskFileLayer.INSTANCE.openTable(path, true)) {
      byte[] got = new byte[100];
      Thread.currentThread().interrupt();
      try {
        file.read(5000, got, 0, 100);
      } finally {
        assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
      }
      assertThat(got).isEqualTo(Arrays.copyOfRange(bytes, 5000, 5100));
      file.read(9000, got, 0, 100);
      assertThat(got).isEqualTo(Arrays.copyOfRange(bytes, 9000, 9100));
    }
  }

  @Test
  void aFileSystemRefusingDirectIoIsAnErrorNamingTheOption() {
    FileLayer refusing = new ForwardingFileLayer(DiskFileLayer.INSTANCE) {
      @Override
      public void requireDirectIo(Path where, String option) {
        throw DirectIo.refused(where, option, new IOException("Invalid argument"));
      }
    };
    Path db = directory.resolve("db");
    for (Options options : List.of(Options.builder().useDirectReads(true).build(),
        Options.builder().useDirectIoForFlushAndCompaction(true).build())) {
      String option = options.useDirectReads() ? "useDirectReads" : "useDirectIoForFlushAndCompaction";
      assertThatThrownBy(() -> DbImpl.open(db, options, refusing).close())
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("option " + option).hasMessageContaining("refuses direct I/O");
    }
    DbImpl.open(db, Options.defaults(), refusing).close();
  }

  @Test
  void theProbeLeavesNothingBehind() {
    assumeTrue(supported(directory), "no O_DIRECT on " + directory);
    DiskFileLayer.INSTANCE.requireDirectIo(directory, "useDirectReads");
    assertThat(DiskFileLayer.INSTANCE.list(directory)).isEmpty();
  }

  private static long fileBytes(Path path) {
    try {
      return Files.size(path);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] readAll(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
