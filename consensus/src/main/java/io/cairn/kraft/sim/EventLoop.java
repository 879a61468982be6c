package io.cairn.kraft.sim;

import java.util.Arrays;

/**
 * Virtual time and the events scheduled in it (shared by the KRaft and BFT simulators). Events at the same instant run in the order they
 * were scheduled, so a run depends only on its seed.
 *
 * <p>The queue is a binary min-heap over parallel arrays ordered by (time, sequence): no object
 * per event beyond its action, and comparisons of two longs, since the queue is the hottest
 * structure of a large simulation.
 *
 * <p>Thread-safety: not thread-safe; one simulation per thread.
 */
public final class EventLoop {
  private long[] times = new long[1024];
  private long[] sequences = new long[1024];
  private Runnable[] actions = new Runnable[1024];
  private int size;
  private long nowMicros;
  private long sequence;
  private long executed;
  private boolean stopped;

  public long now() {
    return nowMicros;
  }

  public long executed() {
    return executed;
  }

  /** Runs {@code action} {@code delayMicros} from now (0: after everything already due now). */
  public void after(long delayMicros, Runnable action) {
    if (size == times.length) {
      times = Arrays.copyOf(times, 2 * size);
      sequences = Arrays.copyOf(sequences, 2 * size);
      actions = Arrays.copyOf(actions, 2 * size);
    }
    long time = nowMicros + Math.max(0, delayMicros);
    long seq = sequence++;
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(time, seq, parent)) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    place(i, time, seq, action);
  }

  /** Makes {@link #runUntil} return after the current event (a violation was found). */
  public void stop() {
    stopped = true;
  }

  public boolean stopped() {
    return stopped;
  }

  /** Runs events until the queue is empty, the next one is after {@code untilMicros}, or {@link #stop()}. */
  public void runUntil(long untilMicros) {
    while (!stopped && size > 0 && times[0] <= untilMicros) {
      nowMicros = times[0];
      Runnable action = actions[0];
      removeFirst();
      executed++;
      action.run();
    }
    if (!stopped) {
      nowMicros = Math.max(nowMicros, untilMicros);
    }
  }

  private void removeFirst() {
    int last = --size;
    long time = times[last];
    long seq = sequences[last];
    Runnable action = actions[last];
    actions[last] = null;
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && before(times[child + 1], sequences[child + 1], child)) {
        child++;
      }
      if (before(time, seq, child)) {
        break;
      }
      move(child, i);
      i = child;
    }
    if (size > 0) {
      place(i, time, seq, action);
    }
  }

  /** Whether an event at ({@code time}, {@code seq}) runs before the one at heap slot {@code slot}. */
  private boolean before(long time, long seq, int slot) {
    return time < times[slot] || (time == times[slot] && seq < sequences[slot]);
  }

  private void move(int from, int to) {
    times[to] = times[from];
    sequences[to] = sequences[from];
    actions[to] = actions[from];
  }

  private void place(int slot, long time, long seq, Runnable action) {
    times[slot] = time;
    sequences[slot] = seq;
    actions[slot] = action;
  }
}
