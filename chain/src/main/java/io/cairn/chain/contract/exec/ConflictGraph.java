package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.AccessSet;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.StateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dependencies of a block's calls from their declared read/write sets (seed 001's model): an
 * edge {@code i -> j} ({@code i < j}) when {@code j} reads a key {@code i} was the last to write
 * (write/read), writes a key {@code i} wrote last (write/write), or writes a key {@code i} read
 * since that last write (read/write). Every call reads its contract's binding; a deployment
 * writes it. A call without declared sets is a barrier: it depends on every earlier call and
 * every later call depends on it. Running each call after its predecessors, in any interleaving,
 * gives each call the values serial execution gives it.
 *
 * <p>Built once per block by one thread; then read-only.
 */
final class ConflictGraph {
  private static final int[] NONE = new int[0];

  /** Successors of each call, ascending (duplicates possible, counted in {@link #predecessors}). */
  final int[][] successors;
  /** How many edges enter each call. */
  final int[] predecessors;

  private ConflictGraph(int[][] successors, int[] predecessors) {
    this.successors = successors;
    this.predecessors = predecessors;
  }

  /** Who touched a key since the last barrier: its last writer and the readers after it. */
  private static final class KeyState {
    int lastWriter = -1;
    int[] readers = NONE;
    int readerCount;

    void addReader(int call) {
      if (readerCount == readers.length) {
        readers = Arrays.copyOf(readers, Math.max(4, readers.length * 2));
      }
      readers[readerCount++] = call;
    }
  }

  static ConflictGraph of(List<ContractCall> calls) {
    int n = calls.size();
    Edges edges = new Edges(n);
    Map<StateKey, KeyState> keys = new HashMap<>();
    List<Integer> sinceBarrier = new ArrayList<>();
    int lastBarrier = -1;
    for (int j = 0; j < n; j++) {
      ContractCall call = calls.get(j);
      AccessSet declared = call.declared().orElse(null);
      if (declared == null) {
        for (int i : sinceBarrier) {
          edges.add(i, j);
        }
        if (lastBarrier >= 0 && sinceBarrier.isEmpty()) {
          edges.add(lastBarrier, j);
        }
        keys.clear();
        sinceBarrier.clear();
        lastBarrier = j;
        continue;
      }
      if (lastBarrier >= 0) {
        edges.add(lastBarrier, j);
      }
      sinceBarrier.add(j);
      StateKey binding = StateKey.binding(call.contract());
      boolean deploy = call.kind() == ContractCall.Kind.DEPLOY;
      List<StateKey> writes = new ArrayList<>(declared.writes().size() + 1);
      declared.writes().forEach(key -> writes.add(StateKey.of(call.contract(), key)));
      List<StateKey> reads = new ArrayList<>(declared.reads().size() + 1);
      declared.reads().forEach(key -> reads.add(StateKey.of(call.contract(), key)));
      (deploy ? writes : reads).add(binding);
      for (StateKey key : reads) {
        KeyState state = keys.computeIfAbsent(key, k -> new KeyState());
        if (state.lastWriter >= 0) {
          edges.add(state.lastWriter, j);
        }
      }
      for (StateKey key : writes) {
        KeyState state = keys.computeIfAbsent(key, k -> new KeyState());
        if (state.lastWriter >= 0) {
          edges.add(state.lastWriter, j);
        }
        for (int r = 0; r < state.readerCount; r++) {
          if (state.readers[r] != j) {
            edges.add(state.readers[r], j);
          }
        }
        state.lastWriter = j;
        state.readerCount = 0;
      }
      for (StateKey key : reads) {
        KeyState state = keys.get(key);
        if (state.lastWriter != j) {
          state.addReader(j);
        }
      }
    }
    return edges.graph();
  }

  /** Adjacency lists under construction. */
  private static final class Edges {
    private final int[][] successors;
    private final int[] counts;
    private final int[] predecessors;

    Edges(int n) {
      successors = new int[n][];
      counts = new int[n];
      predecessors = new int[n];
      Arrays.fill(successors, NONE);
    }

    void add(int from, int to) {
      assert from < to : from + " -> " + to;
      int[] list = successors[from];
      if (counts[from] > 0 && list[counts[from] - 1] == to) {
        return; // the same pair again (two shared keys): one edge is enough
      }
      if (counts[from] == list.length) {
        list = Arrays.copyOf(list, Math.max(4, list.length * 2));
        successors[from] = list;
      }
      list[counts[from]++] = to;
      predecessors[to]++;
    }

    ConflictGraph graph() {
      for (int i = 0; i < successors.length; i++) {
        successors[i] = Arrays.copyOf(successors[i], counts[i]);
      }
      return new ConflictGraph(successors, predecessors);
    }
  }
}
