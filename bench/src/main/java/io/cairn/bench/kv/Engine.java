package io.cairn.bench.kv;

import java.nio.file.Path;
import java.util.List;

/**
 * One engine the benchmarks can run: a name on the command line and a way to open a store.
 *
 * <p>Thread-safety: implementations are stateless and may be shared.
 */
public interface Engine {
  /** The name used by {@code --engines} and in every report, e.g. {@code rocksdb}. */
  String name();

  /** One line saying what the engine is and how it is configured, for help and reports. */
  String description();

  /**
   * The settings of {@code settings} this engine cannot honour, one sentence each (for example
   * a threshold compiled into the engine); empty when it honours them all. Reported beside the
   * figures so that no difference in configuration goes unstated.
   */
  List<String> deviations(StoreSettings settings);

  /**
   * Memtables this engine holds at once when opened with {@code settings}, the one being written
   * included: {@link StoreSettings#maxWriteBufferNumber} for an engine that takes it, else what it
   * is built with. The run goes on either way and each row reports the count used.
   */
  default int writeBuffersUsed(StoreSettings settings) {
    return settings.maxWriteBufferNumber();
  }

  /**
   * Opens a new store in {@code directory}, which exists and is empty and belongs to this store
   * alone.
   *
   * @throws io.cairn.common.CairnException or any other {@link RuntimeException} when the engine
   *     cannot open (not built yet, bad option); a {@link LinkageError} when its native library
   *     does not load on this platform. The runner reports either as "skipped" with the message.
   */
  KvStore open(Path directory, StoreSettings settings);

  /**
   * Removes what the closed store of {@code directory} kept outside that directory (the runner
   * removes the directory itself). Nothing by default.
   */
  default void removeOutside(Path directory) {}
}
