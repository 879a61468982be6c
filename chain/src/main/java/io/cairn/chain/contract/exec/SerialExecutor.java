package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.BlockExecutor;
import io.cairn.chain.contract.BlockResult;
import io.cairn.chain.contract.CodeBook;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.Receipt;
import io.cairn.chain.contract.StateReader;
import java.util.List;

/**
 * The reference executor: each call in block order, reading the base state under the writes of
 * the calls before it. What every other executor is tested against. Since session 21 it reads
 * ahead for each batch of calls that declare their sets ({@link Warmer}).
 *
 * <p>Thread-safety: any number of blocks at once, on as many threads (it keeps no state of a
 * block: the bench's ceiling runs one executor's blocks on several threads).
 */
public final class SerialExecutor implements BlockExecutor {
  /** Most keys the overlay is sized for up front (a block of huge calls grows it as needed). */
  static final int OVERLAY_PRESIZE_MAX = 1 << 20;

  private final CallRunner runner;

  public SerialExecutor(CodeBook code) {
    this.runner = new CallRunner(code);
  }

  @Override
  public BlockResult execute(List<ContractCall> calls, StateReader base) {
    // Sized for two written keys per call (a transfer's), so that the block does not grow it as it
    // goes: growing moves every entry, and the copies are memory traffic of their own.
    StateTable overlay = new StateTable(Math.min(2 * calls.size() + 16, OVERLAY_PRESIZE_MAX), CallView.DELETED);
    ReadSource source = new Overlay(overlay, null, base);
    Receipt[] receipts = new Receipt[calls.size()];
    CallView view = new CallView(); // each call's writes move into the overlay at once
    Warmer warmer = new Warmer(runner); // one per block: blocks may run on several threads at once
    for (int i = 0; i < receipts.length; i++) {
      if (i % Warmer.BATCH == 0) { // calls that declare their sets: read ahead for the next batch (session 21)
        warmer.warm(calls, i, Math.min(receipts.length, i + Warmer.BATCH), overlay, base);
      }
      Receipt receipt = runner.run(calls.get(i), source, view);
      assert receipt != null : "the serial source never blocks";
      receipts[i] = receipt;
      view.kept().putInto(overlay);
    }
    return BlockResult.owning(receipts, Writes.of(overlay));
  }

  @Override
  public String name() {
    return "serial";
  }

  @Override
  public int threads() {
    return 1;
  }

  @Override
  public void close() {}
}
