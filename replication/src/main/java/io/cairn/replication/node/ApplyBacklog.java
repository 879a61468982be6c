package io.cairn.replication.node;

import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.LogStorage;
import java.util.List;

/**
 * The committed entries a member's {@link Driver} has taken from KRaft but not yet handed to its
 * {@link Applier}, because the apply queue was full: only their indexes are kept, and the entries
 * are read back from the log when the applier has room again. The driver never waits for the
 * apply (session 12): before, it blocked handing entries to a full queue, and while it waited it
 * neither persisted nor acknowledged appends, so a member whose apply lagged (a node that just
 * installed a snapshot, in a fresh JVM, then applied the log tail one block at a time) also held
 * back its log, and with it the leader's catch-up rounds and its promotion (issue #17: 4-8.6 s of
 * log tail for ~900 entries). Persisting and acknowledging depend on the log only; the apply
 * follows in log order as fast as it goes.
 *
 * <p>Memory stays bounded: the applier holds at most {@link Applier#hasRoom its budget} (plus one
 * hand-over), the rest stays in the log, which keeps every entry above the applier's last
 * snapshot (the log is compacted only below the snapshots the applier takes, and those are at or
 * below what it was handed).
 *
 * <p>Invariant: the entries handed over are consecutive, in log order; {@code handed <= through},
 * and the entries {@code (handed, through]} are committed and in the log.
 *
 * <p>Thread-safety: not thread-safe (the driver's thread).
 */
final class ApplyBacklog {
  /** Most bytes of entries read back from the log for one hand-over (KRaft's own bound per {@code Ready}). */
  static final long READ_BYTES_MAX = 4L << 20;

  /** Where the entries go: the {@link Applier}. */
  interface Sink {
    /** Whether the sink takes more entries now. */
    boolean hasRoom();

    /** Takes {@code entries} (consecutive, in log order) without waiting. */
    void apply(List<Entry> entries);
  }

  private final Sink sink;
  private final LogStorage log;
  /** The last index handed to the sink; -1 before the first committed entry is seen. */
  private long handed = -1;
  /** The last committed index taken from KRaft; entries {@code (handed, through]} wait. */
  private long through = -1;
  /** Entries read back from the log for the sink (they waited). */
  private long readBack;

  ApplyBacklog(Sink sink, LogStorage log) {
    this.sink = sink;
    this.log = log;
  }

  /**
   * KRaft's committed entries of one {@code Ready} (consecutive, following the last ones): handed
   * over at once when nothing waits and the sink has room, else remembered by index.
   */
  void committed(List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    long first = entries.getFirst().index();
    long last = entries.getLast().index();
    if (handed < 0) {
      handed = first - 1;
      through = first - 1;
    }
    assert first == through + 1 : "committed entries from " + first + " after " + through;
    if (through == handed && sink.hasRoom()) {
      sink.apply(entries);
      handed = last;
    }
    through = last;
  }

  /** Hands waiting entries over, read back from the log, while the sink has room. */
  void feed() {
    while (handed < through && sink.hasRoom()) {
      assert handed + 1 >= log.firstIndex() : "entry " + (handed + 1) + " was compacted before it was applied";
      List<Entry> entries = log.entries(handed + 1, through + 1, READ_BYTES_MAX);
      sink.apply(entries);
      handed = entries.getLast().index();
      readBack += entries.size();
    }
  }

  /**
   * A snapshot at {@code index} replaced the log and goes to the applier next: every committed
   * entry up to it is covered by it (KRaft installs only a snapshot beyond its commit index).
   */
  void installed(long index) {
    assert through <= index : "snapshot at " + index + " below committed entries through " + through;
    handed = index;
    through = index;
  }

  /** Committed entries not yet handed to the sink. */
  long waiting() {
    return Math.max(0, through - handed);
  }

  /** Entries handed over after waiting (read back from the log) since this backlog was made. */
  long readBack() {
    return readBack;
  }
}
