package io.cairn.lsm.internal.fs;

import java.nio.file.Path;
import java.util.List;

/** A {@link FileLayer} that forwards every call, for tests that watch or alter a few of them. */
public class ForwardingFileLayer implements FileLayer {
  private final FileLayer delegate;

  public ForwardingFileLayer(FileLayer delegate) {
    this.delegate = delegate;
  }

  @Override
  public AppendFile createAppendFile(Path path) {
    return delegate.createAppendFile(path);
  }

  @Override
  public RandomReadFile openRandomRead(Path path) {
    return delegate.openRandomRead(path);
  }

  @Override
  public AppendFile createTableFile(Path path, boolean direct) {
    return delegate.createTableFile(path, direct);
  }

  @Override
  public RandomReadFile openTable(Path path, boolean direct) {
    return delegate.openTable(path, direct);
  }

  @Override
  public void requireDirectIo(Path directory, String option) {
    delegate.requireDirectIo(directory, option);
  }

  @Override
  public SequentialReadFile openSequential(Path path) {
    return delegate.openSequential(path);
  }

  @Override
  public boolean exists(Path path) {
    return delegate.exists(path);
  }

  @Override
  public long fileBytes(Path path) {
    return delegate.fileBytes(path);
  }

  @Override
  public boolean delete(Path path) {
    return delegate.delete(path);
  }

  @Override
  public void renameReplacing(Path from, Path to) {
    delegate.renameReplacing(from, to);
  }

  @Override
  public List<String> list(Path directory) {
    return delegate.list(directory);
  }

  @Override
  public void createDirectories(Path directory) {
    delegate.createDirectories(directory);
  }

  @Override
  public void syncDirectory(Path directory) {
    delegate.syncDirectory(directory);
  }

  @Override
  public DirectoryLock lock(Path lockFile) {
    return delegate.lock(lockFile);
  }
}
