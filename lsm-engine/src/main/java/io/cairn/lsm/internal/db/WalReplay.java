package io.cairn.lsm.internal.db;

import io.cairn.common.CorruptionException;
import io.cairn.lsm.internal.compaction.FlushJob;
import io.cairn.lsm.internal.fs.DbFileNames;
import io.cairn.lsm.internal.fs.SequentialReadFile;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.log.BatchFormat;
import io.cairn.lsm.internal.log.LogReader;
import io.cairn.lsm.internal.log.TailPolicy;
import io.cairn.lsm.internal.log.WalSegmentReader;
import io.cairn.lsm.internal.memtable.MemTable;
import io.cairn.lsm.internal.version.VersionEdit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays the WAL segments the MANIFEST does not cover (numbers at or above its log number), in
 * order, into memtables that are written as L0 tables (added to the caller's edit).
 *
 * <p>What is replayed is always a prefix of the writes. Sealed segments are synced only by a
 * synced write or close, not at the switch nor by their flush, so after a power cut a sealed
 * segment may have lost a tail while a newer one survived. Each segment (format version 2) starts with a marker naming its first
 * sequence number; replay stops at the first segment whose marker is missing or does not follow
 * the previous segment's last write, and drops it and every later segment (RocksDB's point-in-time
 * recovery), logged at WARN and refused with paranoid checks. A torn tail of a segment (what a
 * crash during an append leaves) is dropped, unless paranoid checks are on; damage followed by
 * intact records is refused. Version-1 segments (no marker) keep the older rule: a torn tail
 * followed by a newer segment holding records is refused as corruption.
 */
final class WalReplay {
  private static final Logger LOG = LoggerFactory.getLogger(WalReplay.class);

  private WalReplay() {}

  /** Replays the logs; returns the largest sequence number found (or the MANIFEST's). */
  static long replay(DbImpl db, VersionEdit edit) {
    List<Long> logs = new ArrayList<>();
    for (String name : db.files.list(db.directory)) {
      DbFileNames.Parsed parsed = DbFileNames.parse(name);
      if (parsed != null && parsed.kind() == DbFileNames.Kind.LOG) {
        db.versions.markFileNumberUsed(parsed.number());
        if (parsed.number() >= db.versions.logNumber()) {
          logs.add(parsed.number());
        }
      }
    }
    logs.sort(null);
    TailPolicy policy = db.options.paranoidChecks() ? TailPolicy.REFUSE_ANY : TailPolicy.DROP_TORN_TAIL;
    Replayer replayer = new Replayer(db, edit);
    LogReader.Dropped tornTail = null;
    long expected = -1;
    String stop = null;
    List<Path> dropped = new ArrayList<>();
    for (long number : logs) {
      Path path = DbFileNames.log(db.directory, number);
      if (stop != null) {
        dropped.add(path);
        continue;
      }
      try (SequentialReadFile file = db.files.openSequential(path)) {
        WalSegmentReader segment = WalSegmentReader.open(file, number, policy);
        long start = segment.startSequence();
        if (start == WalSegmentReader.MISSING) {
          stop = path.getFileName() + " has no start marker (it is empty or was cut short before it)";
          continue;
        }
        if (start != WalSegmentReader.UNMARKED && expected >= 0 && start != expected) {
          stop = path.getFileName() + " starts at sequence " + start + " but the segment before it ends before "
              + expected + (tornTail != null ? " (torn: " + tornTail + ")" : "");
          dropped.add(path);
          continue;
        }
        replayer.noteStart(start);
        for (byte[] batch = segment.nextBatch(); batch != null; batch = segment.nextBatch()) {
          if (tornTail != null && start == WalSegmentReader.UNMARKED) {
            throw new CorruptionException("corruption in " + tornTail.file() + " at offset " + tornTail.offset()
                + ": " + tornTail.reason() + ", yet the newer WAL segment " + path.getFileName() + " holds records");
          }
          replayer.apply(batch, path, segment.lastRecordOffset());
        }
        expected = segment.nextSequence();
        tornTail = segment.droppedTail();
        if (tornTail != null) {
          LOG.warn("WAL recovery dropped a torn tail (writes never acknowledged as synced): {}", tornTail);
        }
      }
    }
    if (!dropped.isEmpty()) {
      reportDropped(db, stop, dropped);
    }
    replayer.flush();
    if (!logs.isEmpty()) {
      LOG.debug("replayed {} WAL segment(s) of {}: {} records", logs.size() - dropped.size(), db.directory,
          replayer.records);
    }
    return replayer.maxSequence;
  }

  /** Logs the segments a hole made replay drop, or refuses them with paranoid checks. */
  private static void reportDropped(DbImpl db, String stop, List<Path> dropped) {
    if (db.options.paranoidChecks()) {
      throw new CorruptionException("corruption in the WAL: " + stop + "; paranoid checks refuse to drop " + dropped);
    }
    LOG.warn("WAL recovery stopped where a segment's lost tail left a hole: {}; recovered the writes before it and"
        + " dropped the later segment(s) {} (point-in-time recovery; none held a write acknowledged as synced)",
        stop, dropped);
  }

  /** Applies batches to a memtable, flushing it to L0 when full. */
  private static final class Replayer implements BatchFormat.Visitor {
    private final DbImpl db;
    private final VersionEdit edit;
    private MemTable mem;
    private long sequence;
    private long maxSequence;
    private long records;

    Replayer(DbImpl db, VersionEdit edit) {
      this.db = db;
      this.edit = edit;
      this.mem = MemTable.of(db.comparator, db.options);
      this.maxSequence = db.versions.lastSequence();
    }

    /** A segment starting at {@code start} (or unmarked): sequence numbers never go back below it. */
    void noteStart(long start) {
      maxSequence = Math.max(maxSequence, start - 1);
    }

    /** Applies a batch whose header {@link WalSegmentReader#nextBatch} checked. */
    void apply(byte[] record, Path path, long offset) {
      sequence = BatchFormat.firstSequence(record, 0);
      try {
        BatchFormat.visit(record, 0, record.length, this);
      } catch (CorruptionException e) {
        throw CorruptionException.at(path, offset, e.getMessage());
      } finally {
        mem.endBatch();
      }
      maxSequence = Math.max(maxSequence, sequence - 1);
      records++;
      if (mem.approximateBytes() > db.options.writeBufferBytes()) {
        flush();
      }
    }

    void flush() {
      if (!mem.isEmpty()) {
        edit.addFile(0, FlushJob.write(mem, db.l0Tables, db.versions));
        mem = MemTable.of(db.comparator, db.options);
      }
    }

    @Override
    public void put(byte[] bytes, int keyOffset, int keyLength, int valueOffset, int valueLength) {
      mem.add(sequence++, InternalKeyFormat.TYPE_VALUE, bytes, keyOffset, keyLength, bytes, valueOffset, valueLength);
    }

    @Override
    public void delete(byte[] bytes, int keyOffset, int keyLength) {
      mem.add(sequence++, InternalKeyFormat.TYPE_DELETION, bytes, keyOffset, keyLength, bytes, 0, 0);
    }
  }
}
