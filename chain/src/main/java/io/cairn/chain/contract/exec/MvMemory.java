package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.StateKey;
import io.cairn.chain.contract.StateReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Block-STM's multi-version memory: for each key, the value each call's latest incarnation wrote,
 * or an ESTIMATE where that incarnation was aborted. A read by call {@code j} sees the entry of
 * the highest call below {@code j}, or the base state when there is none, and records which
 * version it saw; validation re-reads and requires the same versions.
 *
 * <p>Thread-safety: safe for the executor's workers; each call's own fields are written only by
 * the worker that holds that call's incarnation (the scheduler guarantees one at a time).
 */
final class MvMemory {
  /** The version of a read served by the base state. */
  static final long BASE = -1;

  /** One entry: incarnation and value ({@link CallView#DELETED} for a deletion), or an estimate. */
  private record Cell(int incarnation, byte[] value, boolean estimate) {}

  /** A read and the version it saw: {@code call << 32 | incarnation}, or {@link #BASE}. */
  record Read(StateKey key, long version) {}

  private final StateReader base;
  private final Map<StateKey, ConcurrentSkipListMap<Integer, Cell>> data = new ConcurrentHashMap<>();
  private final AtomicReferenceArray<Set<StateKey>> lastWritten;
  private final AtomicReferenceArray<List<Read>> lastReads;

  MvMemory(StateReader base, int calls) {
    this.base = base;
    this.lastWritten = new AtomicReferenceArray<>(calls);
    this.lastReads = new AtomicReferenceArray<>(calls);
  }

  /** A read source for incarnation of call {@code call} that records what it reads in {@code reads}. */
  ReadSource reader(int call, List<Read> reads) {
    return key -> {
      ConcurrentSkipListMap<Integer, Cell> versions = data.get(key);
      Map.Entry<Integer, Cell> entry = versions == null ? null : versions.lowerEntry(call);
      if (entry == null) {
        reads.add(new Read(key, BASE));
        return base.get(key);
      }
      Cell cell = entry.getValue();
      if (cell.estimate) {
        throw new ReadBlocked(entry.getKey());
      }
      reads.add(new Read(key, version(entry.getKey(), cell.incarnation)));
      return cell.value == CallView.DELETED ? null : cell.value;
    };
  }

  /**
   * Records incarnation {@code incarnation} of {@code call}: its reads and writes. Keys the
   * previous incarnation wrote and this one did not are removed. Returns whether it wrote a key
   * the previous incarnation did not (later calls must then be validated again).
   */
  boolean record(int call, int incarnation, List<Read> reads, Map<StateKey, byte[]> writes) {
    lastReads.set(call, reads);
    Set<StateKey> previous = lastWritten.get(call);
    boolean wroteNew = false;
    for (Map.Entry<StateKey, byte[]> write : writes.entrySet()) {
      data.computeIfAbsent(write.getKey(), key -> new ConcurrentSkipListMap<>())
          .put(call, new Cell(incarnation, write.getValue(), false));
      wroteNew |= previous == null || !previous.contains(write.getKey());
    }
    if (previous != null) {
      for (StateKey key : previous) {
        if (!writes.containsKey(key)) {
          data.get(key).remove(call);
        }
      }
    }
    lastWritten.set(call, Set.copyOf(writes.keySet()));
    return wroteNew;
  }

  /** Turns the latest writes of aborted {@code call} into estimates, so readers wait for it. */
  void markEstimates(int call) {
    Set<StateKey> written = lastWritten.get(call);
    if (written == null) {
      return;
    }
    for (StateKey key : written) {
      data.get(key).computeIfPresent(call, (index, cell) -> new Cell(cell.incarnation, cell.value, true));
    }
  }

  /** Whether every read of {@code call}'s latest incarnation would see the same version now. */
  boolean validate(int call) {
    List<Read> reads = lastReads.get(call);
    for (Read read : reads) {
      ConcurrentSkipListMap<Integer, Cell> versions = data.get(read.key);
      Map.Entry<Integer, Cell> entry = versions == null ? null : versions.lowerEntry(call);
      if (entry == null) {
        if (read.version != BASE) {
          return false;
        }
      } else if (entry.getValue().estimate || read.version != version(entry.getKey(), entry.getValue().incarnation)) {
        return false;
      }
    }
    return true;
  }

  /** The keys {@code call}'s latest incarnation wrote (empty when it never ran or failed). */
  Set<StateKey> written(int call) {
    Set<StateKey> keys = lastWritten.get(call);
    return keys == null ? Set.of() : keys;
  }

  static List<Read> newReadSet() {
    return new ArrayList<>(8);
  }

  private static long version(int call, int incarnation) {
    return ((long) call << 32) | incarnation;
  }
}
