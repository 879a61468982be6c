package io.cairn.lsm.internal.fs;

import io.cairn.common.CairnIoException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * {@link AppendFile} over a {@link RandomAccessFile}: each append is one {@code write} system
 * call, so the bytes survive a process crash as soon as it returns; {@link #sync} is {@code
 * fsync}. Not thread-safe (one writer).
 */
final class DiskAppendFile implements AppendFile {
  private final Path path;
  private final RandomAccessFile file;
  private long size;
  private boolean closed;

  private DiskAppendFile(Path path, RandomAccessFile file) {
    this.path = path;
    this.file = file;
  }

  static DiskAppendFile create(Path path) {
    try {
      RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
      try {
        file.setLength(0);
      } catch (IOException e) {
        file.close();
        throw e;
      }
      return new DiskAppendFile(path, file);
    } catch (IOException e) {
      throw CairnIoException.wrap("create " + path, e);
    }
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public void append(byte[] bytes, int offset, int length) {
    try {
      file.write(bytes, offset, length);
      size += length;
    } catch (IOException e) {
      // A short write may have landed: the file pointer tells how much.
      size = currentPointerOr(size);
      throw CairnIoException.wrap("append to " + path, e);
    }
  }

  @Override
  public void sync() {
    try {
      file.getFD().sync();
    } catch (IOException e) {
      throw CairnIoException.wrap("sync " + path, e);
    }
  }

  @Override
  public void truncate(long bytes) {
    try {
      file.setLength(bytes);
      file.seek(bytes);
      size = bytes;
    } catch (IOException e) {
      throw CairnIoException.wrap("truncate " + path + " to " + bytes + " bytes", e);
    }
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      file.close();
    } catch (IOException e) {
      throw CairnIoException.wrap("close " + path, e);
    }
  }

  private long currentPointerOr(long fallback) {
    try {
      return file.getFilePointer();
    } catch (IOException e) {
      return fallback;
    }
  }
}
