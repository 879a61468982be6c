package io.cairn.replication.ledger;

import io.cairn.common.CairnException;
import io.cairn.common.ClosedException;
import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.Db;
import io.cairn.replication.codec.ArrivingBytes;
import java.util.concurrent.CountDownLatch;

/**
 * A ledger snapshot ingested while it is still arriving: on its own thread, the pairs of an
 * {@link ArrivingBytes} ({@code docs/formats/ledger-snapshot.md}) stream into the database's
 * {@link Db#replaceAll} as their bytes come, so the new sorted tables are written during the
 * transfer instead of after it. The last step, the one MANIFEST edit that makes the tables the
 * database, waits for {@link #commit} ({@link io.cairn.lsm.api.SortedPairs#beforeCommit}): the protocol must first
 * accept the snapshot (its CRC32C checked, its index still news) and the apply thread must reach
 * it in log order. Everything before that edit (the last table finished, the tables and their
 * directory synced) is done while the protocol checks and stores the snapshot, so that the
 * install's own wait is that one edit. {@link #abandon} (or a failed check) makes the source
 * throw, and {@code replaceAll} then deletes its tables and leaves the database as it was.
 *
 * <p>The pairs are decoded and checked by {@link SnapshotPairs}, as {@link LedgerSnapshot#restore}
 * does for a whole byte array; at the end the CRC32C of the whole data must also match the
 * transfer's {@code checksum} (the one the protocol checks the assembled snapshot against).
 *
 * <p>Thread-safety: {@link #commit}, {@link #abandon} and {@link #matches} from any thread.
 */
public final class StreamedInstall {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamedInstall.class);
  private static final String WHAT = "ledger snapshot";

  private final ArrivingBytes bytes;
  private final int checksum;
  private final CountDownLatch decided = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean go;
  private volatile CairnException failure;
  /** When the ingest read and checked the last pair ({@link System#nanoTime}; 0 before). */
  private volatile long readNanos;
  /** When {@link #commit} was called (0 before). */
  private volatile long commitNanos;
  /** When every new table was written and synced, waiting for the decision (0 before). */
  private volatile long syncedNanos;

  /**
   * Starts ingesting {@code bytes}, whose CRC32C will have to be {@code checksum}, into {@code db}
   * on a new daemon thread named {@code name}.
   */
  public StreamedInstall(Db db, ArrivingBytes bytes, int checksum, String name) {
    this.bytes = bytes;
    this.checksum = checksum;
    Thread.ofPlatform().name(name).daemon().start(() -> run(db));
  }

  private void run(Db db) {
    try {
      db.replaceAll(new SnapshotPairs(bytes, this::checked, this::decide));
    } catch (CairnException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new CorruptionException("ingest of the streamed ledger snapshot failed: " + e, e);
    } finally {
      finished.countDown();
    }
  }

  /**
   * Whether this ingest is of the snapshot whose data has {@code length} bytes and CRC32C {@code
   * crc}, and has not failed so far.
   */
  public boolean matches(int length, int crc) {
    return bytes.length() == length && checksum == crc && failure == null && !bytes.abandoned();
  }

  /**
   * Lets the ingest commit once its last pair is read and checked, and waits for it; returns
   * whether the database now holds the snapshot. False when the ingest failed or was abandoned:
   * the database is then unchanged and the caller installs the snapshot another way.
   */
  public boolean commit() {
    commitNanos = System.nanoTime();
    if (bytes.complete()) {
      go = true;
    } else {
      bytes.abandon(); // the protocol has the whole snapshot, this copy does not: it missed a chunk
    }
    decided.countDown();
    try {
      finished.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    if (failure != null) {
      LOG.warn("the streamed install of the ledger snapshot failed; installing it from its bytes: {}",
          failure.getMessage());
    }
    return failure == null;
  }

  /** When the ingest had read and checked the last pair, by {@link System#nanoTime} (0: not yet). */
  public long readNanos() {
    return readNanos;
  }

  /** When the new tables were written and synced, by {@link System#nanoTime} (0: not yet). */
  public long syncedNanos() {
    return syncedNanos;
  }

  /** When the install asked this ingest to commit, by {@link System#nanoTime} (0: not yet). */
  public long commitNanos() {
    return commitNanos;
  }

  /** Drops the ingest: its tables are deleted and the database is left as it was. */
  public void abandon() {
    decided.countDown();
    bytes.abandon();
  }

  /**
   * After the last pair, checked: the whole data's CRC32C ({@code crc}) must be the transfer's
   * checksum (on the ingest thread).
   */
  private void checked(int crc) {
    if (crc != checksum) {
      throw CorruptionException.at(WHAT, 0, "the data does not match the transfer's checksum");
    }
    readNanos = System.nanoTime();
  }

  /**
   * The tables are written and synced: the ingest waits for {@link #commit} or {@link #abandon}
   * before its MANIFEST edit (on the ingest thread).
   */
  private void decide() {
    syncedNanos = System.nanoTime();
    try {
      decided.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!go) {
      throw new ClosedException("the streamed ledger snapshot was not installed");
    }
  }
}
