package io.cairn.bench.contracts;

import io.cairn.chain.contract.BlockExecutor;
import io.cairn.chain.contract.BlockResult;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.ReceiptStatus;
import io.cairn.chain.contract.StateReader;
import io.cairn.chain.contract.builtin.BuiltIns;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The machine's ceiling measured inside the executors' own rounds (session 17): {@code copies}
 * independent copies of the serial executor's loop at once, one per thread, each on a whole block
 * of its own (the round's size, its own draws) that its own thread built just before the clock
 * started, as the serial configuration's block is built on the measuring thread. No executor, no
 * plan, no hand-off of calls, nothing shared but the read-only state: {@code copies} blocks in the
 * wall time it takes, so its transfers/s over serial's is what {@code copies} busy CPUs of this
 * machine give for this work, in the same minutes as the executors it bounds. Copy 0 runs on the
 * measuring thread on the round's own block, so its result is checked against serial's like every
 * executor's; every other copy's block must succeed call for call.
 *
 * <p>Unlike {@link ParallelCeiling}'s {@code transfers*} kernels (slices of one block, measured
 * before the executors in rounds of their own), a copy runs exactly the serial configuration's
 * work: a whole block, its overlay sized for the whole block, its receipts and result.
 *
 * <p>Thread-safety: one measuring thread calls {@link #prepare} and {@link #execute} in turn.
 */
final class SerialCopies implements AutoCloseable {
  /** How long the measuring thread spins for the other copies before it parks a little at a time. */
  private static final long SPIN_NANOS = 50_000;

  private static final int IDLE = 0;
  private static final int BUILD = 1;
  private static final int BUILT = 2;
  private static final int RUN = 3;
  private static final int DONE = 4;
  private static final int CLOSED = 5;

  private static final java.lang.invoke.VarHandle STATE;

  static {
    try {
      STATE = java.lang.invoke.MethodHandles.lookup().findVarHandle(Copy.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int copies;
  private final BlockExecutor serial = BlockExecutor.serial(BuiltIns.codeBook());
  private final Copy[] others;

  /** {@code copies} (at least 2) copies; the {@code copies - 1} threads beside the measuring one start here. */
  SerialCopies(int copies) {
    if (copies < 2) {
      throw new IllegalArgumentException("copies must be at least 2, was " + copies);
    }
    this.copies = copies;
    this.others = new Copy[copies - 1];
    for (int k = 1; k < copies; k++) {
      others[k - 1] = new Copy(k);
      others[k - 1].thread.start();
    }
  }

  int copies() {
    return copies;
  }

  /**
   * Has every copy but the first build its block, {@code blocks.apply(k)} for copy {@code k}, on
   * its own thread, and returns when all are built (untimed). The copies then spin until {@link
   * #execute} starts them.
   */
  void prepare(IntFunction<List<ContractCall>> blocks, StateReader store) {
    for (Copy copy : others) {
      copy.builder = blocks;
      copy.store = store;
      copy.state = BUILD;
      LockSupport.unpark(copy.thread);
    }
    for (Copy copy : others) {
      while (copy.state == BUILD) {
        LockSupport.parkNanos(20_000);
      }
      copy.rethrow();
    }
  }

  /**
   * Runs {@code block} on this thread and every other copy's block on its own, at once; returns
   * this thread's result once every copy finished.
   */
  BlockResult execute(List<ContractCall> block, StateReader store) {
    for (Copy copy : others) {
      if (copy.state != BUILT) {
        throw new IllegalStateException("copy " + copy.index + " was not prepared");
      }
      copy.state = RUN;
    }
    BlockResult mine = serial.execute(block, store);
    long spunFrom = System.nanoTime();
    for (Copy copy : others) {
      while (copy.state == RUN) {
        if (System.nanoTime() - spunFrom < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(1_000);
        }
      }
      copy.rethrow();
    }
    return mine;
  }

  @Override
  public void close() {
    for (Copy copy : others) {
      copy.state = CLOSED;
      LockSupport.unpark(copy.thread);
    }
    for (Copy copy : others) {
      try {
        copy.thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    serial.close();
  }

  /** One copy beside the measuring thread's: its thread and the block it built. */
  private final class Copy implements Runnable {
    final int index;
    final Thread thread;
    volatile int state = IDLE;
    volatile IntFunction<List<ContractCall>> builder;
    volatile StateReader store;
    private volatile RuntimeException failure;

    Copy(int index) {
      this.index = index;
      this.thread = Thread.ofPlatform().daemon().name("serial-copy-" + index).unstarted(this);
    }

    @Override
    public void run() {
      while (true) {
        while (state != BUILD && state != CLOSED) {
          LockSupport.park(this);
        }
        if (state == CLOSED) {
          return;
        }
        List<ContractCall> block = null;
        try {
          block = builder.apply(index);
        } catch (RuntimeException e) {
          failure = e;
        }
        advance(BUILD, BUILT);
        while (state == BUILT) {
          Thread.onSpinWait(); // untimed: the measuring thread builds its own block meanwhile
        }
        if (state == CLOSED) {
          return;
        }
        try {
          if (block != null) {
            BlockResult result = serial.execute(block, store);
            if (result.count(ReceiptStatus.OK) != block.size()) {
              throw new IllegalStateException("a transfer of serial copy " + index + " failed: "
                  + result.receipts().stream().filter(r -> r.status() != ReceiptStatus.OK).findFirst().orElseThrow());
            }
          }
        } catch (RuntimeException e) {
          failure = e;
        }
        advance(RUN, DONE);
      }
    }

    /**
     * Moves from {@code from} to {@code to} unless {@link #close} moved the copy to CLOSED
     * meanwhile: a plain write would overwrite CLOSED, and the copy would then park for good with
     * the closing thread joining it (session 21: a fork whose measuring thread failed while a copy
     * ran hung in {@code close}).
     */
    private void advance(int from, int to) {
      STATE.compareAndSet(this, from, to);
    }

    void rethrow() {
      RuntimeException failed = failure;
      if (failed != null) {
        failure = null;
        throw failed;
      }
    }
  }
}
