package io.cairn.pmem.backend;

import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import io.cairn.pmem.api.RegionWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@link PmemDirectory} on a file system: one file per region, opened with the options' backend.
 *
 * <p>Thread-safety: stateless apart from its path and options; see {@link PmemDirectory}.
 */
public final class FileRegionDirectory implements PmemDirectory {
  private static final Pattern LISTED = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9._\\-]{0,199}");

  private final Path directory;
  private final RegionOptions options;

  /**
   * Uses {@code directory}, creating it (and its parents) when absent.
   *
   * @throws InvalidArgumentException when it exists and is not a directory
   * @throws CairnIoException when it cannot be created
   */
  public FileRegionDirectory(Path directory, RegionOptions options) {
    this.directory = directory.toAbsolutePath().normalize();
    this.options = options;
    if (Files.exists(this.directory) && !Files.isDirectory(this.directory)) {
      throw new InvalidArgumentException("not a directory: " + this.directory);
    }
    try {
      Files.createDirectories(this.directory);
    } catch (IOException e) {
      throw CairnIoException.wrap("create pmem directory " + this.directory, e);
    }
  }

  @Override
  public String location() {
    return directory.toString();
  }

  @Override
  public RegionOptions options() {
    return options;
  }

  @Override
  public PmemRegion create(String name, long size) {
    return Backends.create(directory.resolve(RegionFiles.checkName(name)), size, options);
  }

  /**
   * With the FFM and libpmem backends a {@link FileRegionWriter} (positional writes into a file
   * published by rename); with llpl, which allocates its heap itself, the default in-place writer.
   */
  @Override
  public RegionWriter createWriter(String name, long size) {
    Path file = directory.resolve(RegionFiles.checkName(name));
    return switch (options.resolvedBackend()) {
      case FFM, LIBPMEM -> FileRegionWriter.create(file, size, options);
      default -> RegionWriter.inPlace(this, name, size);
    };
  }

  @Override
  public PmemRegion open(String name) {
    return Backends.open(directory.resolve(RegionFiles.checkName(name)), options);
  }

  @Override
  public boolean exists(String name) {
    return Files.isRegularFile(directory.resolve(RegionFiles.checkName(name)));
  }

  @Override
  public List<String> list() {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries
          .filter(Files::isRegularFile)
          .map(path -> path.getFileName().toString())
          .filter(name -> LISTED.matcher(name).matches() && !name.endsWith(RegionFiles.CREATING_SUFFIX))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw CairnIoException.wrap("list pmem directory " + directory, e);
    }
  }

  @Override
  public boolean supportsRename() {
    return options.resolvedBackend() != io.cairn.pmem.api.PmemBackend.LLPL;
  }

  @Override
  public void rename(String from, String to) {
    if (!supportsRename()) {
      PmemDirectory.super.rename(from, to);
    }
    RegionFiles.rename(directory.resolve(RegionFiles.checkName(from)), directory.resolve(RegionFiles.checkName(to)));
  }

  @Override
  public void delete(String name) {
    RegionFiles.delete(directory.resolve(RegionFiles.checkName(name)));
  }

  @Override
  public String toString() {
    return "FileRegionDirectory[" + directory + ", " + options.resolvedBackend() + "]";
  }
}
