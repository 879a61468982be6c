package io.cairn.replication.node;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import jdk.jfr.consumer.RecordingStream;

/**
 * The stop-the-world pauses of this JVM's garbage collector, as intervals on the {@link
 * System#nanoTime} clock, so that the {@link StageTrace} can say how much of a slow round this
 * process spent stopped. Keeps the last {@link #CAPACITY} pauses; older ones are forgotten (a
 * round older than them reads as if no pause overlapped it).
 *
 * <p>The pauses come from the JVM's flight recorder ({@code jdk.GCPhasePause}: every
 * stop-the-world pause of any collector, young, mixed, full, G1's remark and cleanup), streamed
 * about once a second; an event's start (an {@link Instant}) is placed on the nanoTime clock
 * through the wall clock and nanoTime read together once, good to well under a millisecond. (The
 * collectors' JMX notifications were tried first: their start and end count from a later origin
 * than the JVM's uptime, seconds later on a loaded machine, so they cannot be placed.)
 *
 * <p>Thread-safety: {@link #add} from the recorder's stream thread, the rest from any thread (one
 * lock).
 */
final class GcPauses {
  /** Pauses kept (a ring). */
  static final int CAPACITY = 4096;

  private final long[] starts = new long[CAPACITY];
  private final long[] ends = new long[CAPACITY];
  /** Pauses added so far (the ring's next slot is {@code added % CAPACITY}). */
  private long added;

  /** A record of pauses nobody reports into (for tests, and for a trace that is off). */
  GcPauses() {}

  /**
   * This JVM's pauses, from a flight-recorder stream started on the first call that runs as long as
   * the process (a daemon thread; the recorder costs a few events a second); every member of the
   * process shares it.
   */
  static GcPauses listening() {
    return Jvm.PAUSES;
  }

  /** The one stream of this JVM, started when first asked for. */
  private static final class Jvm {
    static final GcPauses PAUSES = stream();
  }

  private static GcPauses stream() {
    GcPauses pauses = new GcPauses();
    long zeroNanos = System.nanoTime();
    Instant zero = Instant.now();
    RecordingStream stream = new RecordingStream();
    stream.enable("jdk.GCPhasePause");
    stream.onEvent("jdk.GCPhasePause", event -> {
      long start = zeroNanos + Duration.between(zero, event.getStartTime()).toNanos();
      pauses.add(start, start + event.getDuration().toNanos());
    });
    stream.startAsync();
    return pauses;
  }

  /** Adds a pause from {@code startNanos} to {@code endNanos}. */
  synchronized void add(long startNanos, long endNanos) {
    int slot = (int) (added % CAPACITY);
    starts[slot] = startNanos;
    ends[slot] = Math.max(startNanos, endNanos);
    added++;
  }

  /** Nanoseconds of the kept pauses that lie inside {@code [fromNanos, toNanos]}. */
  synchronized long overlap(long fromNanos, long toNanos) {
    long sum = 0;
    for (int i = 0, n = (int) Math.min(added, CAPACITY); i < n; i++) {
      sum += Math.max(0, Math.min(ends[i], toNanos) - Math.max(starts[i], fromNanos));
    }
    return sum;
  }

  /**
   * The kept pauses that ended in {@code [fromNanos, toNanos)}: their count, their sum and the
   * longest, in nanoseconds.
   */
  synchronized long[] ended(long fromNanos, long toNanos) {
    long count = 0;
    long sum = 0;
    long max = 0;
    for (int i = 0, n = (int) Math.min(added, CAPACITY); i < n; i++) {
      if (ends[i] >= fromNanos && ends[i] < toNanos) {
        long length = ends[i] - starts[i];
        count++;
        sum += length;
        max = Math.max(max, length);
      }
    }
    return new long[] {count, sum, max};
  }

  @Override
  public synchronized String toString() {
    return "GcPauses" + Arrays.toString(new long[] {added});
  }
}
