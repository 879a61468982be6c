package io.cairn.pmem.backend;

import java.lang.foreign.Arena;

/** Closing a shared arena that may briefly be held by a native call in flight. */
final class Arenas {
  private static final long WAIT_NANOS_MAX = 10_000_000_000L;

  private Arenas() {}

  /**
   * Closes {@code arena}, waiting while a downcall that was passed one of its segments is still
   * running (the JDK keeps the arena alive for the call and refuses to close it meanwhile). An
   * arena already closed is left alone.
   *
   * @throws IllegalStateException when it is still held after ten seconds
   */
  static void close(Arena arena) {
    long deadline = System.nanoTime() + WAIT_NANOS_MAX;
    while (arena.scope().isAlive()) {
      try {
        arena.close();
        return;
      } catch (IllegalStateException heldOrClosed) {
        if (System.nanoTime() - deadline > 0) {
          throw heldOrClosed;
        }
        Thread.onSpinWait();
      }
    }
  }
}
