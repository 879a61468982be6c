package io.cairn.bench.membership;

import io.cairn.common.CairnException;
import io.cairn.node.client.NodeClient;
import io.cairn.node.cluster.LocalCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code bench membership --preload-mb N}: fills a fresh cluster's ledger before the measured run,
 * so that a joining node has to catch up by snapshot. Clients anchor batches of records through
 * the founding nodes until the first node's ledger database holds {@code N} MB on disk. Then every
 * node is restarted twice: first with a snapshot policy that snapshots the ledger at once and keeps
 * only {@link #KEPT_AFTER_SNAPSHOT} log entries below it, then with one that takes no further
 * snapshot during the run (a snapshot every few entries would compact away the log tail a joining
 * node needs after installing the snapshot, and it would fetch snapshot after snapshot). A node
 * added afterwards finds the log compacted and receives that snapshot, then the tail.
 *
 * <p>Thread-safety: not thread-safe; one preload per cluster.
 */
final class Preload {
  /** Log entries kept below the snapshot: the joining node gets the snapshot, then a short tail. */
  static final long KEPT_AFTER_SNAPSHOT = 10;
  private static final long NO_MORE_SNAPSHOTS = 1L << 40;
  private static final int BATCH = 200;
  private static final int WRITERS = 16;

  /** What the preload did. */
  record Done(long ledgerBytes, long records, double seconds, long snapshotIndex) {}

  private Preload() {}

  /** Fills {@code cluster} (running, {@code founders} nodes) to {@code megabytes} MB, then restarts it. */
  static Done run(LocalCluster cluster, int founders, int megabytes, int recordBytes, PrintWriter out)
      throws InterruptedException, IOException {
    long target = megabytes * 1_000_000L;
    long start = System.nanoTime();
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong records = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      NodeClient node = cluster.client(1 + w % founders, Duration.ofSeconds(60));
      Random random = new Random(w * 31L + 5);
      writers.add(Thread.ofVirtual().start(() -> {
        while (!done.get()) {
          List<byte[]> batch = new ArrayList<>(BATCH);
          for (int i = 0; i < BATCH; i++) {
            byte[] raw = new byte[recordBytes];
            random.nextBytes(raw);
            batch.add(raw);
          }
          try {
            node.anchorAll(batch);
            records.addAndGet(BATCH);
          } catch (CairnException e) {
            failures.incrementAndGet();
          }
        }
      }));
    }
    long bytes = 0;
    try {
      while ((bytes = ledgerBytes(cluster)) < target) {
        Thread.sleep(1000);
        out.printf("preload: %.1f of %d MB, %d records (%d failed batches)%n", bytes / 1e6, megabytes, records.get(),
            failures.get());
        out.flush();
      }
    } finally {
      done.set(true);
      for (Thread writer : writers) {
        writer.join(120_000);
      }
    }
    long applied = cluster.client(1, Duration.ofSeconds(30)).status().getJsonNumber("applied_index").longValue();
    restart(cluster, Math.max(1, applied - 1));
    Thread.sleep(2000); // the snapshot is taken in the driver's first round after the restart
    restart(cluster, NO_MORE_SNAPSHOTS);
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf("preload: %.1f MB of ledger, %d records, %.1f s; restarted to snapshot at log index %d%n",
        bytes / 1e6, records.get(), seconds, applied);
    out.flush();
    return new Done(bytes, records.get(), seconds, applied);
  }

  private static void restart(LocalCluster cluster, long snapshotEveryEntries) {
    cluster.stopAll(Duration.ofSeconds(30));
    cluster.snapshotPolicy(snapshotEveryEntries, KEPT_AFTER_SNAPSHOT);
    cluster.startAll();
    cluster.awaitReady(Duration.ofSeconds(300));
  }

  /** Bytes of the first node's ledger database on disk. */
  static long ledgerBytes(LocalCluster cluster) throws IOException {
    Path ledger = cluster.config(1).resolveSibling("data").resolve("ledger");
    try (Stream<Path> files = Files.walk(ledger)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }
}
