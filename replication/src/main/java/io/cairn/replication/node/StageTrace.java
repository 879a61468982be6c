package io.cairn.replication.node;

import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.Transaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an anchor round's commit time goes, stage by stage, for finding the slow commits: each
 * round of the {@link AnchorBatcher} gets a timestamp ({@link System#nanoTime}) at every {@link
 * Stage} it passes on this node, from the first call's arrival to the completion of its futures.
 * Every {@link #REPORT_NANOS} it appends to its file the stage-to-stage times of the median round
 * (by total time), the mean of the slowest 1 % of the rounds completed since the last report and
 * the slowest round, so a tail's cause shows as the stage that grows; each of those lines also
 * says how long this process was stopped by its garbage collector while the rounds ran ({@code
 * gc}: pauses overlapping the round, {@link GcPauses}), and the report ends with the window's
 * pauses (session 13).
 *
 * <p>Off unless the system property {@value #PROPERTY} names a folder; then member {@code n}
 * writes {@code stages-n.txt} there. A round is followed through the driver by the id of its last
 * transaction, then by the log index of the block that carries it.
 *
 * <p>Thread-safety: every method from any thread (one lock; a few calls per round and per block).
 */
final class StageTrace {
  /** The system property naming the folder of the trace files. */
  static final String PROPERTY = io.cairn.replication.api.NodeOptions.STAGE_TRACE_PROPERTY;
  /** Time between two reports. */
  static final long REPORT_NANOS = 10_000_000_000L;

  /** The stages of a round, in the order it passes them. */
  enum Stage {
    /** The first anchor call of the round reached the batcher (after the HTTP body was decoded). */
    RECEIVED,
    /** The batcher took the round (after waiting for a round permit). */
    TAKEN,
    /** Its records are stored and synced in the record store. */
    STORED,
    /** Its transactions are signed and handed to the driver. */
    SUBMITTED,
    /** The leader proposed the block carrying its last transaction. */
    PROPOSED,
    /** The leader's log holding that block is synced. */
    PERSISTED,
    /** The block is committed (a quorum persisted it) and handed to the applier. */
    COMMITTED,
    /** The applier started applying it. */
    APPLYING,
    /** The applier applied it. */
    APPLIED,
    /** The driver completed the block's waiting transactions. */
    ACKED,
    /** The round's futures completed (its calls answer now). */
    DONE
  }

  private static final Logger LOG = LoggerFactory.getLogger(StageTrace.class);
  private static final StageTrace OFF = new StageTrace(null);

  private final Path file;
  private final Map<Hash32, long[]> byTransaction = new HashMap<>();
  /** The rounds whose last transaction is in the block at a log index (a block may carry several rounds). */
  private final Map<Long, List<long[]>> byIndex = new HashMap<>();
  private final List<long[]> finished = new ArrayList<>();
  /** The engines whose stalls and flushes each report adds (name, database, counters at the last report). */
  private final List<Watched> watched = new ArrayList<>();
  /** This process's collector pauses (none recorded when off). */
  private final GcPauses pauses;
  private long lastReport = System.nanoTime();
  /** The run-queue wait of this process's threads per report (session 19; null when off). */
  private final SchedStat.Window threads;

  /** Extra slots of a round's stamps: the {@code stored} stage's CPU and run-queue wait on its thread (ns). */
  static final int STORED_CPU = Stage.values().length;
  static final int STORED_WAIT = STORED_CPU + 1;

  private StageTrace(Path file) {
    this.file = file;
    this.pauses = file == null ? new GcPauses() : GcPauses.listening();
    this.threads = file == null ? null : new SchedStat.Window(Path.of("/proc/self/task"));
  }

  /** Member {@code nodeId}'s trace: off unless {@value #PROPERTY} is set. */
  static StageTrace open(int nodeId) {
    String folder = System.getProperty(PROPERTY);
    return folder == null || folder.isBlank() ? OFF : new StageTrace(Path.of(folder).resolve("stages-" + nodeId + ".txt"));
  }

  private record Watched(String name, Db db, long[] last) {}

  /**
   * Adds {@code db}'s write stalls, stalled time, flushes and compactions since the last report
   * to each report, as {@code name}.
   */
  synchronized void watch(String name, Db db) {
    if (file != null) {
      watched.add(new Watched(name, db, counters(db.stats())));
    }
  }

  private static long[] counters(DbStats stats) {
    return new long[] {stats.writeStalls(), stats.writeStallNanos(), stats.flushes(), stats.compactions(), stats.syncs()};
  }

  /** The watched engines' counters since the last report, one line. */
  private String engines() {
    StringBuilder out = new StringBuilder("engines since the last report:");
    for (Watched engine : watched) {
      long[] now = counters(engine.db().stats());
      out.append(String.format(Locale.ROOT, " %s stalls %d (%.1f ms) flushes %d compactions %d syncs %d;", engine.name(),
          now[0] - engine.last()[0], (now[1] - engine.last()[1]) / 1e6, now[2] - engine.last()[2],
          now[3] - engine.last()[3], now[4] - engine.last()[4]));
      System.arraycopy(now, 0, engine.last(), 0, now.length);
    }
    return out.append('\n').toString();
  }

  /** Whether it records. */
  boolean on() {
    return file != null;
  }

  /** A new round whose first call arrived at {@code receivedNanos} and was taken now; null when off. */
  long[] round(long receivedNanos) {
    if (file == null) {
      return null;
    }
    long[] stamps = new long[Stage.values().length + 2];
    stamps[Stage.RECEIVED.ordinal()] = receivedNanos;
    stamps[Stage.TAKEN.ordinal()] = System.nanoTime();
    return stamps;
  }

  /** Round {@code stamps} (null: off) passed {@code stage} now. */
  void mark(long[] stamps, Stage stage) {
    if (stamps != null) {
      stamps[stage.ordinal()] = System.nanoTime();
    }
  }

  /**
   * Round {@code stamps} (null: off) is stored now; {@code before} is the storing thread's {@link
   * SchedStat#self} taken before the synced write, so the stage's CPU and run-queue wait are known
   * (the rest of it was blocked: the {@code fsync}).
   */
  void stored(long[] stamps, long[] before) {
    if (stamps != null) {
      // read before the stamp: a wait between the two counts in neither, never in the wait alone
      long[] after = SchedStat.self();
      stamps[Stage.STORED.ordinal()] = System.nanoTime();
      stamps[STORED_CPU] = after[0] - before[0];
      stamps[STORED_WAIT] = after[1] - before[1];
    }
  }

  /** Round {@code stamps} (null: off) handed its last transaction {@code last} to the driver. */
  void submitted(long[] stamps, Transaction last) {
    if (stamps != null) {
      submittedTraced(stamps, last);
    }
  }

  private synchronized void submittedTraced(long[] stamps, Transaction last) {
    stamps[Stage.SUBMITTED.ordinal()] = System.nanoTime();
    byTransaction.put(last.id(), stamps);
  }

  /** The leader proposed {@code transactions} as the block at log index {@code index}. */
  void proposed(long index, List<Transaction> transactions) {
    if (file != null) {
      proposedTraced(index, transactions);
    }
  }

  private synchronized void proposedTraced(long index, List<Transaction> transactions) {
    for (Transaction transaction : transactions) {
      long[] stamps = byTransaction.remove(transaction.id());
      if (stamps != null) {
        stamps[Stage.PROPOSED.ordinal()] = System.nanoTime();
        byIndex.computeIfAbsent(index, i -> new ArrayList<>(2)).add(stamps);
      }
    }
  }

  /** The entry at log index {@code index} passed {@code stage} (a driver or applier stage) now. */
  void entry(long index, Stage stage) {
    if (file != null) {
      entryTraced(index, stage);
    }
  }

  private synchronized void entryTraced(long index, Stage stage) {
    List<long[]> rounds = byIndex.get(index);
    if (rounds != null) {
      long now = System.nanoTime();
      for (long[] stamps : rounds) {
        if (stamps[stage.ordinal()] == 0) {
          stamps[stage.ordinal()] = now;
        }
      }
    }
  }

  /** Round {@code stamps} (null: off) completed; reports when a report is due. */
  void done(long[] stamps) {
    if (stamps != null) {
      doneTraced(stamps);
    }
  }

  private synchronized void doneTraced(long[] stamps) {
    stamps[Stage.DONE.ordinal()] = System.nanoTime();
    byIndex.values().removeIf(rounds -> rounds.remove(stamps) && rounds.isEmpty());
    byTransaction.values().remove(stamps);
    finished.add(stamps);
    long now = System.nanoTime();
    if (now - lastReport >= REPORT_NANOS && finished.size() >= 100) {
      write(report(finished, pauses) + pauses(pauses.ended(lastReport, now)) + engines() + threads.since(8));
      lastReport = now;
      finished.clear();
    }
  }

  /**
   * Writes the report of the rounds completed since the last one, headed {@code final}, if there
   * are any: the driver calls it as the member stops, so a run's last window (shorter than {@link
   * #REPORT_NANOS}, or with fewer than 100 rounds) is not lost (session 13).
   */
  void close() {
    if (file != null) {
      closeTraced();
    }
  }

  private synchronized void closeTraced() {
    if (!finished.isEmpty()) {
      long now = System.nanoTime();
      write("final " + report(finished, pauses) + pauses(pauses.ended(lastReport, now)) + engines() + threads.since(8));
      lastReport = now;
      finished.clear();
    }
  }

  /** The window's collector pauses ({@link GcPauses#ended}), one line. */
  static String pauses(long[] ended) {
    return String.format(Locale.ROOT, "gc pauses in the window: %d, %.1f ms in all, longest %.1f ms%n", ended[0],
        ended[1] / 1e6, ended[2] / 1e6);
  }

  /**
   * The median round's, the slowest 1 %'s and the slowest round's stage-to-stage times, in ms,
   * one line each, with the collector pauses of {@code pauses} that overlapped them ({@code gc}).
   */
  static String report(List<long[]> rounds, GcPauses pauses) {
    List<long[]> sorted = new ArrayList<>(rounds);
    sorted.sort(Comparator.comparingLong(StageTrace::total));
    int slow = Math.max(1, sorted.size() / 100);
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%d rounds; stage times in ms (from the stage before)%n", sorted.size()));
    out.append(line("median", List.of(sorted.get(sorted.size() / 2)), pauses));
    out.append(line("slowest 1%", sorted.subList(sorted.size() - slow, sorted.size()), pauses));
    out.append(line("slowest", List.of(sorted.getLast()), pauses));
    return out.toString();
  }

  private static String line(String name, List<long[]> rounds, GcPauses pauses) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-10s total %8.2f", name,
        rounds.stream().mapToLong(StageTrace::total).average().orElse(0) / 1e6));
    Stage[] stages = Stage.values();
    for (int s = 1; s < stages.length; s++) {
      double sum = 0;
      for (long[] stamps : rounds) {
        sum += gap(stamps, s);
      }
      out.append(String.format(Locale.ROOT, " %s %.2f", stages[s].name().toLowerCase(Locale.ROOT), sum / rounds.size() / 1e6));
    }
    double gc = 0;
    for (long[] stamps : rounds) {
      gc += pauses.overlap(stamps[Stage.RECEIVED.ordinal()], stamps[Stage.DONE.ordinal()]);
    }
    double storedCpu = 0;
    double storedWait = 0;
    for (long[] stamps : rounds) {
      storedCpu += stamps.length > STORED_WAIT ? stamps[STORED_CPU] : 0;
      storedWait += stamps.length > STORED_WAIT ? stamps[STORED_WAIT] : 0;
    }
    // session 19: of `stored`, the storing thread's CPU and its wait for a core (the rest: blocked in the fsync)
    out.append(String.format(Locale.ROOT, " stored_cpu %.2f stored_runq %.2f", storedCpu / rounds.size() / 1e6,
        storedWait / rounds.size() / 1e6));
    out.append(String.format(Locale.ROOT, " gc %.2f", gc / rounds.size() / 1e6));
    return out.append('\n').toString();
  }

  /** Time from the last stage before {@code s} that was stamped to stage {@code s} (0 when {@code s} was not). */
  private static long gap(long[] stamps, int s) {
    if (stamps[s] == 0) {
      return 0;
    }
    int before = s - 1;
    while (before > 0 && stamps[before] == 0) {
      before--;
    }
    return stamps[s] - stamps[before];
  }

  private static long total(long[] stamps) {
    return stamps[Stage.DONE.ordinal()] - stamps[Stage.RECEIVED.ordinal()];
  }

  private void write(String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.warn("could not write the stage trace {}: {}", file, e.toString()); // a diagnostic: the node goes on
    }
  }
}
