package io.cairn.lsm.internal.fs;

import io.cairn.common.BusyException;
import io.cairn.common.CairnIoException;
import io.cairn.common.CorruptionException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link FileLayer} in memory, for fast model tests and fault injection: a byte budget that
 * makes appends fail with "No space left on device" (after writing what fits, as a real short
 * write does), failing syncs, and {@link #dropUnsyncedData()}, which forgets every byte not yet
 * synced, as a power cut would. Renames and deletions are durable at once. {@link
 * #crashAfterChanges} crashes the machine right after a given number of further changes (creates,
 * appends, syncs, truncations, deletions, renames and directory syncs), for sweeps of crash points
 * through one piece of work, and {@link #changes} names them in order. Thread-safe.
 */
public final class InMemoryFileLayer implements FileLayer {
  private static final class MemFile {
    byte[] data = new byte[256];
    int length;
    int syncedLength;

    synchronized byte[] snapshot() {
      return Arrays.copyOf(data, length);
    }
  }

  private final Map<Path, MemFile> files = new ConcurrentHashMap<>();
  private final Set<Path> locks = ConcurrentHashMap.newKeySet();
  private final AtomicLong spaceLeftBytes = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong directorySyncs = new AtomicLong();
  private final List<String> changes = new ArrayList<>();
  private long changesBeforeCrash = -1;
  private volatile boolean failSyncs;
  private volatile boolean crashed;

  /** Limits the bytes that further appends may add in total. */
  public void setSpaceLeftBytes(long bytes) {
    spaceLeftBytes.set(bytes);
  }

  /** Makes every later sync fail (or succeed again). */
  public void setFailSyncs(boolean fail) {
    failSyncs = fail;
  }

  /**
   * Simulates the death of the machine: from now on every change fails (as on a dead disk) and
   * syncs do nothing, until {@link #restart()}.
   */
  public void crash() {
    crashed = true;
  }

  /**
   * Crashes the machine ({@link #crash()}) right after the {@code count}-th change from now has
   * taken effect, and starts the list of {@link #changes} anew (changes are listed only from the
   * first call on); a count of zero lists the changes and crashes nothing.
   */
  public synchronized void crashAfterChanges(long count) {
    assert count >= 0;
    changes.clear();
    changesBeforeCrash = count;
  }

  /** Whether the machine is down ({@link #crash()}, or the count of {@link #crashAfterChanges} ran out). */
  public boolean crashed() {
    return crashed;
  }

  /** The changes since {@link #crashAfterChanges}, in order, as "what path" (say "sync /db/000007.sst"). */
  public synchronized List<String> changes() {
    return List.copyOf(changes);
  }

  private synchronized void changed(String what, Path path) {
    if (changesBeforeCrash < 0) {
      return;
    }
    changes.add(what + " " + path);
    if (changesBeforeCrash > 0 && --changesBeforeCrash == 0) {
      crashed = true;
    }
  }

  /** Ends a {@link #crash()}: forgets unsynced data, releases locks and accepts changes again. */
  public void restart() {
    dropUnsyncedData();
    releaseLocks();
    crashed = false;
  }

  /** Forgets every byte appended since its file's last sync (a simulated power cut). */
  public void dropUnsyncedData() {
    for (MemFile file : files.values()) {
      synchronized (file) {
        file.length = file.syncedLength;
      }
    }
  }

  /** Releases every lock, as the death of the process holding them would. */
  public void releaseLocks() {
    locks.clear();
  }

  /** The bytes of {@code path} (a copy). */
  public byte[] contents(Path path) {
    MemFile file = files.get(path);
    if (file == null) {
      throw new IllegalArgumentException("no file " + path);
    }
    return file.snapshot();
  }

  /** Bytes of {@code path} that are synced: what a power cut leaves of it at least. */
  public long syncedBytes(Path path) {
    MemFile file = files.get(path);
    if (file == null) {
      throw new IllegalArgumentException("no file " + path);
    }
    synchronized (file) {
      return file.syncedLength;
    }
  }

  /** Replaces the bytes of {@code path} (durably), for corruption tests. */
  public void setContents(Path path, byte[] bytes) {
    MemFile file = files.computeIfAbsent(path, p -> new MemFile());
    synchronized (file) {
      file.data = Arrays.copyOf(bytes, Math.max(16, bytes.length));
      file.length = bytes.length;
      file.syncedLength = bytes.length;
    }
  }

  private void checkAlive(String doing, Path path) {
    if (crashed) {
      throw CairnIoException.wrap(doing + " " + path, new IOException("the machine is down (simulated crash)"));
    }
  }

  @Override
  public AppendFile createAppendFile(Path path) {
    checkAlive("create", path);
    MemFile file = new MemFile();
    files.put(path, file);
    changed("create", path);
    return new AppendFile() {
      private boolean closed;

      @Override public Path path() { return path; }

      @Override
      public void append(byte[] bytes, int offset, int length) {
        if (closed) {
          throw new IllegalStateException("append to closed " + path);
        }
        checkAlive("append to", path);
        long granted = Math.min(length, Math.max(0, spaceLeftBytes.getAndAdd(-length)));
        synchronized (file) {
          if (file.length + length > file.data.length) {
            file.data = Arrays.copyOf(file.data, Math.max(file.data.length * 2, file.length + length));
          }
          System.arraycopy(bytes, offset, file.data, file.length, (int) granted);
          file.length += (int) granted;
        }
        changed("append", path);
        if (granted < length) {
          spaceLeftBytes.set(0);
          throw CairnIoException.wrap("append to " + path, new IOException("No space left on device"));
        }
      }

      @Override
      public void sync() {
        if (failSyncs) {
          throw CairnIoException.wrap("sync " + path, new IOException("Input/output error"));
        }
        checkAlive("sync", path);
        synchronized (file) {
          file.syncedLength = file.length;
        }
        changed("sync", path);
      }

      @Override
      public void truncate(long bytes) {
        checkAlive("truncate", path);
        synchronized (file) {
          file.length = (int) bytes;
          file.syncedLength = Math.min(file.syncedLength, file.length);
        }
        changed("truncate", path);
      }

      @Override
      public long size() {
        synchronized (file) {
          return file.length;
        }
      }

      @Override
      public void close() {
        closed = true;
      }
    };
  }

  @Override
  public RandomReadFile openRandomRead(Path path) {
    byte[] data = existing(path).snapshot();
    return new RandomReadFile() {
      @Override public Path path() { return path; }
      @Override public long size() { return data.length; }

      @Override
      public void read(long position, byte[] target, int offset, int length) {
        if (position < 0 || length < 0 || position > data.length - length) {
          throw CorruptionException.at(path, position, "read runs past the end of the file");
        }
        System.arraycopy(data, (int) position, target, offset, length);
      }

      @Override public void close() {}
    };
  }

  @Override
  public SequentialReadFile openSequential(Path path) {
    byte[] data = existing(path).snapshot();
    return new SequentialReadFile() {
      private int position;

      @Override public Path path() { return path; }

      @Override
      public int read(byte[] target, int offset, int length) {
        int count = Math.min(length, data.length - position);
        System.arraycopy(data, position, target, offset, count);
        position += count;
        return count;
      }

      @Override public void close() {}
    };
  }

  @Override
  public boolean exists(Path path) {
    return files.containsKey(path);
  }

  @Override
  public long fileBytes(Path path) {
    MemFile file = existing(path);
    synchronized (file) {
      return file.length;
    }
  }

  @Override
  public boolean delete(Path path) {
    checkAlive("delete", path);
    boolean deleted = files.remove(path) != null;
    changed("delete", path);
    return deleted;
  }

  @Override
  public void renameReplacing(Path from, Path to) {
    checkAlive("rename", from);
    MemFile file = files.remove(from);
    if (file == null) {
      throw CairnIoException.wrap("rename " + from, new IOException("No such file"));
    }
    files.put(to, file);
    changed("rename to " + to + " from", from);
  }

  @Override
  public List<String> list(Path directory) {
    List<String> names = new ArrayList<>();
    for (Path path : files.keySet()) {
      if (directory.equals(path.getParent())) {
        names.add(path.getFileName().toString());
      }
    }
    return names;
  }

  @Override
  public void createDirectories(Path directory) {}

  @Override
  public void syncDirectory(Path directory) {
    checkAlive("sync directory", directory);
    directorySyncs.incrementAndGet();
    changed("syncDirectory", directory);
  }

  /** How many directory syncs were asked for (entries are durable at once here; tests count them). */
  public long directorySyncs() {
    return directorySyncs.get();
  }

  @Override
  public DirectoryLock lock(Path lockFile) {
    checkAlive("lock", lockFile);
    if (!locks.add(lockFile)) {
      throw new BusyException("the database " + lockFile.getParent() + " is already open");
    }
    files.computeIfAbsent(lockFile, p -> new MemFile());
    return () -> locks.remove(lockFile);
  }

  private MemFile existing(Path path) {
    MemFile file = files.get(path);
    if (file == null) {
      throw CairnIoException.wrap("open " + path, new java.nio.file.NoSuchFileException(path.toString()));
    }
    return file;
  }
}
