package io.cairn.lsm.internal.fs;

import io.cairn.common.BusyException;
import io.cairn.common.CairnIoException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real file system. Appends go through {@link java.io.RandomAccessFile} and tables are read
 * through read-only memory mappings, neither of which a thread interrupt can close under other
 * threads (a {@link FileChannel} would be closed for everyone by one interrupted reader).
 *
 * <p>Thread-safety: stateless apart from the files it opens; safe for concurrent use.
 */
public final class DiskFileLayer implements FileLayer {
  /** The one instance. */
  public static final DiskFileLayer INSTANCE = new DiskFileLayer();

  private DiskFileLayer() {}

  @Override
  public AppendFile createAppendFile(Path path) {
    return DiskAppendFile.create(path);
  }

  @Override
  public RandomReadFile openRandomRead(Path path) {
    return MappedReadFile.open(path);
  }

  @Override
  public AppendFile createTableFile(Path path, boolean direct) {
    return direct ? DirectAppendFile.create(path) : DiskAppendFile.create(path);
  }

  @Override
  public RandomReadFile openTable(Path path, boolean direct) {
    return direct ? DirectReadFile.open(path) : MappedReadFile.open(path);
  }

  @Override
  public void requireDirectIo(Path directory, String option) {
    DirectIo.probe(directory, option);
  }

  @Override
  public SequentialReadFile openSequential(Path path) {
    return DiskSequentialFile.open(path);
  }

  @Override
  public boolean exists(Path path) {
    return Files.exists(path);
  }

  @Override
  public long fileBytes(Path path) {
    try {
      return Files.size(path);
    } catch (IOException e) {
      throw CairnIoException.wrap("read the size of " + path, e);
    }
  }

  @Override
  public boolean delete(Path path) {
    try {
      return Files.deleteIfExists(path);
    } catch (IOException e) {
      throw CairnIoException.wrap("delete " + path, e);
    }
  }

  @Override
  public void renameReplacing(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new CairnIoException("the file system cannot rename " + from + " to " + to + " atomically", e);
    } catch (IOException e) {
      throw CairnIoException.wrap("rename " + from + " to " + to, e);
    }
  }

  @Override
  public List<String> list(Path directory) {
    try (Stream<Path> entries = Files.list(directory)) {
      List<String> names = new ArrayList<>();
      entries.forEach(entry -> names.add(entry.getFileName().toString()));
      return names;
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw CairnIoException.wrap("list " + directory, e);
    }
  }

  @Override
  public void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw CairnIoException.wrap("create directory " + directory, e);
    }
  }

  @Override
  public void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      throw CairnIoException.wrap("sync directory " + directory, e);
    }
  }

  @Override
  public DirectoryLock lock(Path lockFile) {
    FileChannel channel;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw CairnIoException.wrap("open lock file " + lockFile, e);
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new BusyException(
            "the database " + lockFile.getParent() + " is open in another process (" + lockFile + " is locked)");
      }
      return () -> closeLock(lock, channel);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw new BusyException(
          "the database " + lockFile.getParent() + " is already open in this process", e);
    } catch (IOException e) {
      closeQuietly(channel);
      throw CairnIoException.wrap("lock " + lockFile, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static void closeLock(FileLock lock, FileChannel channel) {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      throw CairnIoException.wrap("release the database lock", e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // The lock attempt already failed; that failure is what the caller needs to see.
    }
  }
}
