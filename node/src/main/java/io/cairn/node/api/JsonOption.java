package io.cairn.node.api;

import io.cairn.common.CairnIoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Option;

/**
 * The {@code --json FILE} option shared by every command that reports figures: add it with
 * {@code @Mixin JsonOption json;} and call {@link #write} with the report.
 */
public final class JsonOption {
  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
  private Path file;

  /** The file given with {@code --json}, or null. */
  public Path file() {
    return file;
  }

  /**
   * Writes {@code report} to the {@code --json} file, if one was given, atomically (a temporary
   * file renamed into place), creating parent folders.
   *
   * @throws CairnIoException when the file cannot be written
   */
  public void write(Json.Obj report) {
    if (file == null) {
      return;
    }
    Path target = file.toAbsolutePath();
    try {
      Files.createDirectories(target.getParent());
      Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
      Files.writeString(temporary, report + "\n", StandardCharsets.UTF_8);
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw CairnIoException.wrap("write " + target, e);
    }
  }
}
