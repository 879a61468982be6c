package io.cairn.node.http;

import io.cairn.lsm.api.DbStats;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import io.cairn.node.api.Json;
import io.cairn.node.service.LedgerService;
import io.cairn.replication.api.NodeStatus;
import io.cairn.replication.api.StoreStats;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The live figures behind {@code GET /metrics}: a window of the last {@link #SAMPLES_MAX}
 * samples, one at most every {@link #INTERVAL_MS} ms, taken when the endpoint is asked (no
 * thread of its own: a node nobody watches samples nothing). Each sample holds
 *
 * <pre>
 * commits_per_s         log entries committed per second since the previous sample
 * commit_latency_*_ms   writes through this node's API (anchor, verification request) that
 *                       answered 2xx since the previous sample (the first sample: since the node
 *                       started): arrival to commit-and-apply here
 * write_stalls          engine writes that waited (slowdown or stop), all databases, since open
 * l0_occupancy          the fullest database's L0 against its limit: tables / stop trigger, and
 *                       with the pmem L0 bytes / pmem budget (whichever is fuller), 0..1+
 * </pre>
 *
 * <p>Thread-safety: {@link #recordWrite} from any thread, lock-free; {@link #json} synchronized.
 */
final class MetricsWindow {
  /** Shortest time between two samples. */
  static final long INTERVAL_MS = 1000;
  /** Samples kept. */
  static final int SAMPLES_MAX = 120;

  private final LedgerService service;
  private final Recorder writes = new Recorder(3);
  private final Deque<Sample> samples = new ArrayDeque<>();
  private Histogram recycled;

  MetricsWindow(LedgerService service) {
    this.service = service;
  }

  /** One sample; rates and latencies are null for the first sample or an interval without writes. */
  private record Sample(long timeMs, long commitIndex, long appliedIndex, long blockCount, Double commitsPerSecond,
      long writes, Double latencyP50Ms, Double latencyP99Ms, Double latencyMaxMs, long writeStalls,
      Double writeStallsPerSecond, double l0Occupancy, long l0Tables, long l0Bytes) {}

  /** Records one write that answered 2xx after {@code nanos}. */
  void recordWrite(long nanos) {
    writes.recordValue(Math.max(0, nanos));
  }

  /** Takes a sample when the last is older than the interval, and prints the window. */
  synchronized Json.Obj json(long nowMs) {
    if (samples.isEmpty() || nowMs - samples.getLast().timeMs() >= INTERVAL_MS) {
      add(nowMs);
    }
    Json.Arr out = Json.array();
    for (Sample sample : samples) {
      out.add(Json.object().put("time_ms", sample.timeMs()).put("commit_index", sample.commitIndex())
          .put("applied_index", sample.appliedIndex()).put("block_count", sample.blockCount())
          .put("commits_per_s", sample.commitsPerSecond()).put("writes", sample.writes())
          .put("commit_latency_p50_ms", sample.latencyP50Ms()).put("commit_latency_p99_ms", sample.latencyP99Ms())
          .put("commit_latency_max_ms", sample.latencyMaxMs()).put("write_stalls", sample.writeStalls())
          .put("write_stalls_per_s", sample.writeStallsPerSecond()).put("l0_occupancy", sample.l0Occupancy())
          .put("l0_tables", sample.l0Tables()).put("l0_bytes", sample.l0Bytes()));
    }
    return Json.object().put("id", service.status().id()).put("interval_ms", INTERVAL_MS)
        .put("databases", databases(service.storeStats())).put("samples", out);
  }

  private void add(long nowMs) {
    NodeStatus status = service.status();
    List<StoreStats> stores = service.storeStats();
    recycled = writes.getIntervalHistogram(recycled);
    long count = recycled.getTotalCount();
    long stalls = 0;
    double occupancy = 0;
    long tables = 0;
    long bytes = 0;
    for (StoreStats store : stores) {
      stalls += store.stats().writeStalls();
      tables += store.stats().filesPerLevel().getFirst();
      bytes += store.stats().bytesPerLevel().getFirst();
      occupancy = Math.max(occupancy, occupancy(store.stats(), store.options()));
    }
    Sample previous = samples.peekLast();
    double seconds = previous == null ? 0 : (nowMs - previous.timeMs()) / 1000.0;
    Double commitRate = previous == null ? null : round((status.commitIndex() - previous.commitIndex()) / seconds);
    Double stallRate = previous == null ? null : round((stalls - previous.writeStalls()) / seconds);
    samples.addLast(new Sample(nowMs, status.commitIndex(), status.appliedIndex(), status.blockCount(), commitRate,
        count, count == 0 ? null : millis(recycled.getValueAtPercentile(50)),
        count == 0 ? null : millis(recycled.getValueAtPercentile(99)), count == 0 ? null : millis(recycled.getMaxValue()),
        stalls, stallRate, Json.round(occupancy, 4), tables, bytes));
    while (samples.size() > SAMPLES_MAX) {
      samples.removeFirst();
    }
  }

  /** How full one database's L0 is against the limit that stops its writes. */
  static double occupancy(DbStats stats, Options options) {
    double byTables = options.pmemSizedL0() ? 0 : (double) stats.filesPerLevel().getFirst() / options.l0StopTrigger();
    if (options.l0Mode() != L0Mode.PMEM) {
      return byTables;
    }
    return Math.max(byTables, (double) stats.bytesPerLevel().getFirst() / options.pmemBudgetBytes());
  }

  private static Json.Arr databases(List<StoreStats> stores) {
    Json.Arr out = Json.array();
    for (StoreStats store : stores) {
      DbStats stats = store.stats();
      Options options = store.options();
      out.add(Json.object().put("name", store.name()).put("l0_mode", options.l0Mode().name().toLowerCase(java.util.Locale.ROOT))
          .put("l0_tables", stats.filesPerLevel().getFirst()).put("l0_bytes", stats.bytesPerLevel().getFirst())
          .put("l0_stop_trigger", options.pmemSizedL0() ? null : options.l0StopTrigger())
          .put("pmem_budget_bytes", options.l0Mode() == L0Mode.PMEM ? options.pmemBudgetBytes() : null)
          .put("l0_occupancy", Json.round(occupancy(stats, options), 4)).put("write_stalls", stats.writeStalls())
          .put("write_stall_ms", TimeUnit.NANOSECONDS.toMillis(stats.writeStallNanos()))
          // Byte counters since open (session 16): what each database writes and rewrites per record.
          .put("user_bytes_written", stats.userBytesWritten()).put("flushes", stats.flushes())
          .put("flush_bytes_written", stats.flushBytesWritten())
          .put("compactions", stats.compactions()).put("compaction_bytes_read", stats.compactionBytesRead())
          .put("compaction_bytes_written", stats.compactionBytesWritten()));
    }
    return out;
  }

  private static double millis(long nanos) {
    return Json.round(nanos / 1e6, 3);
  }

  private static double round(double value) {
    return Json.round(value, 2);
  }
}
