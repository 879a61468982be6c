package io.cairn.lsm.internal.version;

import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.lsm.internal.fs.AppendFile;
import io.cairn.lsm.internal.fs.DbFileNames;
import io.cairn.lsm.internal.fs.FileLayer;
import io.cairn.lsm.internal.fs.SequentialReadFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and atomically replaces CURRENT, the file that names the live MANIFEST ({@link
 * ManifestFormat}). Thread-safety: stateless.
 */
final class CurrentFile {
  private static final Pattern LINE = Pattern.compile(
      Pattern.quote(ManifestFormat.CURRENT_MAGIC) + " (\\d+) (MANIFEST-(\\d{6,18})) ([0-9a-f]{8})\\n");
  private static final int CURRENT_BYTES_MAX = 256;

  private CurrentFile() {}

  /** The text CURRENT holds when it names MANIFEST {@code manifestNumber}. */
  static String contents(long manifestNumber) {
    String name = DbFileNames.manifestName(manifestNumber);
    int crc = Crc32c.mask(Crc32c.of(name.getBytes(StandardCharsets.US_ASCII)));
    return ManifestFormat.CURRENT_MAGIC + " " + ManifestFormat.CURRENT_VERSION + " " + name + " "
        + HexFormat.of().toHexDigits(crc) + "\n";
  }

  /**
   * The number of the MANIFEST named by CURRENT.
   *
   * @throws CorruptionException naming CURRENT when it is malformed or fails its checksum
   */
  static long read(FileLayer files, Path directory) {
    Path path = DbFileNames.current(directory);
    byte[] bytes = new byte[CURRENT_BYTES_MAX + 1];
    int length;
    try (SequentialReadFile file = files.openSequential(path)) {
      length = file.read(bytes, 0, bytes.length);
    }
    String text = new String(bytes, 0, length, StandardCharsets.US_ASCII);
    Matcher matcher = LINE.matcher(text);
    if (length > CURRENT_BYTES_MAX || !matcher.matches()) {
      throw CorruptionException.at(path, 0, "CURRENT is not a valid '" + ManifestFormat.CURRENT_MAGIC
          + " <version> MANIFEST-<number> <crc>' line");
    }
    if (!matcher.group(1).equals(String.valueOf(ManifestFormat.CURRENT_VERSION))) {
      throw CorruptionException.at(path, 0, "CURRENT format version " + matcher.group(1) + " is not supported");
    }
    String name = matcher.group(2);
    int expected = Crc32c.mask(Crc32c.of(name.getBytes(StandardCharsets.US_ASCII)));
    if (!HexFormat.of().toHexDigits(expected).equals(matcher.group(4))) {
      throw CorruptionException.at(path, 0, "CURRENT checksum mismatch");
    }
    return Long.parseLong(matcher.group(3));
  }

  /**
   * Points CURRENT at MANIFEST {@code manifestNumber} atomically: writes a temporary file, syncs
   * it, renames it over CURRENT and syncs the directory.
   */
  static void install(FileLayer files, Path directory, long manifestNumber) {
    Path temporary = DbFileNames.temp(directory, manifestNumber);
    byte[] text = contents(manifestNumber).getBytes(StandardCharsets.US_ASCII);
    try (AppendFile file = files.createAppendFile(temporary)) {
      file.append(text, 0, text.length);
      file.sync();
    } catch (RuntimeException e) {
      try {
        files.delete(temporary);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    files.renameReplacing(temporary, DbFileNames.current(directory));
    files.syncDirectory(directory);
  }
}
