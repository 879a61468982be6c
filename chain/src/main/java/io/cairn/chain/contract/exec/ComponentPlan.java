package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.ContractCall;
import java.util.Arrays;
import java.util.List;

/**
 * Which thread runs each call of a run of calls with declared sets (seed 001's task-parallel
 * model, scheduled by conflict components rather than by edges):
 *
 * <ol>
 *   <li>each thread copies the declared keys' hashes of one stretch of the run out of the calls
 *       ({@link DeclaredKeys}); then every declared key is interned once by its 64-bit hash
 *       ({@link KeyTable}) and marked when some call of the run writes it, the keys split by hash
 *       into one {@link KeyPartition} per thread, each scanning all the stretches on its own
 *       thread, so the plan is not serial work in front of the execution;
 *   <li>a union-find over the calls joins every two calls that touch a key someone in the run
 *       writes (a key only read by the run joins nothing): the components are the sets of calls
 *       that may see each other's writes, and calls of different components touch disjoint
 *       written keys. Only the pairs the partitions listed are joined here (none at 0 %
 *       conflicts);
 *   <li>components are packed onto threads: the large ones first, each onto the least loaded
 *       thread; then the small ones in block order, filling one thread up to its share before the
 *       next, so each thread's calls are mostly one contiguous stretch of the block.
 * </ol>
 *
 * <p>A thread runs its calls in block order, so a component's calls run in block order on one
 * thread and each reads what serial execution gives it; what other threads write at the same
 * time are keys it does not touch. The contract: {@code owner(i)} is in {@code 0..threads()-1},
 * and calls sharing a written key have the same owner.
 *
 * <p>The arrays are reused from one run to the next. Thread-safety: built by one thread; after
 * {@link #plan} returns, {@link #owner} may be read from any thread that was started (or
 * released) after it.
 */
final class ComponentPlan {
  /** A component at least this share of a thread's calls (1/8) is packed first, whole. */
  private static final int LARGE_SHARE_SHIFT = 3;

  private KeyPartition[] partitions = new KeyPartition[0];
  private DeclaredKeys[] stretches = new DeclaredKeys[0];
  private int[] parent = new int[256];
  private int[] size = new int[256];
  private int[] assigned = new int[256];
  private int[] owner = new int[256];
  private int threads;
  private int[] callsOf = new int[0];

  /**
   * Plans calls {@code from..to-1} of {@code calls} (all declared, none a deployment) on up to
   * {@code maxThreads}: each of {@code maxThreads} threads of {@code workers} first collects the
   * keys of one stretch of the run, then scans all of them for one partition.
   */
  void plan(List<ContractCall> calls, int from, int to, int maxThreads, Workers workers) {
    int n = to - from;
    grow(n, maxThreads);
    workers.runOnAll(maxThreads, t -> stretches[t].collect(calls, from, stretchStart(from, n, t, maxThreads),
        stretchStart(from, n, t + 1, maxThreads)));
    workers.runOnAll(maxThreads, p -> partitions[p].scan(stretches, maxThreads, p, maxThreads));
    join(n, maxThreads);
    pack(n, maxThreads);
  }

  /** {@link #plan(List, int, int, int, Workers)} with the stretches and partitions done one after the other here. */
  void plan(List<ContractCall> calls, int from, int to, int maxThreads) {
    int n = to - from;
    grow(n, maxThreads);
    for (int t = 0; t < maxThreads; t++) {
      stretches[t].collect(calls, from, stretchStart(from, n, t, maxThreads), stretchStart(from, n, t + 1, maxThreads));
    }
    for (int p = 0; p < maxThreads; p++) {
      partitions[p].scan(stretches, maxThreads, p, maxThreads);
    }
    join(n, maxThreads);
    pack(n, maxThreads);
  }

  /** Where stretch {@code t} of {@code count} of the run of {@code n} calls from {@code from} starts. */
  private static int stretchStart(int from, int n, int t, int count) {
    return from + (int) ((long) n * t / count);
  }

  /** Threads that got calls (1..maxThreads). */
  int threads() {
    return threads;
  }

  /** How many calls thread {@code thread} got. */
  int calls(int thread) {
    return callsOf[thread];
  }

  /** The thread of call {@code from + index}. */
  int owner(int index) {
    return owner[index];
  }

  /** The union-find over the calls: every pair the partitions listed joined. */
  private void join(int n, int partitionCount) {
    for (int c = 0; c < n; c++) {
      parent[c] = c;
    }
    for (int p = 0; p < partitionCount; p++) {
      KeyPartition partition = partitions[p];
      for (int i = 0; i < partition.pairs(); i++) {
        union(partition.first(i), partition.second(i));
      }
    }
  }

  private void pack(int n, int maxThreads) {
    int components = 0;
    for (int c = 0; c < n; c++) {
      size[c] = 0;
      assigned[c] = -1;
    }
    for (int c = 0; c < n; c++) {
      int root = find(c);
      parent[c] = root;
      if (size[root]++ == 0) {
        components++;
      }
    }
    int target = (n + maxThreads - 1) / maxThreads;
    long[] load = new long[maxThreads];
    int large = Math.max(2, target >> LARGE_SHARE_SHIFT);
    if (components < n) { // some component has more than one call
      packLarge(n, large, load);
    }
    int thread = 0;
    for (int c = 0; c < n; c++) {
      int root = parent[c];
      if (assigned[root] < 0) {
        while (thread < maxThreads - 1 && load[thread] >= target) {
          thread++;
        }
        assigned[root] = thread;
        load[thread] += size[root];
      }
      owner[c] = assigned[root];
    }
    threads = 0;
    for (long calls : load) {
      threads += calls > 0 ? 1 : 0;
    }
    assert threads >= 1 || n == 0;
    if (threads < maxThreads) {
      compact(n, load);
    }
    callsOf = new int[threads];
    for (int c = 0; c < n; c++) {
      callsOf[owner[c]]++;
    }
  }

  /** Components of at least {@code large} calls, largest first, each onto the least loaded thread. */
  private void packLarge(int n, int large, long[] load) {
    int count = 0;
    for (int c = 0; c < n; c++) {
      if (parent[c] == c && size[c] >= large) {
        count++;
      }
    }
    long[] bySize = new long[count];
    int i = 0;
    for (int c = 0; c < n; c++) {
      if (parent[c] == c && size[c] >= large) {
        bySize[i++] = ((long) (Integer.MAX_VALUE - size[c]) << 32) | c;
      }
    }
    Arrays.sort(bySize);
    for (long entry : bySize) {
      int root = (int) entry;
      int least = 0;
      for (int t = 1; t < load.length; t++) {
        if (load[t] < load[least]) {
          least = t;
        }
      }
      assigned[root] = least;
      load[least] += size[root];
    }
  }

  /** Renumbers the used threads 0..threads-1 (a run with fewer components than threads). */
  private void compact(int n, long[] load) {
    int[] renumber = new int[load.length];
    int next = 0;
    for (int t = 0; t < load.length; t++) {
      renumber[t] = load[t] > 0 ? next++ : -1;
    }
    for (int c = 0; c < n; c++) {
      owner[c] = renumber[owner[c]];
    }
  }

  private int find(int c) {
    while (parent[c] != c) {
      parent[c] = parent[parent[c]]; // path halving
      c = parent[c];
    }
    return c;
  }

  private void union(int a, int b) {
    int ra = find(a);
    int rb = find(b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb); // the root is the component's first call
    }
  }

  private void grow(int n, int partitionCount) {
    if (n > parent.length) {
      int grown = Math.max(n, 2 * parent.length);
      parent = new int[grown];
      size = new int[grown];
      assigned = new int[grown];
      owner = new int[grown];
    }
    if (partitionCount > partitions.length) {
      int had = partitions.length;
      partitions = Arrays.copyOf(partitions, partitionCount);
      stretches = Arrays.copyOf(stretches, partitionCount);
      for (int p = had; p < partitionCount; p++) {
        partitions[p] = new KeyPartition();
        stretches[p] = new DeclaredKeys();
      }
    }
  }
}
