package io.cairn.chain.contract.exec;

import java.util.concurrent.locks.LockSupport;

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
}
