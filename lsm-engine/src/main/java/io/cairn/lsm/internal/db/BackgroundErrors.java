package io.cairn.lsm.internal.db;

import io.cairn.common.CairnException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What went wrong in the background, and what writers may do about it. Two kinds:
 *
 * <ul>
 *   <li>a <b>retryable</b> failure (an I/O error, say a full disk): the work is retried; a writer
 *       waiting for it asks for a retry at once and, when that retry fails too, gets the failure
 *       instead of waiting for room that may never come. Cleared by the next success;
 *   <li>a <b>fatal</b> failure, after which what is on disk is uncertain (a failed WAL sync,
 *       corruption found by a compaction, a MANIFEST edit of unknown fate): every later write is
 *       refused until the database is reopened. Never cleared; the first one is kept (it is the
 *       cause, later ones follow from it).
 * </ul>
 *
 * <p>Thread-safety: guarded by the database mutex.
 */
final class BackgroundErrors {
  private final ReentrantLock mutex;
  private CairnException retryable;
  private CairnException fatal;
  /** Background attempts (flushes, merges, compactions) finished so far, failed or not. */
  private long attempts;

  BackgroundErrors(ReentrantLock mutex) {
    this.mutex = mutex;
  }

  /** Throws the fatal failure, if any. */
  void checkWritable() {
    assert mutex.isHeldByCurrentThread();
    if (fatal != null) {
      throw fatal;
    }
  }

  /** The fatal failure, or null. */
  CairnException fatal() {
    assert mutex.isHeldByCurrentThread();
    return fatal;
  }

  /** Whether a fatal failure was recorded. */
  boolean isFatal() {
    assert mutex.isHeldByCurrentThread();
    return fatal != null;
  }

  /** The pending retryable failure, or null. */
  CairnException retryable() {
    assert mutex.isHeldByCurrentThread();
    return retryable;
  }

  /** Attempts finished so far: a writer compares it with its mark to see a retry finish. */
  long attempts() {
    assert mutex.isHeldByCurrentThread();
    return attempts;
  }

  /** Records a failure that leaves the state uncertain; writes are refused from now on. */
  void fail(CairnException failure) {
    assert mutex.isHeldByCurrentThread();
    assert failure != null;
    if (fatal == null) {
      fatal = failure;
    }
  }

  /** Records a background attempt that succeeded: a pending retryable failure is over. */
  void succeeded() {
    assert mutex.isHeldByCurrentThread();
    attempts++;
    retryable = null;
  }

  /** Records a background attempt that was cancelled (shutdown): neither success nor failure. */
  void cancelled() {
    assert mutex.isHeldByCurrentThread();
    attempts++;
  }

  /** Records a background attempt that failed, fatally or to be retried. */
  void failed(CairnException failure, boolean isFatal) {
    assert mutex.isHeldByCurrentThread();
    attempts++;
    if (isFatal) {
      fail(failure);
    } else {
      retryable = failure;
    }
  }
}
