package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.BlockResult;
import io.cairn.chain.contract.CodeBook;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.Receipt;
import io.cairn.chain.contract.StateKey;
import io.cairn.chain.contract.StateReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Optimistic parallel execution (Block-STM): every worker takes tasks from the {@link
 * StmScheduler}; an execution task runs a call speculatively over the {@link MvMemory} and
 * records its reads and writes, a validation task re-checks a call's reads and aborts it when one
 * changed (its writes become ESTIMATEs, so later readers wait instead of reading a value about to
 * change). When the scheduler is done, every call's latest incarnation read exactly what serial
 * execution reads, so the receipts and the writes applied in block order equal the serial
 * result. Speculation may see inconsistent state: whatever it throws is that incarnation's output
 * and is thrown away when validation fails.
 */
public final class BlockStmExecutor extends ParallelExecutor {
  public BlockStmExecutor(CodeBook code, int threads) {
    super("block-stm", code, threads);
  }

  @Override
  public BlockResult execute(List<ContractCall> calls, StateReader base) {
    Run run = new Run(calls, base);
    workers.runOnAll(run::work);
    List<Receipt> receipts = new ArrayList<>(calls.size());
    StateTable writes = new StateTable(2 * calls.size() + 16, CallView.DELETED);
    for (int i = 0; i < calls.size(); i++) {
      Outcome outcome = run.outcomes.get(i);
      receipts.add(outcome.receipt());
      outcome.writes().putInto(writes); // in block order: the last writer of a key wins
    }
    return new BlockResult(receipts, Writes.of(writes));
  }

  /** One block's shared execution state. */
  private final class Run {
    final List<ContractCall> calls;
    final MvMemory memory;
    final StmScheduler scheduler;
    final AtomicReferenceArray<Outcome> outcomes;
    volatile boolean failed;

    Run(List<ContractCall> calls, StateReader base) {
      this.calls = calls;
      this.memory = new MvMemory(base, calls.size());
      this.scheduler = new StmScheduler(calls.size());
      this.outcomes = new AtomicReferenceArray<>(calls.size());
    }

    void work() {
      try {
        StmScheduler.Task task = null;
        int idle = 0;
        while (!scheduler.done() && !failed) {
          if (task != null) {
            task = task.validation() ? validate(task) : execute(task);
            idle = 0;
          } else {
            task = scheduler.next();
            if (task == null) {
              idle = Backoff.pause(idle);
            }
          }
        }
      } catch (RuntimeException | Error e) {
        failed = true;
        throw e;
      }
    }

    private StmScheduler.Task execute(StmScheduler.Task task) {
      while (true) {
        MvMemory.ReadSet reads = MvMemory.newReadSet();
        Outcome outcome = runner.run(calls.get(task.call()), memory.reader(task.call(), reads));
        if (outcome.blocked()) {
          if (scheduler.addDependency(task.call(), outcome.blocker())) {
            return null;
          }
          continue; // the blocker finished meanwhile: run again at once
        }
        outcomes.set(task.call(), outcome);
        boolean wroteNew = memory.record(task.call(), task.incarnation(), reads, outcome.writes());
        return scheduler.finishExecution(task, wroteNew);
      }
    }

    private StmScheduler.Task validate(StmScheduler.Task task) {
      boolean aborted = !memory.validate(task.call()) && scheduler.tryAbort(task);
      if (aborted) {
        memory.markEstimates(task.call());
      }
      return scheduler.finishValidation(task, aborted);
    }
  }
}
