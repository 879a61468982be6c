package io.cairn.bench.runner;

import io.cairn.bench.kv.KvCursor;
import io.cairn.bench.kv.KvStore;
import io.cairn.bench.report.OperationMix;
import io.cairn.bench.workload.WrongAnswerException;
import io.cairn.bench.workload.ycsb.Operation;
import io.cairn.bench.workload.ycsb.YcsbBatch;
import io.cairn.bench.workload.ycsb.YcsbRecord;
import io.cairn.bench.workload.ycsb.YcsbSource;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Runs the operations of a YCSB phase against a store and times each one, as {@link PhaseRunner}
 * does for db_bench phases: a batch is prepared untimed ({@link YcsbSource#fill}), run back to
 * back with each operation between two {@link System#nanoTime} readings, then its answers are
 * checked, untimed. What an operation does is {@link Operation}'s contract; an update's decode,
 * merge and encode are timed, as they are part of a key-value binding's update.
 *
 * <p>Checks: every read, update and read-modify-write targets a record that was inserted, so it
 * must find it, well-formed and its own ({@link YcsbRecord#check}); a scan starts at an inserted
 * key, so its first entry must be that key, its keys must ascend strictly, and each entry must be
 * its key's record. Anything else throws {@link WrongAnswerException}, and the run fails.
 *
 * <p>Thread-safety: one thread.
 */
final class YcsbPhaseRunner {
  /** Small batches: a batch of scans holds up to 100 records per operation until checked. */
  static final int BATCH = 128;

  private final Progress progress;

  /** @param progress told the task's size and each finished burst */
  YcsbPhaseRunner(Progress progress) {
    this.progress = progress;
  }

  /** Runs every operation of {@code source} on {@code store}. */
  OperationMix run(KvStore store, YcsbSource source, String task) {
    OperationMix mix = new OperationMix();
    YcsbBatch batch = new YcsbBatch(BATCH);
    byte[][] answers = new byte[BATCH][];
    byte[][][] scanned = new byte[BATCH][][];
    progress.start(task, source.total());
    for (source.fill(batch); batch.size() > 0; source.fill(batch)) {
      long burstStart = System.nanoTime();
      for (int i = 0; i < batch.size(); i++) {
        Operation operation = batch.operation(i);
        long start = System.nanoTime();
        switch (operation) {
          case READ -> answers[i] = store.get(batch.key(i));
          case UPDATE -> update(store, batch, i);
          case INSERT -> store.put(batch.key(i), batch.payload(i));
          case SCAN -> scanned[i] = scan(store, batch.key(i), batch.argument(i));
          case RMW -> {
            answers[i] = store.get(batch.key(i));
            update(store, batch, i);
          }
        }
        mix.record(operation.label(), System.nanoTime() - start);
      }
      mix.addElapsed(System.nanoTime() - burstStart);
      check(batch, answers, scanned, mix);
      progress.advance(batch.size());
    }
    progress.finish();
    return mix;
  }

  private static void update(KvStore store, YcsbBatch batch, int i) {
    byte[] key = batch.key(i);
    byte[] merged = YcsbRecord.withField(key, store.get(key), batch.argument(i), batch.payload(i));
    store.put(key, merged);
  }

  /** Keys and values interleaved: {@code [k0, v0, k1, v1, ...]}. */
  private static byte[][] scan(KvStore store, byte[] start, int length) {
    byte[][] entries = new byte[2 * length][];
    int count = 0;
    try (KvCursor cursor = store.cursor()) {
      for (cursor.seek(start); count < length && cursor.isValid(); cursor.next()) {
        entries[2 * count] = cursor.key();
        entries[2 * count + 1] = cursor.value();
        count++;
      }
    }
    return count == length ? entries : Arrays.copyOf(entries, 2 * count);
  }

  private static void check(YcsbBatch batch, byte[][] answers, byte[][][] scanned, OperationMix mix) {
    for (int i = 0; i < batch.size(); i++) {
      Operation operation = batch.operation(i);
      switch (operation) {
        case READ, RMW -> {
          YcsbRecord.check(batch.key(i), answers[i]);
          mix.found(operation.label());
        }
        case UPDATE -> mix.found(operation.label()); // withField refused a missing record
        case SCAN -> {
          checkScan(batch.key(i), scanned[i]);
          mix.found(operation.label());
        }
        case INSERT -> { }
      }
      answers[i] = null;
      scanned[i] = null;
    }
  }

  /**
   * A scan from an inserted key: first entry that key, keys strictly ascending (unsigned bytes),
   * every value its key's record.
   */
  static void checkScan(byte[] start, byte[][] entries) {
    if (entries.length == 0 || !Arrays.equals(entries[0], start)) {
      throw new WrongAnswerException("scan from " + new String(start, StandardCharsets.US_ASCII)
          + ": the first entry is not that key, which was inserted");
    }
    for (int e = 0; e < entries.length; e += 2) {
      if (e > 0 && Arrays.compareUnsigned(entries[e - 2], entries[e]) >= 0) {
        throw new WrongAnswerException("scan from " + new String(start, StandardCharsets.US_ASCII)
            + ": keys out of order at entry " + e / 2);
      }
      YcsbRecord.check(entries[e], entries[e + 1]);
    }
  }
}
