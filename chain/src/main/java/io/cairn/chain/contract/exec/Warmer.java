package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.AccessSet;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.StateKey;
import io.cairn.chain.contract.StateReader;
import java.util.List;

/**
 * Reads ahead, just before a batch of calls runs, the memory their declared keys will make them
 * wait for (session 21): for each key, the slot of the base state's table it is looked for in
 * ({@link StateReader#warm}) and the slot of the write buffer the batch runs into; for each call,
 * its caller's key, which a call that touches the caller's account copies. A call's run is a chain
 * of dependent steps, so each cache miss in it stalls the call; a pass over a batch's keys has no
 * such chain, so the core overlaps the batch's misses, and the calls then find those lines in its
 * cache. A profile of the declared executor at 1 % conflicts (async-profiler, one JVM) put 37 % of
 * its samples in the base-state look-up and the buffer's, and 15 % in copying the caller's key.
 *
 * <p>Only reads: what any call reads or writes is unchanged, and so is every result. A call that
 * declares no sets (or a deployment) is passed over: its keys are not known before it runs. The
 * batch is a {@link #BATCH} of calls, few enough that its lines stay in a core's second-level cache
 * until its calls run (a transfer's lines are a few hundred bytes).
 *
 * <p>The namespaces are the {@link CallRunner}'s, which its calls use: this keeps only the last
 * one it was given. Thread-safety: one per thread (and per block: a serial executor's blocks may
 * run on several threads at once).
 */
final class Warmer {
  /** Calls warmed at a time, ahead of running them. */
  static final int BATCH = 128;

  private final CallRunner runner;
  private String contract;
  private StateKey.Namespace namespace;
  /** What the reads gave: kept, so that they are not left out as unused. */
  private long kept;

  /** Reads ahead for the calls {@code runner} runs. */
  Warmer(CallRunner runner) {
    this.runner = runner;
  }

  /**
   * Reads ahead for calls {@code from..to-1} of {@code calls}, whose writes go into {@code buffer}
   * (null: none) over {@code base}.
   */
  void warm(List<ContractCall> calls, int from, int to, StateTable buffer, StateReader base) {
    long sum = 0;
    for (int i = from; i < to; i++) {
      sum += warm(calls.get(i), buffer, null, base);
    }
    kept += sum;
  }

  /**
   * Reads ahead for the calls {@code indexes[from..to-1]} of {@code calls}, which read the buffers
   * {@code buffers} over {@code base} (the deferred calls after the join).
   */
  void warm(List<ContractCall> calls, int[] indexes, int from, int to, List<StateTable> buffers, StateReader base) {
    long sum = 0;
    for (int d = from; d < to; d++) {
      sum += warm(calls.get(indexes[d]), null, buffers, base);
    }
    kept += sum;
  }

  private long warm(ContractCall call, StateTable buffer, List<StateTable> buffers, StateReader base) {
    AccessSet declared = call.declaredOrNull();
    if (declared == null || call.kind() != ContractCall.Kind.CALL) {
      return 0;
    }
    long sum = call.caller().first();
    StateKey.Namespace space = namespace(call.contract());
    for (int k = 0; k < declared.slots(); k++) {
      long hash = space.hashOf(declared.slotHash(k));
      sum += base.warm(hash);
      if (buffer != null) {
        sum += buffer.warm(hash);
      }
      for (int b = 0; buffers != null && b < buffers.size(); b++) {
        sum += buffers.get(b).warm(hash);
      }
    }
    return sum;
  }

  /** Whether this reads ahead for the calls of {@code runner}. */
  boolean readsAheadFor(CallRunner runner) {
    return this.runner == runner;
  }

  /** The runner's namespace of {@code name}, asked again only when the contract changes from call to call. */
  private StateKey.Namespace namespace(String name) {
    if (!name.equals(contract)) {
      namespace = runner.namespace(name);
      contract = name;
    }
    return namespace;
  }
}
