package io.cairn.kraft.api;

import java.util.List;

/**
 * Where a node keeps its Raft log, hard state and latest snapshot. The protocol core only reads
 * through this interface; the driver writes through it while handling a {@link Ready}, following
 * the persist-before-send rule: every write of a Ready is made durable ({@link #sync()}) before
 * any message of that Ready is sent.
 *
 * <p>Log shape: entries {@code (compactedIndex, lastIndex]} are held; {@code compactedIndex} is
 * at most the snapshot's index and its term is still known, so {@link #term} answers for
 * {@code [firstIndex() - 1, lastIndex()]}.
 *
 * <p>Thread-safety: implementations need not be thread-safe; one node's driver uses its storage
 * from one thread.
 */
public interface LogStorage {
  /** The hard state as last written. */
  HardState hardState();

  /** Metadata of the latest snapshot ({@link SnapshotMetadata#EMPTY} if none). */
  SnapshotMetadata snapshotMetadata();

  /** The latest snapshot, with its data ({@link Snapshot#EMPTY} if none). */
  Snapshot snapshot();

  /** Index of the first entry held (compaction point + 1). */
  long firstIndex();

  /** Index of the last entry held, or {@code firstIndex() - 1} when the log is empty. */
  long lastIndex();

  /**
   * Term of the entry at {@code index}.
   *
   * @throws IllegalArgumentException when {@code index} is outside {@code [firstIndex()-1, lastIndex()]}
   */
  long term(long index);

  /**
   * Entries {@code [from, to)}, stopping early once {@code maxBytes} (of {@link Entry#sizeBytes()})
   * would be exceeded, but always at least one entry when {@code from < to}. The list is owned by
   * the caller and must not be modified by the storage afterwards.
   *
   * @throws IllegalArgumentException when the range is not inside {@code [firstIndex(), lastIndex()+1]}
   */
  List<Entry> entries(long from, long to, long maxBytes);

  /**
   * Appends {@code entries} (consecutive), first dropping every held entry at or after {@code
   * entries.get(0).index()}.
   *
   * @throws IllegalArgumentException when the first index is not in {@code [firstIndex(), lastIndex()+1]}
   */
  void append(List<Entry> entries);

  /** Replaces the hard state. */
  void setHardState(HardState state);

  /**
   * Installs a snapshot received from the leader: the whole log is replaced by it (the log
   * becomes empty after {@code snapshot.index()}).
   */
  void applySnapshot(Snapshot snapshot);

  /**
   * Records a snapshot the application took of its own state at {@code snapshot.index()}, which
   * must be a held index not older than the current snapshot; entries are left as they are.
   *
   * @throws IllegalArgumentException when the index is not held or the term disagrees with the log
   */
  void saveSnapshot(Snapshot snapshot);

  /**
   * Drops entries up to and including {@code throughIndex}, which must not pass the snapshot's index.
   *
   * @throws IllegalArgumentException when {@code throughIndex} is beyond the snapshot or the log
   */
  void compact(long throughIndex);

  /** Makes every write so far durable; a crash after it loses none of them. */
  void sync();
}
