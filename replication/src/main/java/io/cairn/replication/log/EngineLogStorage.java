package io.cairn.replication.log;

import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.HardState;
import io.cairn.kraft.api.LogStorage;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotMetadata;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.lsm.api.WriteOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * KRaft's {@link LogStorage} in a Cairn engine {@link Db} (layout: {@link LogFormat}). Every write
 * goes to the engine at once without a sync (so the protocol core reads its own writes);
 * {@link #sync()} makes all of them durable with one synced engine write, whose WAL fsync covers
 * every earlier record (the engine syncs a sealed WAL segment before starting the next). A crash
 * loses at most the writes after the last {@code sync}, which is what the persist-before-send rule
 * of {@link io.cairn.kraft.api.Ready} allows.
 *
 * <p>In memory it keeps the shape of the log: the compaction point, the last index, the hard
 * state, the snapshot and where each term starts, so {@link #term} never reads the engine; and
 * the newest entries up to {@link #CACHE_BYTES} ({@link EntryCache}), so sending them to
 * followers and applying them on commit do not read them back from the engine either.
 *
 * <p>A snapshot's data goes to its own synced file ({@link SnapshotFiles}); the engine holds only
 * a record naming it (its length and CRC32C), written with the snapshot's other records. Files no
 * longer named are deleted after the next {@link #sync()}, once the record naming their successor
 * is durable.
 *
 * <p>Thread-safety: not thread-safe (one driver thread); the {@code Db} is owned by the caller.
 */
public final class EngineLogStorage implements LogStorage {
  private static final WriteOptions UNSYNCED = WriteOptions.DEFAULT;
  /** Most bytes of the newest entries kept in memory by {@link #open(Db)} (and at most 1/16 of the heap). */
  public static final long CACHE_BYTES = 32L << 20;

  private final Db db;
  private final SnapshotFiles files;
  /** Whether a snapshot file was written since the last {@link #sync()} (older ones may go after it). */
  private boolean filesToPrune;
  private final EntryCache cache;
  /** Bytes of an entry's batch record besides its data: key, lengths, value header and CRC. */
  private static final int ENTRY_OVERHEAD_BYTES = 64;
  /** Reused by {@link #append} for each entry value (the driver thread's). */
  private final ByteWriter entryWriter = new ByteWriter(4096);
  private HardState hardState = HardState.EMPTY;
  private Snapshot snapshot = Snapshot.EMPTY;
  /** CRC32C of {@link #snapshot}'s data, which names its file (0 while it has none). */
  private int snapshotCrc;
  private long compactedIndex;
  private long compactedTerm;
  private long lastIndex;
  /** First index of each run of equal terms among the held entries. */
  private final TreeMap<Long, Long> termStarts = new TreeMap<>();

  private EngineLogStorage(Db db, Path snapshotDir, long cacheBytes) {
    this.db = db;
    this.files = new SnapshotFiles(snapshotDir);
    this.cache = new EntryCache(cacheBytes);
  }

  /**
   * Opens the log held in {@code db} (an empty database is an empty log) with its snapshot files
   * in {@code snapshotDir} (created when missing).
   *
   * @throws CorruptionException when a record or the snapshot file fails its checks, or the entries have a gap
   */
  public static EngineLogStorage open(Db db, Path snapshotDir) {
    return open(db, snapshotDir, Math.min(CACHE_BYTES, Runtime.getRuntime().maxMemory() / 16));
  }

  /** Like {@link #open(Db, Path)}, keeping up to {@code cacheBytes} of the newest entries in memory. */
  public static EngineLogStorage open(Db db, Path snapshotDir, long cacheBytes) {
    EngineLogStorage storage = new EngineLogStorage(Objects.requireNonNull(db, "db"),
        Objects.requireNonNull(snapshotDir, "snapshotDir"), cacheBytes);
    storage.load();
    return storage;
  }

  private void load() {
    byte[] hard = db.get(LogFormat.HARD_STATE_KEY);
    hardState = hard == null ? HardState.EMPTY : LogFormat.decodeHardState(hard);
    byte[] file = db.get(LogFormat.SNAPSHOT_FILE_KEY);
    byte[] inline = db.get(LogFormat.SNAPSHOT_KEY);
    if (file != null) {
      LogFormat.SnapshotFile named = LogFormat.decodeSnapshotFile(file);
      SnapshotMetadata metadata = named.metadata();
      snapshot = new Snapshot(metadata, files.read(metadata.index(), metadata.term(), named.length(), named.crc()));
      snapshotCrc = named.crc();
    } else {
      snapshot = inline == null ? Snapshot.EMPTY : LogFormat.decodeSnapshot(inline);
    }
    // Files not named by the durable record: an older snapshot's, or one whose record a crash lost.
    files.keepOnly(file == null ? 0 : snapshot.index(), snapshot.term(), snapshotCrc);
    byte[] compacted = db.get(LogFormat.COMPACTED_KEY);
    if (compacted != null) {
      LogFormat.Compacted point = LogFormat.decodeCompacted(compacted);
      compactedIndex = point.index();
      compactedTerm = point.term();
    }
    lastIndex = compactedIndex;
    try (DbIterator iterator = db.newIterator()) {
      for (iterator.seek(LogFormat.entryKey(compactedIndex + 1)); iterator.isValid(); iterator.next()) {
        byte[] key = iterator.key();
        if (!LogFormat.isEntryKey(key)) {
          break;
        }
        Entry entry = LogFormat.decodeEntry(iterator.value());
        if (LogFormat.indexOf(key) != lastIndex + 1 || entry.index() != lastIndex + 1) {
          throw new CorruptionException("log entry " + LogFormat.indexOf(key) + " follows " + lastIndex
              + " (an entry is missing or misplaced)");
        }
        noteTerm(entry.index(), entry.term());
        lastIndex = entry.index();
      }
    }
  }

  private void noteTerm(long index, long term) {
    Map.Entry<Long, Long> last = termStarts.lastEntry();
    if (last == null || last.getValue() != term) {
      termStarts.put(index, term);
    }
  }

  @Override
  public HardState hardState() {
    return hardState;
  }

  @Override
  public SnapshotMetadata snapshotMetadata() {
    return snapshot.metadata();
  }

  @Override
  public Snapshot snapshot() {
    return snapshot;
  }

  @Override
  public long firstIndex() {
    return compactedIndex + 1;
  }

  @Override
  public long lastIndex() {
    return lastIndex;
  }

  @Override
  public long term(long index) {
    if (index == compactedIndex) {
      return compactedTerm;
    }
    if (index < compactedIndex || index > lastIndex) {
      throw new IllegalArgumentException("index " + index + " outside [" + compactedIndex + ", " + lastIndex + "]");
    }
    Map.Entry<Long, Long> run = termStarts.floorEntry(index);
    assert run != null : "no term run at or before held index " + index;
    return run.getValue();
  }

  @Override
  public List<Entry> entries(long from, long to, long maxBytes) {
    if (from < firstIndex() || to > lastIndex + 1 || from > to) {
      throw new IllegalArgumentException(
          "entries [" + from + ", " + to + ") outside [" + firstIndex() + ", " + (lastIndex + 1) + ")");
    }
    List<Entry> result = new ArrayList<>((int) Math.min(to - from, 64));
    long bytes = 0;
    for (long index = from; index < to; index++) {
      Entry entry = cache.get(index);
      if (entry == null) {
        byte[] value = db.get(LogFormat.entryKey(index));
        if (value == null) {
          throw new CorruptionException("log entry " + index + " is missing from the engine");
        }
        entry = LogFormat.decodeEntry(value);
      }
      bytes += entry.sizeBytes();
      if (!result.isEmpty() && bytes > maxBytes) {
        break;
      }
      result.add(entry);
    }
    return result;
  }

  @Override
  public void append(List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    long first = entries.getFirst().index();
    if (first < firstIndex() || first > lastIndex + 1) {
      throw new IllegalArgumentException("append at " + first + " outside [" + firstIndex() + ", " + (lastIndex + 1) + "]");
    }
    long expected = 0;
    for (Entry entry : entries) {
      expected += entry.data().length + ENTRY_OVERHEAD_BYTES;
    }
    // Sized once, and each value encoded into one reused writer and copied into the batch as a
    // slice: a follower's append of a large block made three more copies of it before.
    WriteBatch batch = new WriteBatch((int) Math.min(Integer.MAX_VALUE - 64, expected));
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      if (entry.index() != first + i) {
        throw new IllegalArgumentException("entries are not consecutive at " + entry.index());
      }
      LogFormat.writeEntry(entry, entryWriter.clear());
      batch.put(LogFormat.entryKey(entry.index()), entryWriter.buffer(), 0, entryWriter.size());
    }
    long newLast = first + entries.size() - 1;
    for (long index = newLast + 1; index <= lastIndex; index++) {
      batch.delete(LogFormat.entryKey(index));
    }
    db.write(batch, UNSYNCED);
    cache.appended(entries);
    termStarts.tailMap(first, true).clear();
    for (Entry entry : entries) {
      noteTerm(entry.index(), entry.term());
    }
    lastIndex = newLast;
  }

  @Override
  public void setHardState(HardState state) {
    db.put(LogFormat.HARD_STATE_KEY, LogFormat.encodeHardState(Objects.requireNonNull(state, "state")), UNSYNCED);
    hardState = state;
  }

  @Override
  public void applySnapshot(Snapshot newSnapshot) {
    Objects.requireNonNull(newSnapshot, "snapshot");
    int crc = Crc32c.of(newSnapshot.data());
    WriteBatch batch = storeSnapshot(newSnapshot, crc)
        .put(LogFormat.COMPACTED_KEY, LogFormat.encodeCompacted(
            new LogFormat.Compacted(newSnapshot.index(), newSnapshot.term())));
    deleteEntries(batch, compactedIndex + 1, lastIndex);
    db.write(batch, UNSYNCED);
    snapshot = newSnapshot;
    snapshotCrc = crc;
    compactedIndex = newSnapshot.index();
    compactedTerm = newSnapshot.term();
    lastIndex = compactedIndex;
    termStarts.clear();
    cache.clear();
  }

  @Override
  public void saveSnapshot(Snapshot newSnapshot) {
    long index = newSnapshot.index();
    if (index < snapshot.index()) {
      throw new IllegalArgumentException("snapshot at " + index + " is older than the one at " + snapshot.index());
    }
    if (index < compactedIndex || index > lastIndex || term(index) != newSnapshot.term()) {
      throw new IllegalArgumentException("snapshot at " + index + "@" + newSnapshot.term() + " does not match the log");
    }
    int crc = Crc32c.of(newSnapshot.data());
    db.write(storeSnapshot(newSnapshot, crc), UNSYNCED);
    snapshot = newSnapshot;
    snapshotCrc = crc;
  }

  /** Writes {@code newSnapshot}'s data file (its data's CRC32C is {@code crc}); returns a batch with the record naming it. */
  private WriteBatch storeSnapshot(Snapshot newSnapshot, int crc) {
    byte[] data = newSnapshot.data();
    files.write(newSnapshot.index(), newSnapshot.term(), crc, data);
    filesToPrune = true;
    LogFormat.SnapshotFile record = new LogFormat.SnapshotFile(newSnapshot.metadata(), data.length, crc);
    return new WriteBatch().put(LogFormat.SNAPSHOT_FILE_KEY, LogFormat.encodeSnapshotFile(record))
        .delete(LogFormat.SNAPSHOT_KEY);
  }

  @Override
  public void compact(long throughIndex) {
    if (throughIndex <= compactedIndex) {
      return;
    }
    if (throughIndex > snapshot.index() || throughIndex > lastIndex) {
      throw new IllegalArgumentException("cannot compact through " + throughIndex + " past snapshot "
          + snapshot.index() + " or last index " + lastIndex);
    }
    long term = term(throughIndex);
    Long nextTerm = throughIndex < lastIndex ? term(throughIndex + 1) : null;
    // The compaction point is written before the entries go: a crash in between leaves
    // entries below the point, which load() never reads.
    WriteBatch batch = new WriteBatch()
        .put(LogFormat.COMPACTED_KEY, LogFormat.encodeCompacted(new LogFormat.Compacted(throughIndex, term)));
    deleteEntries(batch, compactedIndex + 1, throughIndex);
    db.write(batch, UNSYNCED);
    compactedIndex = throughIndex;
    compactedTerm = term;
    cache.compacted(throughIndex);
    termStarts.headMap(throughIndex + 1, true).clear();
    if (nextTerm != null) {
      termStarts.put(throughIndex + 1, nextTerm);
    }
  }

  private static void deleteEntries(WriteBatch batch, long from, long through) {
    for (long index = from; index <= through; index++) {
      batch.delete(LogFormat.entryKey(index));
    }
  }

  /** The directory of the snapshot files (where {@link IncomingSnapshotFile} streams a snapshot being received). */
  public Path snapshotDir() {
    return files.dir();
  }

  /**
   * Makes every write made before this call durable with one {@code fsync} of the log's WAL beside
   * the engine's queue of writers ({@code Db.syncWal}), so the driver may go on writing meanwhile:
   * callable from a thread other than the one that writes (the leader's {@code LogSyncer}). It
   * leaves the snapshot files to prune to the next {@link #sync()} ({@link #prunePending}).
   */
  public void syncWal() {
    db.syncWal();
  }

  /** Whether a snapshot file waits to be deleted at the next {@link #sync()} (writer's thread). */
  public boolean prunePending() {
    return filesToPrune;
  }

  @Override
  public void sync() {
    db.write(new WriteBatch(), WriteOptions.SYNC);
    if (filesToPrune) {
      files.keepOnly(snapshot.index(), snapshot.term(), snapshotCrc);
      filesToPrune = false;
    }
  }
}
