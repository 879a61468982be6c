package io.cairn.bench.runner;

import io.cairn.bench.kv.Engine;
import io.cairn.bench.kv.KvStore;
import io.cairn.bench.kv.StoreSettings;
import io.cairn.bench.kv.StoreStats;
import io.cairn.common.CairnIoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The store of one engine for one cell of a run, in its own directory. {@link #fresh()} gives an
 * empty store (closing and removing the previous one), as db_bench's fill workloads want. On
 * {@link #close()} the store is closed and, unless the run keeps its databases, removed.
 *
 * <p>Thread-safety: one thread.
 */
public final class StoreSession implements AutoCloseable {
  private final Engine engine;
  private final StoreSettings settings;
  private final Path baseDirectory;
  private final boolean keep;
  private KvStore store;
  private Path directory;
  private int generation;

  /**
   * @param engine the engine to open
   * @param settings its settings
   * @param baseDirectory where this cell's databases go; must not exist yet
   * @param keep whether the databases stay on disk after the session
   */
  public StoreSession(Engine engine, StoreSettings settings, Path baseDirectory, boolean keep) {
    this.engine = engine;
    this.settings = settings;
    this.baseDirectory = baseDirectory;
    this.keep = keep;
  }

  /** The engine of this session. */
  public Engine engine() {
    return engine;
  }

  /** A new empty store; the previous one, if any, is closed and removed first. */
  public KvStore fresh() {
    closeCurrent();
    if (directory != null && !keep) {
      engine.removeOutside(directory);
      Directories.deleteTree(directory);
    }
    generation++;
    directory = baseDirectory.resolve("db" + generation);
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw CairnIoException.wrap("create " + directory, e);
    }
    store = engine.open(directory, settings);
    return store;
  }

  /**
   * The open store.
   *
   * @throws IllegalStateException before the first {@link #fresh()}
   */
  public KvStore current() {
    if (store == null) {
      throw new IllegalStateException("no store open: call fresh() first");
    }
    return store;
  }

  /** The engine's counters now. */
  public StoreStats stats() {
    return current().stats();
  }

  /** Bytes the current store's directory holds now. */
  public long diskBytes() {
    return directory == null ? 0 : Directories.sizeBytes(directory);
  }

  /** Closes the store and, unless kept, removes every directory of the session. */
  @Override
  public void close() {
    try {
      closeCurrent();
    } finally {
      if (!keep) {
        for (int g = 1; g <= generation; g++) {
          engine.removeOutside(baseDirectory.resolve("db" + g));
        }
        Directories.deleteTree(baseDirectory);
      }
    }
  }

  private void closeCurrent() {
    if (store != null) {
      KvStore closing = store;
      store = null;
      closing.close();
    }
  }
}
