package io.cairn.lsm.internal.fs;

import io.cairn.common.CairnIoException;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;

/** {@link SequentialReadFile} over a {@link FileInputStream}. One reader thread. */
final class DiskSequentialFile implements SequentialReadFile {
  private final Path path;
  private final FileInputStream in;

  private DiskSequentialFile(Path path, FileInputStream in) {
    this.path = path;
    this.in = in;
  }

  static DiskSequentialFile open(Path path) {
    try {
      return new DiskSequentialFile(path, new FileInputStream(path.toFile()));
    } catch (IOException e) {
      throw CairnIoException.wrap("open " + path, e);
    }
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public int read(byte[] target, int offset, int length) {
    try {
      int total = 0;
      while (total < length) {
        int read = in.read(target, offset + total, length - total);
        if (read < 0) {
          break;
        }
        total += read;
      }
      return total;
    } catch (IOException e) {
      throw CairnIoException.wrap("read " + path, e);
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw CairnIoException.wrap("close " + path, e);
    }
  }
}
