package io.cairn.lsm.internal.version;

import io.cairn.lsm.internal.table.TableKind;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Which pmem Containers the live versions hold, derived from them: the one registry of Container
 * lifetime under key-value separation. A Container is the region of an NVMTable (its number is the
 * table's); it is held by the NVMTable's own file while a live version lists it in L0, and by every
 * SSTable of a live version whose value references name it ({@link ContainerRefs}). A {@link
 * Version} counts a file here when the file enters its first live version and uncounts it when the
 * file leaves its last, so a count is the number of live files that hold the Container.
 *
 * <p>When a count drops to zero the Container is <em>freed</em>: queued for the obsolete-file
 * deletion ({@link #pollFreed}), which deletes it. That happens only once a version that held it
 * was released, i.e. after the MANIFEST edit that dropped its last holder was synced, so a crash
 * never finds a listed reference to a deleted Container. Nothing is counted before it is written:
 * a Container written by a compaction that never commits is not freed here (the job deletes it;
 * an open after a crash deletes what no table lists or references).
 *
 * <p>Thread-safety: safe for concurrent use (versions are released on any thread).
 */
public final class LiveContainers {
  /** Live holders of one Container and the value bytes its live SSTables reference there. */
  private record Held(int files, long referencedBytes) {}

  private final Map<Long, Held> held = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Long> freed = new ConcurrentLinkedQueue<>();

  /** Counts {@code file}, which entered its first live version. */
  void acquire(FileMetaData file) {
    if (file.kind() == TableKind.NVMTABLE) {
      add(file.number(), 1, 0);
    }
    ContainerRefs refs = file.containerRefs();
    for (int i = 0; i < refs.size(); i++) {
      add(refs.container(i), 1, refs.bytes(i));
    }
  }

  /**
   * Uncounts {@code file}, which left its last live version; queues the Containers it was the
   * last holder of when {@code mayFree} (false when the version is abandoned in an unknown state:
   * its files, and the Containers they hold, are kept for the next open to sort out).
   */
  void release(FileMetaData file, boolean mayFree) {
    if (file.kind() == TableKind.NVMTABLE) {
      remove(file.number(), 0, mayFree);
    }
    ContainerRefs refs = file.containerRefs();
    for (int i = 0; i < refs.size(); i++) {
      remove(refs.container(i), refs.bytes(i), mayFree);
    }
  }

  private void add(long container, int files, long bytes) {
    held.merge(container, new Held(files, bytes), (a, b) -> new Held(a.files + b.files, a.referencedBytes + b.referencedBytes));
  }

  private void remove(long container, long bytes, boolean mayFree) {
    Held after = held.computeIfPresent(container, (number, now) -> {
      assert now.files > 0 : "container " + number + " released more often than acquired";
      return now.files == 1 ? null : new Held(now.files - 1, now.referencedBytes - bytes);
    });
    if (after == null && mayFree) {
      freed.add(container);
    }
  }

  /** Whether a live file holds {@code container}. */
  public boolean isLive(long container) {
    return held.containsKey(container);
  }

  /** Number of live files holding {@code container} (0 when none). */
  public int holders(long container) {
    Held now = held.get(container);
    return now == null ? 0 : now.files;
  }

  /** The live Containers' numbers (a snapshot). */
  public java.util.Set<Long> live() {
    return java.util.Set.copyOf(held.keySet());
  }

  /**
   * Value bytes the live SSTables reference in {@code container} (a value referenced by two live
   * SSTables, an old version's and a new one's, counts twice: an estimate).
   */
  public long referencedBytes(long container) {
    Held now = held.get(container);
    return now == null ? 0 : now.referencedBytes;
  }

  /** The next Container no live file holds any more, or null: the deleter's queue. */
  public Long pollFreed() {
    return freed.poll();
  }
}
