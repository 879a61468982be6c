package io.cairn.kraft.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link LogStorage} held in memory. Every write is "durable" at once ({@link #sync()} does
 * nothing), so it suits tests and drivers that persist elsewhere; the simulator wraps it to model
 * what an fsync has or has not reached.
 *
 * <p>Thread-safety: not thread-safe.
 */
public final class MemoryLogStorage implements LogStorage {
  private HardState hardState = HardState.EMPTY;
  private Snapshot snapshot = Snapshot.EMPTY;
  private long compactedIndex;
  private long compactedTerm;
  private final ArrayList<Entry> entries = new ArrayList<>();

  /** An empty storage: no entries, no snapshot, empty hard state. */
  public MemoryLogStorage() {}

  /** An independent copy of {@code other} (entries and byte arrays are shared: they are immutable). */
  public static MemoryLogStorage copyOf(MemoryLogStorage other) {
    MemoryLogStorage copy = new MemoryLogStorage();
    copy.hardState = other.hardState;
    copy.snapshot = other.snapshot;
    copy.compactedIndex = other.compactedIndex;
    copy.compactedTerm = other.compactedTerm;
    copy.entries.addAll(other.entries);
    return copy;
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
    return compactedIndex + entries.size();
  }

  @Override
  public long term(long index) {
    if (index == compactedIndex) {
      return compactedTerm;
    }
    checkHeld(index);
    return entries.get((int) (index - compactedIndex - 1)).term();
  }

  @Override
  public List<Entry> entries(long from, long to, long maxBytes) {
    if (from < firstIndex() || to > lastIndex() + 1 || from > to) {
      throw new IllegalArgumentException(
          "entries [" + from + ", " + to + ") outside [" + firstIndex() + ", " + (lastIndex() + 1) + ")");
    }
    List<Entry> result = new ArrayList<>((int) Math.min(to - from, 64));
    long bytes = 0;
    for (long index = from; index < to; index++) {
      Entry entry = entries.get((int) (index - compactedIndex - 1));
      bytes += entry.sizeBytes();
      if (!result.isEmpty() && bytes > maxBytes) {
        break;
      }
      result.add(entry);
    }
    return result;
  }

  @Override
  public void append(List<Entry> newEntries) {
    if (newEntries.isEmpty()) {
      return;
    }
    long first = newEntries.getFirst().index();
    if (first < firstIndex() || first > lastIndex() + 1) {
      throw new IllegalArgumentException(
          "append at " + first + " outside [" + firstIndex() + ", " + (lastIndex() + 1) + "]");
    }
    entries.subList((int) (first - compactedIndex - 1), entries.size()).clear();
    for (int i = 0; i < newEntries.size(); i++) {
      Entry entry = newEntries.get(i);
      if (entry.index() != first + i) {
        throw new IllegalArgumentException("entries are not consecutive at " + entry.index());
      }
      entries.add(entry);
    }
  }

  @Override
  public void setHardState(HardState state) {
    hardState = Objects.requireNonNull(state, "state");
  }

  @Override
  public void applySnapshot(Snapshot newSnapshot) {
    snapshot = Objects.requireNonNull(newSnapshot, "snapshot");
    compactedIndex = newSnapshot.index();
    compactedTerm = newSnapshot.term();
    entries.clear();
  }

  @Override
  public void saveSnapshot(Snapshot newSnapshot) {
    long index = newSnapshot.index();
    if (index < snapshot.index()) {
      throw new IllegalArgumentException("snapshot at " + index + " is older than the one at " + snapshot.index());
    }
    if (index < compactedIndex || index > lastIndex() || term(index) != newSnapshot.term()) {
      throw new IllegalArgumentException("snapshot at " + index + "@" + newSnapshot.term() + " does not match the log");
    }
    snapshot = newSnapshot;
  }

  @Override
  public void compact(long throughIndex) {
    if (throughIndex <= compactedIndex) {
      return;
    }
    if (throughIndex > snapshot.index() || throughIndex > lastIndex()) {
      throw new IllegalArgumentException("cannot compact through " + throughIndex + " past snapshot "
          + snapshot.index() + " or last index " + lastIndex());
    }
    long term = term(throughIndex);
    entries.subList(0, (int) (throughIndex - compactedIndex)).clear();
    compactedIndex = throughIndex;
    compactedTerm = term;
  }

  @Override
  public void sync() {
    // Memory is as durable as this storage gets.
  }

  private void checkHeld(long index) {
    if (index < compactedIndex || index > lastIndex()) {
      throw new IllegalArgumentException(
          "index " + index + " outside [" + compactedIndex + ", " + lastIndex() + "]");
    }
  }
}
