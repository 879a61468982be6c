package io.cairn.bench.kv;

import io.cairn.common.CairnException;
import io.cairn.common.CairnIoException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iq80.leveldb.CompressionType;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.WriteOptions;
import org.iq80.leveldb.impl.Iq80DBFactory;

/**
 * iq80 LevelDB ({@code org.iq80.leveldb:leveldb}), the pure-Java port of LevelDB, with its own
 * defaults for what it does not let a user set (see {@link #deviations}).
 */
final class LevelDbJavaEngine implements Engine {
  /** iq80 0.12 compiles LevelDB's L0 thresholds and level sizes in; these are its values. */
  private static final int FIXED_L0_COMPACTION_TRIGGER = 4;
  private static final int FIXED_L0_SLOWDOWN_TRIGGER = 8;
  private static final int FIXED_L0_STOP_TRIGGER = 12;
  private static final long FIXED_LEVEL1_MAX_BYTES = 10L << 20;
  private static final long FIXED_TARGET_FILE_BYTES = 2L << 20;
  /** LevelDB's structure: one mutable memtable and at most one immutable one being flushed. */
  static final int FIXED_WRITE_BUFFERS = 2;
  /** Attempts of a read that loses iq80's race with compaction (see {@link #deviations}). */
  static final int READ_ATTEMPTS = 3;

  @Override
  public String name() {
    return "leveldb-java";
  }

  @Override
  public String description() {
    return "iq80 LevelDB " + Iq80DBFactory.VERSION + " (pure Java; memory-mapped log and tables: "
        + Iq80DBFactory.USE_MMAP + ")";
  }

  @Override
  public List<String> deviations(StoreSettings settings) {
    List<String> deviations = new ArrayList<>();
    deviations.add("a read may race compaction's deletion of the table it is about to open (iq80 0.12:"
        + " 'Could not open table N'); such a read is retried, at most " + READ_ATTEMPTS
        + " attempts, within its timed call, and the retries are counted in stats.read_retries");
    if (settings.directIo()) {
      deviations.add("no direct I/O (iq80 has no O_DIRECT option): its tables are read through the page cache");
    }
    if (settings.l0CompactionTrigger() != FIXED_L0_COMPACTION_TRIGGER
        || settings.l0SlowdownTrigger() != FIXED_L0_SLOWDOWN_TRIGGER
        || settings.l0StopTrigger() != FIXED_L0_STOP_TRIGGER) {
      deviations.add("L0 thresholds are compiled in: compaction at " + FIXED_L0_COMPACTION_TRIGGER
          + ", slowdown at " + FIXED_L0_SLOWDOWN_TRIGGER + ", stop at " + FIXED_L0_STOP_TRIGGER
          + " tables (asked: " + settings.l0CompactionTrigger() + "/" + settings.l0SlowdownTrigger()
          + "/" + settings.l0StopTrigger() + ")");
    }
    if (settings.bloomBitsPerKey() > 0) {
      deviations.add("no bloom filter: iq80 0.12 has no filter policy (asked: "
          + settings.bloomBitsPerKey() + " bits per key)");
    }
    if (settings.level1MaxBytes() != FIXED_LEVEL1_MAX_BYTES
        || settings.targetFileBytes() != FIXED_TARGET_FILE_BYTES) {
      deviations.add("level sizes are compiled in: L1 10 MiB, tables of 2 MiB");
    }
    if (settings.maxWriteBufferNumber() != FIXED_WRITE_BUFFERS) {
      deviations.add(FIXED_WRITE_BUFFERS + " memtables, as LevelDB is built (one written, at most one being flushed;"
          + " asked: " + settings.maxWriteBufferNumber() + "): its rows say settings.write_buffers "
          + FIXED_WRITE_BUFFERS);
    }
    if (settings.maxSubcompactions() != 1) {
      deviations.add("no subcompactions (iq80 has no such option; asked: " + settings.maxSubcompactions() + " pieces)");
    }
    return List.copyOf(deviations);
  }

  @Override
  public int writeBuffersUsed(StoreSettings settings) {
    return FIXED_WRITE_BUFFERS;
  }

  @Override
  public KvStore open(Path directory, StoreSettings settings) {
    Options options = new Options()
        .createIfMissing(true)
        .errorIfExists(true)
        .writeBufferSize(Math.toIntExact(settings.writeBufferBytes()))
        .blockSize(settings.blockBytes())
        .cacheSize(settings.blockCacheBytes())
        .compressionType(CompressionType.NONE)
        .maxOpenFiles(settings.maxOpenFiles());
    try {
      DB db = Iq80DBFactory.factory.open(directory.toFile(), options);
      return new Store(db, new WriteOptions().sync(settings.syncWrites()), new ReadOptions());
    } catch (IOException e) {
      throw CairnIoException.wrap("open leveldb-java in " + directory, e);
    } catch (DBException e) {
      throw failure("open " + directory, e);
    }
  }

  /** The failure of iq80's table cache when the table file was deleted under it. */
  static boolean lostRaceWithCompaction(RuntimeException e) {
    return e.getMessage() != null && e.getMessage().startsWith("Could not open table")
        && e.getCause() instanceof java.io.FileNotFoundException;
  }

  private static CairnException failure(String doing, RuntimeException e) {
    return new CairnIoException("leveldb-java: " + doing + " failed: " + e.getMessage(), e);
  }

  /** The adapter over one open iq80 {@link DB}. */
  private static final class Store implements KvStore {
    private final DB db;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;
    private long readRetries;

    Store(DB db, WriteOptions writeOptions, ReadOptions readOptions) {
      this.db = db;
      this.writeOptions = writeOptions;
      this.readOptions = readOptions;
    }

    @Override
    public void put(byte[] key, byte[] value) {
      try {
        db.put(key, value, writeOptions);
      } catch (DBException e) {
        throw failure("put", e);
      }
    }

    /**
     * iq80 0.12 reads the current version without pinning it, so a compaction finishing at that
     * moment can delete a table the read is about to open; the read then fails although the data
     * is intact. Reading again finds the new version, as a user of iq80 would have to do.
     */
    @Override
    public byte[] get(byte[] key) {
      for (int attempt = 1; ; attempt++) {
        try {
          return db.get(key, readOptions);
        } catch (RuntimeException e) {
          if (attempt >= READ_ATTEMPTS || !lostRaceWithCompaction(e)) {
            throw failure("get", e);
          }
          readRetries++;
        }
      }
    }

    @Override
    public KvCursor cursor() {
      return new Cursor(db.iterator(readOptions));
    }

    /** iq80 exposes no stall or compaction counters through its API; only the adapter's retries. */
    @Override
    public StoreStats stats() {
      return new StoreStats(null, null, null, readRetries);
    }

    @Override
    public void close() {
      try {
        db.close();
      } catch (IOException e) {
        throw CairnIoException.wrap("close leveldb-java", e);
      }
    }
  }

  /**
   * iq80's iterator is a Java {@code Iterator} whose "current" entry is the next one it would
   * return ({@code peekNext}); this maps it to a LevelDB-style cursor.
   */
  private static final class Cursor implements KvCursor {
    private final DBIterator iterator;

    Cursor(DBIterator iterator) {
      this.iterator = iterator;
    }

    @Override public void seekToFirst() { iterator.seekToFirst(); }
    @Override public void seek(byte[] target) { iterator.seek(target); }
    @Override public boolean isValid() { return iterator.hasNext(); }
    @Override public void next() { iterator.next(); }
    @Override public byte[] key() { return entry().getKey(); }
    @Override public byte[] value() { return entry().getValue(); }

    private Map.Entry<byte[], byte[]> entry() {
      return iterator.peekNext();
    }

    @Override
    public void close() {
      try {
        iterator.close();
      } catch (IOException e) {
        throw CairnIoException.wrap("close a leveldb-java iterator", e);
      }
    }
  }
}
