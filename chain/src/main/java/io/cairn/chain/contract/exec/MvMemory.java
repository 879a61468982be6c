package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.StateKey;
import io.cairn.chain.contract.StateReader;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Block-STM's multi-version memory: for each key a {@link VersionList} with the value each call's
 * latest incarnation wrote, or an ESTIMATE where that incarnation was aborted. A read by call
 * {@code j} sees the entry of the highest call below {@code j}, or the base state when there is
 * none, and records which version it saw (and the key's list, so validation needs no second map
 * look-up); validation re-reads and requires the same versions.
 *
 * <p>Each key's list is created once per block (the map interns the key); per call the latest
 * incarnation's reads ({@link ReadSet}) and written lists are kept in arrays indexed by call.
 *
 * <p>Thread-safety: safe for the executor's workers; each call's own slots are written only by the
 * worker that holds that call's incarnation (the scheduler guarantees one at a time), and
 * published to validators through the scheduler's per-call lock.
 */
final class MvMemory {
  /** The version of a read served by the base state. */
  static final long BASE = VersionList.NONE;
  private static final VersionList[] NO_LISTS = new VersionList[0];

  /** The reads of one incarnation: each key's list (null: no list existed) and the version seen. */
  static final class ReadSet {
    private StateKey[] keys = new StateKey[4];
    private VersionList[] lists = new VersionList[4];
    private long[] versions = new long[4];
    private int size;

    void add(StateKey key, VersionList list, long version) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, 2 * size);
        lists = Arrays.copyOf(lists, 2 * size);
        versions = Arrays.copyOf(versions, 2 * size);
      }
      keys[size] = key;
      lists[size] = list;
      versions[size++] = version;
    }
  }

  private final StateReader base;
  private final Map<StateKey, VersionList> data = new ConcurrentHashMap<>();
  private final ReadSet[] lastReads;
  private final VersionList[][] lastWritten;
  private final StateKey[][] lastWrittenKeys;

  MvMemory(StateReader base, int calls) {
    this.base = base;
    this.lastReads = new ReadSet[calls];
    this.lastWritten = new VersionList[calls][];
    this.lastWrittenKeys = new StateKey[calls][];
  }

  /** A read source for an incarnation of call {@code call} that records what it reads in {@code reads}. */
  ReadSource reader(int call, ReadSet reads) {
    byte[][] value = new byte[1][];
    return key -> {
      VersionList versions = data.get(key);
      long version = versions == null ? VersionList.NONE : versions.read(call, value);
      if (version == VersionList.NONE) {
        reads.add(key, versions, BASE);
        return base.get(key);
      }
      if (version < VersionList.NONE) {
        throw new ReadBlocked((int) (-2 - version));
      }
      reads.add(key, versions, version);
      return value[0] == CallView.DELETED ? null : value[0];
    };
  }

  /**
   * Records incarnation {@code incarnation} of {@code call}: its reads and writes. Keys the
   * previous incarnation wrote and this one did not are removed. Returns whether it wrote a key
   * the previous incarnation did not (later calls must then be validated again).
   */
  boolean record(int call, int incarnation, ReadSet reads, CallWrites writes) {
    lastReads[call] = reads;
    StateKey[] previous = lastWrittenKeys[call];
    VersionList[] previousLists = lastWritten[call];
    VersionList[] lists = writes.isEmpty() ? NO_LISTS : new VersionList[writes.size()];
    StateKey[] keys = writes.isEmpty() ? new StateKey[0] : new StateKey[writes.size()];
    boolean wroteNew = false;
    for (int i = 0; i < writes.size(); i++) {
      VersionList list = data.computeIfAbsent(writes.key(i), key -> new VersionList());
      list.write(call, incarnation, writes.value(i));
      keys[i] = writes.key(i);
      lists[i] = list;
      wroteNew |= previous == null || !contains(previousLists, list);
    }
    if (previous != null) {
      for (int p = 0; p < previous.length; p++) {
        if (!writes.containsKey(previous[p])) {
          previousLists[p].remove(call);
        }
      }
    }
    lastWritten[call] = lists;
    lastWrittenKeys[call] = keys;
    return wroteNew;
  }

  private static boolean contains(VersionList[] lists, VersionList list) {
    for (VersionList candidate : lists) {
      if (candidate == list) {
        return true;
      }
    }
    return false;
  }

  /** Turns the latest writes of aborted {@code call} into estimates, so readers wait for it. */
  void markEstimates(int call) {
    VersionList[] written = lastWritten[call];
    if (written != null) {
      for (VersionList list : written) {
        list.markEstimate(call);
      }
    }
  }

  /** Whether every read of {@code call}'s latest incarnation would see the same version now. */
  boolean validate(int call) {
    ReadSet reads = lastReads[call];
    for (int r = 0; r < reads.size; r++) {
      VersionList list = reads.lists[r];
      if (list == null) {
        list = data.get(reads.keys[r]); // created since the read: a write may have come in below
        if (list == null) {
          continue;
        }
      }
      if (!list.sees(call, reads.versions[r])) {
        return false;
      }
    }
    return true;
  }

  static ReadSet newReadSet() {
    return new ReadSet();
  }
}
