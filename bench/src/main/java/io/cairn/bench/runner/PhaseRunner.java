package io.cairn.bench.runner;

import io.cairn.bench.kv.KvCursor;
import io.cairn.bench.kv.KvStore;
import io.cairn.bench.report.PhaseMeasurement;
import io.cairn.bench.workload.OpBatch;
import io.cairn.bench.workload.OpSource;
import java.util.function.BiConsumer;

/**
 * Runs the operations of one phase against a store and times each one.
 *
 * <p>How: a batch of operations is prepared first (values generated, keys hashed: none of it
 * timed), then run back to back, each call between two {@link System#nanoTime} readings recorded
 * in an HdrHistogram; the wall time of each burst adds to the phase's elapsed time, from which
 * ops/s is derived. Answers of reads are checked after the burst, also untimed. So a latency is
 * the engine's call plus one {@code nanoTime} pair, and nothing of the harness.
 *
 * <p>Thread-safety: one thread.
 */
public final class PhaseRunner {
  private final Progress progress;

  /** @param progress told the task's size and each finished burst */
  public PhaseRunner(Progress progress) {
    this.progress = progress;
  }

  /** Where this runner reports progress. */
  Progress progress() {
    return progress;
  }

  /** Puts every operation of {@code source}. */
  public PhaseMeasurement writes(KvStore store, OpSource source, String task) {
    requireKind(source, true);
    PhaseMeasurement measurement = new PhaseMeasurement(false);
    OpBatch batch = new OpBatch(OpBatch.capacityFor(source.valueBytes()), true);
    progress.start(task, source.total());
    for (source.fill(batch); batch.size() > 0; source.fill(batch)) {
      long burstStart = System.nanoTime();
      for (int i = 0; i < batch.size(); i++) {
        long start = System.nanoTime();
        store.put(batch.key(i), batch.value(i));
        measurement.record(System.nanoTime() - start);
      }
      measurement.addElapsed(System.nanoTime() - burstStart);
      progress.advance(batch.size());
    }
    progress.finish();
    return measurement;
  }

  /** Gets every key of {@code source} and checks each answer with {@link OpSource#check}. */
  public PhaseMeasurement reads(KvStore store, OpSource source, String task) {
    requireKind(source, false);
    PhaseMeasurement measurement = new PhaseMeasurement(true);
    OpBatch batch = new OpBatch(1024, false);
    byte[][] answers = new byte[batch.capacity()][];
    progress.start(task, source.total());
    for (source.fill(batch); batch.size() > 0; source.fill(batch)) {
      long burstStart = System.nanoTime();
      for (int i = 0; i < batch.size(); i++) {
        long start = System.nanoTime();
        answers[i] = store.get(batch.key(i));
        measurement.record(System.nanoTime() - start);
      }
      measurement.addElapsed(System.nanoTime() - burstStart);
      checkAnswers(source, batch, answers, measurement);
      progress.advance(batch.size());
    }
    progress.finish();
    return measurement;
  }

  /**
   * Seeks one cursor to every key of {@code source}, reading the entry it lands on (db_bench's
   * seekrandom); an entry found is checked with {@code checkEntry}.
   */
  public PhaseMeasurement seeks(KvStore store, OpSource source, BiConsumer<byte[], byte[]> checkEntry,
      String task) {
    requireKind(source, false);
    PhaseMeasurement measurement = new PhaseMeasurement(true);
    OpBatch batch = new OpBatch(1024, false);
    byte[][] keys = new byte[batch.capacity()][];
    byte[][] values = new byte[batch.capacity()][];
    progress.start(task, source.total());
    try (KvCursor cursor = store.cursor()) {
      for (source.fill(batch); batch.size() > 0; source.fill(batch)) {
        long burstStart = System.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
          long start = System.nanoTime();
          cursor.seek(batch.key(i));
          boolean valid = cursor.isValid();
          keys[i] = valid ? cursor.key() : null;
          values[i] = valid ? cursor.value() : null;
          measurement.record(System.nanoTime() - start);
        }
        measurement.addElapsed(System.nanoTime() - burstStart);
        for (int i = 0; i < batch.size(); i++) {
          if (keys[i] != null) {
            checkEntry.accept(keys[i], values[i]);
            measurement.found();
          }
        }
        progress.advance(batch.size());
      }
    }
    progress.finish();
    return measurement;
  }

  /**
   * Reads up to {@code limit} entries in key order from the first (db_bench's readseq): each
   * operation is reading the entry under the cursor and stepping to the next one.
   */
  public PhaseMeasurement scan(KvStore store, long limit, BiConsumer<byte[], byte[]> checkEntry,
      String task) {
    PhaseMeasurement measurement = new PhaseMeasurement(true);
    progress.start(task, limit);
    int burst = 1024;
    byte[][] keys = new byte[burst][];
    byte[][] values = new byte[burst][];
    try (KvCursor cursor = store.cursor()) {
      cursor.seekToFirst();
      long done = 0;
      while (done < limit && cursor.isValid()) {
        int count = 0;
        long burstStart = System.nanoTime();
        while (count < burst && done + count < limit && cursor.isValid()) {
          long start = System.nanoTime();
          keys[count] = cursor.key();
          values[count] = cursor.value();
          cursor.next();
          measurement.record(System.nanoTime() - start);
          count++;
        }
        measurement.addElapsed(System.nanoTime() - burstStart);
        for (int i = 0; i < count; i++) {
          checkEntry.accept(keys[i], values[i]);
          measurement.found();
        }
        done += count;
        progress.advance(count);
      }
    }
    progress.finish();
    return measurement;
  }

  private static void checkAnswers(OpSource source, OpBatch batch, byte[][] answers,
      PhaseMeasurement measurement) {
    for (int i = 0; i < batch.size(); i++) {
      if (source.check(batch.key(i), answers[i])) {
        measurement.found();
      }
      answers[i] = null;
    }
  }

  private static void requireKind(OpSource source, boolean writes) {
    if (source.writes() != writes) {
      throw new IllegalArgumentException("expected a " + (writes ? "write" : "read") + " source");
    }
  }
}
