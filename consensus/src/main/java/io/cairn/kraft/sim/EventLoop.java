package io.cairn.kraft.sim;

import java.util.PriorityQueue;

/**
 * Virtual time and the events scheduled in it (shared by the KRaft and BFT simulators). Events at the same instant run in the order they
 * were scheduled, so a run depends only on its seed.
 *
 * <p>Thread-safety: not thread-safe; one simulation per thread.
 */
public final class EventLoop {
  private record Event(long timeMicros, long sequence, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event other) {
      int byTime = Long.compare(timeMicros, other.timeMicros);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }

  private final PriorityQueue<Event> queue = new PriorityQueue<>();
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
    queue.add(new Event(nowMicros + Math.max(0, delayMicros), sequence++, action));
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
    while (!stopped && !queue.isEmpty() && queue.peek().timeMicros() <= untilMicros) {
      Event event = queue.poll();
      nowMicros = event.timeMicros();
      executed++;
      event.action().run();
    }
    if (!stopped) {
      nowMicros = Math.max(nowMicros, untilMicros);
    }
  }
}
