package io.cairn.bench.membership;

import io.cairn.bench.runner.Directories;
import io.cairn.bench.runner.ThreadCpu;
import io.cairn.common.CairnIoException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.replication.codec.ArrivingBytes;
import io.cairn.replication.ledger.LedgerSnapshot;
import io.cairn.replication.ledger.StreamedInstall;
import java.nio.file.Path;
import java.util.Random;

/**
 * The ingest side of {@code bench snapshot-wire --ingest}: the received chunks also stream into a
 * fresh ledger database through the node's own {@link StreamedInstall} (the pairs decoded as
 * their bytes arrive, written as bottom-level tables by {@code Db.replaceAll}, committed after
 * the last chunk), as a joining node's intake does. It also builds the snapshot: a valid ledger
 * snapshot ({@code docs/formats/ledger-snapshot.md}) captured from a database filled with
 * ledger-like pairs (32-byte keys, values of {@value #VALUE_BYTES} bytes of which the first 64
 * are random and the rest a repeating pattern, so that the tables compress about as the ledger's
 * do), not random bytes.
 *
 * <p>Thread-safety: {@link #start} and {@link #commit} from one thread at a time.
 */
final class WireIngest {
  static final int VALUE_BYTES = 320;
  private static final String THREAD = "cairn-snapshot-ingest";

  private final Path folder;
  private Db db;
  private StreamedInstall install;
  private long index;
  private long ingestThreadNanos;
  private long commitNanos;

  WireIngest(Path folder) {
    this.folder = folder;
  }

  /** A ledger snapshot of about {@code megabytes} MB (10^6 bytes), captured from a scratch database. */
  static byte[] snapshot(int megabytes, Path scratch) {
    Random random = new Random(42);
    long pairs = (long) megabytes * 1_000_000 / (32 + VALUE_BYTES + 4);
    try (Db db = Cairn.open(scratch, Options.defaults())) {
      WriteBatch batch = new WriteBatch();
      for (long i = 0; i < pairs; i++) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] value = new byte[VALUE_BYTES];
        random.nextBytes(value);
        for (int at = 64; at < value.length; at++) {
          value[at] = (byte) ('a' + at % 23);
        }
        batch.put(key, value);
        if (batch.count() >= 1000) {
          db.write(batch);
          batch = new WriteBatch();
        }
      }
      db.write(batch);
      return LedgerSnapshot.capture(db);
    } finally {
      Directories.deleteTree(scratch);
    }
  }

  /** A transfer begins: its pairs stream from {@code bytes} into a fresh database. */
  void start(ArrivingBytes bytes, int checksum) {
    db = Cairn.open(folder.resolve("ledger-" + ++index), Options.defaults());
    install = new StreamedInstall(db, bytes, checksum, THREAD);
  }

  /**
   * The transfer is complete: counts the ingest thread's CPU so far (all its work but the last
   * table's end and the commit), commits and times the commit, and deletes the database.
   */
  void commit() {
    ingestThreadNanos += ThreadCpu.byName().getOrDefault(ThreadCpu.kernelName(THREAD), 0L);
    long started = System.nanoTime();
    boolean committed = install.commit();
    commitNanos += System.nanoTime() - started;
    db.close();
    Directories.deleteTree(folder.resolve("ledger-" + index));
    if (!committed) {
      throw new CairnIoException("the streamed ingest failed (see the log)");
    }
  }

  /** CPU time of the ingest threads before their commits, in all. */
  long ingestThreadNanos() {
    return ingestThreadNanos;
  }

  /** Wall time from the last chunk's arrival to the ingest committed, in all. */
  long commitNanos() {
    return commitNanos;
  }
}
