package io.cairn.chain.contract.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Block-STM's collaborative scheduler (Gelashvili et al., PPoPP 2023, arXiv 2203.06871 §4):
 * two shared indexes, the next call to execute and the next to validate; a worker takes the task
 * of the lower one. Each call moves READY -> EXECUTING -> EXECUTED -> ABORTING -> READY with the
 * next incarnation; an incarnation is aborted at most once. A call that reads an ESTIMATE waits
 * as a dependency of the call that wrote it and is released when that call has executed again.
 * An abort of {@code j} sends validation back to {@code j + 1}; an execution that wrote a new key
 * sends it back to {@code j}. The block is done when both indexes passed the end, no task is
 * active, and no index went down meanwhile.
 *
 * <p>Task accounting: every task a worker holds counts once in {@link #active}; it is given up
 * exactly when a method returns no follow-up task.
 *
 * <p>Thread-safety: all methods may be called by every worker; each call's status and
 * dependents are guarded by that call's lock.
 */
final class StmScheduler {
  enum Status { READY, EXECUTING, EXECUTED, ABORTING }

  /** A task: execute or validate incarnation {@code incarnation} of call {@code call}. */
  record Task(int call, int incarnation, boolean validation) {}

  private final int size;
  private final AtomicInteger executionIndex = new AtomicInteger();
  private final AtomicInteger validationIndex = new AtomicInteger();
  private final AtomicLong decreases = new AtomicLong();
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean done;
  private final Object[] locks;
  private final Status[] status;
  private final int[] incarnation;
  /** Calls waiting for each call to execute again; null when none (allocated on first need). */
  private final List<List<Integer>> dependents;

  StmScheduler(int size) {
    this.size = size;
    this.locks = new Object[size];
    this.status = new Status[size];
    this.incarnation = new int[size];
    this.dependents = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      locks[i] = new Object();
      status[i] = Status.READY;
      dependents.add(null);
    }
    if (size == 0) {
      done = true;
    }
  }

  boolean done() {
    return done;
  }

  /** The next task, or null when there is none right now. */
  Task next() {
    if (validationIndex.get() < executionIndex.get()) {
      return nextValidation();
    }
    return nextExecution();
  }

  private Task nextValidation() {
    if (validationIndex.get() >= size) {
      checkDone();
      return null;
    }
    active.incrementAndGet();
    int call = validationIndex.getAndIncrement();
    if (call < size) {
      synchronized (locks[call]) {
        if (status[call] == Status.EXECUTED) {
          return new Task(call, incarnation[call], true);
        }
      }
    }
    active.decrementAndGet();
    return null;
  }

  private Task nextExecution() {
    if (executionIndex.get() >= size) {
      checkDone();
      return null;
    }
    active.incrementAndGet();
    Task task = tryIncarnate(executionIndex.getAndIncrement());
    if (task == null) {
      active.decrementAndGet();
    }
    return task;
  }

  /** The execution task of {@code call} when it is READY (it becomes EXECUTING), else null. */
  private Task tryIncarnate(int call) {
    if (call < size) {
      synchronized (locks[call]) {
        if (status[call] == Status.READY) {
          status[call] = Status.EXECUTING;
          return new Task(call, incarnation[call], false);
        }
      }
    }
    return null;
  }

  private void checkDone() {
    long observed = decreases.get();
    if (Math.min(executionIndex.get(), validationIndex.get()) >= size && active.get() == 0
        && observed == decreases.get()) {
      done = true;
    }
  }

  /**
   * Call {@code call} read an ESTIMATE of {@code blocker}: it waits for {@code blocker} (returns
   * true, the task is given up) unless {@code blocker} has executed meanwhile (false: run again).
   */
  boolean addDependency(int call, int blocker) {
    assert blocker < call;
    synchronized (locks[blocker]) {
      if (status[blocker] == Status.EXECUTED) {
        return false;
      }
      synchronized (locks[call]) {
        assert status[call] == Status.EXECUTING : status[call];
        status[call] = Status.ABORTING;
      }
      if (dependents.get(blocker) == null) {
        dependents.set(blocker, new ArrayList<>(2));
      }
      dependents.get(blocker).add(call);
    }
    active.decrementAndGet();
    return true;
  }

  /**
   * Incarnation {@code task} has executed and recorded its writes: releases its dependents; may
   * return its validation as the follow-up task.
   */
  Task finishExecution(Task task, boolean wroteNewKey) {
    int call = task.call();
    List<Integer> released;
    synchronized (locks[call]) {
      assert status[call] == Status.EXECUTING && incarnation[call] == task.incarnation();
      status[call] = Status.EXECUTED;
      released = dependents.get(call);
      dependents.set(call, null);
    }
    if (released == null) {
      released = List.of();
    }
    int lowest = Integer.MAX_VALUE;
    for (int dependent : released) {
      setReady(dependent);
      lowest = Math.min(lowest, dependent);
    }
    if (lowest != Integer.MAX_VALUE) {
      decrease(executionIndex, lowest);
    }
    if (validationIndex.get() > call) {
      if (!wroteNewKey) {
        return new Task(call, task.incarnation(), true);
      }
      decrease(validationIndex, call);
    }
    active.decrementAndGet();
    return null;
  }

  /** Aborts incarnation {@code task} if no one has yet (true: this caller aborted it). */
  boolean tryAbort(Task task) {
    synchronized (locks[task.call()]) {
      if (incarnation[task.call()] == task.incarnation() && status[task.call()] == Status.EXECUTED) {
        status[task.call()] = Status.ABORTING;
        return true;
      }
      return false;
    }
  }

  /** Validation of {@code task} ended; after an abort, may return its re-execution. */
  Task finishValidation(Task task, boolean aborted) {
    if (aborted) {
      int call = task.call();
      setReady(call);
      decrease(validationIndex, call + 1);
      if (executionIndex.get() > call) {
        Task again = tryIncarnate(call);
        if (again != null) {
          return again;
        }
      }
    }
    active.decrementAndGet();
    return null;
  }

  private void setReady(int call) {
    synchronized (locks[call]) {
      assert status[call] == Status.ABORTING : status[call];
      incarnation[call]++;
      status[call] = Status.READY;
    }
  }

  private void decrease(AtomicInteger index, int target) {
    index.accumulateAndGet(target, Math::min);
    decreases.incrementAndGet();
  }
}
