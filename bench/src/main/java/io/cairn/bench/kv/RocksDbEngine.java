package io.cairn.bench.kv;

import io.cairn.common.CairnIoException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * RocksDB through its JNI binding ({@code org.rocksdb:rocksdbjni}), the user's usual alternative.
 * Leveled compaction with static level sizes (as LevelDB and Cairn), the settings of {@link
 * StoreSettings}, and RocksDB's own default of two background jobs. Every native object is
 * closed when the store closes.
 */
final class RocksDbEngine implements Engine {
  @Override
  public String name() {
    return "rocksdb";
  }

  @Override
  public String description() {
    return "RocksDB JNI, leveled compaction, 2 background jobs (its default)";
  }

  @Override
  public List<String> deviations(StoreSettings settings) {
    return List.of();
  }

  @Override
  public KvStore open(Path directory, StoreSettings settings) {
    RocksDB.loadLibrary();
    List<AutoCloseable> natives = new ArrayList<>();
    try {
      LRUCache cache = track(natives, new LRUCache(settings.blockCacheBytes()));
      BlockBasedTableConfig table = new BlockBasedTableConfig()
          .setBlockCache(cache)
          .setBlockSize(settings.blockBytes());
      if (settings.bloomBitsPerKey() > 0) {
        table.setFilterPolicy(track(natives, new BloomFilter(settings.bloomBitsPerKey())));
      }
      Options options = track(natives, new Options())
          .setCreateIfMissing(true)
          .setErrorIfExists(true)
          .setWriteBufferSize(settings.writeBufferBytes())
          .setMaxWriteBufferNumber(settings.maxWriteBufferNumber())
          .setMaxSubcompactions(settings.maxSubcompactions())
          .setCompressionType(CompressionType.NO_COMPRESSION)
          .setLevel0FileNumCompactionTrigger(settings.l0CompactionTrigger())
          .setLevel0SlowdownWritesTrigger(settings.l0SlowdownTrigger())
          .setLevel0StopWritesTrigger(settings.l0StopTrigger())
          .setLevelCompactionDynamicLevelBytes(false)
          .setMaxBytesForLevelBase(settings.level1MaxBytes())
          .setTargetFileSizeBase(settings.targetFileBytes())
          .setMaxOpenFiles(settings.maxOpenFiles())
          .setUseDirectReads(settings.directIo())
          .setUseDirectIoForFlushAndCompaction(settings.directIo())
          .setTableFormatConfig(table);
      WriteOptions writeOptions = track(natives, new WriteOptions().setSync(settings.syncWrites()));
      ReadOptions readOptions = track(natives, new ReadOptions());
      RocksDB db = RocksDB.open(options, directory.toString());
      return new Store(db, writeOptions, readOptions, natives);
    } catch (RocksDBException | RuntimeException e) {
      closeAll(natives);
      throw e instanceof RocksDBException rocks ? failure("open " + directory, rocks) : (RuntimeException) e;
    }
  }

  private static <T extends AutoCloseable> T track(List<AutoCloseable> natives, T object) {
    natives.add(object);
    return object;
  }

  private static void closeAll(List<AutoCloseable> natives) {
    for (int i = natives.size() - 1; i >= 0; i--) {
      try {
        natives.get(i).close();
      } catch (Exception e) {
        // Closing a native handle of a store being discarded: nothing else can be done with it.
      }
    }
  }

  private static CairnIoException failure(String doing, RocksDBException e) {
    return new CairnIoException("rocksdb: " + doing + " failed: " + e.getMessage(), e);
  }

  /** The adapter over one open {@link RocksDB} and the native objects it was opened with. */
  private static final class Store implements KvStore {
    private final RocksDB db;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;
    private final List<AutoCloseable> natives;

    Store(RocksDB db, WriteOptions writeOptions, ReadOptions readOptions, List<AutoCloseable> natives) {
      this.db = db;
      this.writeOptions = writeOptions;
      this.readOptions = readOptions;
      this.natives = natives;
    }

    /** Nanoseconds spent in put calls: the denominator of the stall share. */
    private final java.util.concurrent.atomic.LongAdder writeNanos = new java.util.concurrent.atomic.LongAdder();

    @Override
    public void put(byte[] key, byte[] value) {
      long start = System.nanoTime();
      try {
        db.put(writeOptions, key, value);
      } catch (RocksDBException e) {
        throw failure("put", e);
      } finally {
        writeNanos.add(System.nanoTime() - start);
      }
    }

    @Override
    public byte[] get(byte[] key) {
      try {
        return db.get(readOptions, key);
      } catch (RocksDBException e) {
        throw failure("get", e);
      }
    }

    @Override
    public void compactAll() {
      try {
        db.compactRange();
      } catch (RocksDBException e) {
        throw failure("compact", e);
      }
    }

    @Override
    public KvCursor cursor() {
      RocksIterator iterator = db.newIterator(readOptions);
      return new KvCursor() {
        @Override public void seekToFirst() { iterator.seekToFirst(); }
        @Override public void seek(byte[] target) { iterator.seek(target); }

        /** An iterator that stops being valid because of an error says so, not "end of data". */
        @Override
        public boolean isValid() {
          if (iterator.isValid()) {
            return true;
          }
          try {
            iterator.status();
          } catch (RocksDBException e) {
            throw failure("iterate", e);
          }
          return false;
        }

        @Override public void next() { iterator.next(); }
        @Override public byte[] key() { return iterator.key(); }
        @Override public byte[] value() { return iterator.value(); }
        @Override public void close() { iterator.close(); }
      };
    }

    @Override
    public int level0Tables() {
      try {
        return Integer.parseInt(db.getProperty("rocksdb.num-files-at-level0"));
      } catch (RocksDBException e) {
        throw failure("read its level-0 file count", e);
      }
    }

    /** No flush or compaction running or pending, by RocksDB's own properties. */
    @Override
    public boolean backgroundIdle() {
      try {
        return db.getLongProperty("rocksdb.num-running-flushes") == 0
            && db.getLongProperty("rocksdb.num-running-compactions") == 0
            && db.getLongProperty("rocksdb.mem-table-flush-pending") == 0
            && db.getLongProperty("rocksdb.compaction-pending") == 0;
      } catch (RocksDBException e) {
        throw failure("read its background properties", e);
      }
    }

    /**
     * Stalls, stall time and write amplification from RocksDB's own statistics maps, which it
     * keeps without a statistics object (that would slow every operation).
     */
    @Override
    public StoreStats stats() {
      try {
        Map<String, String> cf = db.getMapProperty("rocksdb.cfstats");
        Map<String, String> dbStats = db.getMapProperty("rocksdb.dbstats");
        Double stallMillis = RocksDbStats.writeStallMillis(dbStats);
        return new StoreStats(RocksDbStats.writeStalls(cf), stallMillis,
            RocksDbStats.writeAmplification(cf, dbStats), null, StoreStats.stallShare(stallMillis, writeNanos.sum()), null);
      } catch (RocksDBException e) {
        throw failure("read its statistics", e);
      }
    }

    @Override
    public void close() {
      try {
        db.closeE();
      } catch (RocksDBException e) {
        throw failure("close", e);
      } finally {
        closeAll(natives);
      }
    }
  }
}
