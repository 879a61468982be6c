package io.cairn.lsm.internal.db;

import io.cairn.common.CorruptionException;
import io.cairn.lsm.internal.compaction.FlushJob;
import io.cairn.lsm.internal.fs.DbFileNames;
import io.cairn.lsm.internal.fs.SequentialReadFile;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.log.BatchFormat;
import io.cairn.lsm.internal.log.LogFormat;
import io.cairn.lsm.internal.log.LogReader;
import io.cairn.lsm.internal.log.TailPolicy;
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
 * <p>Tail policy: a segment's torn tail (what a crash during an append leaves) is dropped, unless
 * paranoid checks are on; damage followed by intact records is refused. A torn tail is accepted
 * only where nothing newer follows: if a later segment holds records, the recovered state would
 * not be a prefix of the writes, so that is refused as corruption too.
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
    for (long number : logs) {
      Path path = DbFileNames.log(db.directory, number);
      try (SequentialReadFile file = db.files.openSequential(path)) {
        LogReader reader = new LogReader(file, LogFormat.KIND_WAL, number, policy);
        for (byte[] record = reader.readRecord(); record != null; record = reader.readRecord()) {
          if (tornTail != null) {
            throw new CorruptionException("corruption in " + tornTail.file() + " at offset " + tornTail.offset()
                + ": " + tornTail.reason() + ", yet the newer WAL segment " + path.getFileName() + " holds records");
          }
          replayer.apply(record, path, reader.lastRecordOffset());
        }
        if (reader.droppedTail() != null) {
          tornTail = reader.droppedTail();
          LOG.warn("WAL recovery dropped a torn tail (writes never acknowledged as synced): {}", tornTail);
        }
      }
    }
    replayer.flush();
    if (!logs.isEmpty()) {
      LOG.debug("replayed {} WAL segment(s) of {}: {} records", logs.size(), db.directory, replayer.records);
    }
    return replayer.maxSequence;
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
      this.mem = new MemTable(db.comparator, db.options.writeBufferBytes());
      this.maxSequence = db.versions.lastSequence();
    }

    void apply(byte[] record, Path path, long offset) {
      if (record.length < BatchFormat.HEADER_BYTES) {
        throw CorruptionException.at(path, offset, "WAL record of " + record.length + " bytes is shorter than a batch header");
      }
      long first = BatchFormat.firstSequence(record, 0);
      if (first < 1 || first > InternalKeyFormat.MAX_SEQUENCE - record.length) {
        throw CorruptionException.at(path, offset, "WAL record has an impossible sequence number " + first);
      }
      sequence = first;
      try {
        BatchFormat.visit(record, 0, record.length, this);
      } catch (CorruptionException e) {
        throw CorruptionException.at(path, offset, e.getMessage());
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
        mem = new MemTable(db.comparator, db.options.writeBufferBytes());
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
