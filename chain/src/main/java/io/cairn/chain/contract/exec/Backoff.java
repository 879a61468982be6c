package io.cairn.chain.contract.exec;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How an idle worker waits for work: spin briefly, then yield, then park for a few
 * microseconds, so that waiting threads do not steal the CPU from working ones on a busy machine.
 */
final class Backoff {
  private Backoff() {}

  /** Waits a little, longer as {@code idle} grows; returns the next idle count. */
  static int pause(int idle) {
    if (idle < 64) {
      Thread.onSpinWait();
    } else if (idle < 128) {
      Thread.yield();
    } else {
      LockSupport.parkNanos(20_000);
    }
    return idle + 1;
  }

  /**
   * Spins while {@code waiting} holds, for at most {@code nanos}; returns whether it still holds
   * (the caller then parks). A hand-off between two threads that are both running takes well under
   * a microsecond this way, where waking a parked thread takes tens of microseconds on a virtual
   * machine.
   */
  static boolean spinWhile(BooleanSupplier waiting, long nanos) {
    long until = System.nanoTime() + nanos;
    while (waiting.getAsBoolean()) {
      if (System.nanoTime() - until > 0) {
        return true;
      }
      Thread.onSpinWait();
    }
    return false;
  }
}
