package io.cairn.lsm.internal.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.lsm.api.KeyComparator;
import io.cairn.lsm.internal.fs.DbFileNames;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.log.LogFormat;
import io.cairn.lsm.internal.log.LogWriter;
import io.cairn.lsm.internal.memtable.MemTable;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The memtable set keeps its sealed memtables oldest first with their WAL segments, refuses a
 * seal past its limit and a flush out of order, names the WAL segments recovery still needs, and
 * syncs sealed segments only while something depends on them.
 */
class MemTableSetTest {
  private static final Path DIRECTORY = Path.of("/db");
  private final InMemoryFileLayer files = new InMemoryFileLayer();
  private final InternalKeyComparator comparator = new InternalKeyComparator(KeyOrder.of(KeyComparator.BYTEWISE));
  private final ReentrantLock mutex = new ReentrantLock();
  private MemTableSet set;

  @BeforeEach
  void lock() {
    files.createDirectories(DIRECTORY);
    mutex.lock();
    set = new MemTableSet(mutex, new MemTable(comparator), 2);
    set.start(log(5), 5);
  }

  @AfterEach
  void unlock() {
    set.closeLogs();
    mutex.unlock();
  }

  @Test
  void sealedMemTablesAreFlushedOldestFirstAndTheLiveLogFollows() {
    MemTable first = set.mutable();
    assertThat(set.oldestLiveLogNumber()).isEqualTo(5);
    set.seal(new MemTable(comparator), log(7), 7);
    MemTable second = set.mutable();
    set.seal(new MemTable(comparator), log(9), 9);
    assertThat(set.canSeal()).isFalse();
    assertThat(set.immutablesNewestFirst()).containsExactly(second, first);
    assertThat(set.oldestLiveLogNumber()).isEqualTo(5);

    MemTableSet.Sealed oldest = set.oldestImmutable();
    assertThat(oldest.table()).isSameAs(first);
    assertThat(set.logNumberAfterFlushOf(List.of(oldest))).isEqualTo(7);
    set.flushed(List.of(oldest));
    assertThat(set.oldestLiveLogNumber()).isEqualTo(7);
    assertThat(set.canSeal()).isTrue();

    MemTableSet.Sealed next = set.oldestImmutable();
    assertThat(set.logNumberAfterFlushOf(List.of(next))).isEqualTo(9);
    set.flushed(List.of(next));
    assertThat(set.hasImmutables()).isFalse();
    assertThat(set.oldestLiveLogNumber()).isEqualTo(9).isEqualTo(set.logNumber());
  }

  @Test
  void brokenInvariantsAreCrashesNotSilentReturns() {
    set.seal(new MemTable(comparator), log(7), 7);
    MemTableSet.Sealed oldest = set.oldestImmutable();
    set.seal(new MemTable(comparator), log(9), 9);
    assertThatThrownBy(() -> set.seal(new MemTable(comparator), log(11), 11)).isInstanceOf(AssertionError.class);
    MemTableSet.Sealed newest = new MemTableSet.Sealed(set.immutablesNewestFirst().get(0), 7, null);
    assertThatThrownBy(() -> set.flushed(List.of(newest))).isInstanceOf(AssertionError.class);
    set.flushed(List.of(oldest));
    assertThatThrownBy(() -> set.seal(new MemTable(comparator), log(3), 3)).isInstanceOf(AssertionError.class);
  }

  @Test
  void oneFlushMayTakeTheOldestSealedMemTablesTogether() {
    MemTable first = set.mutable();
    set.seal(new MemTable(comparator), log(7), 7);
    MemTable second = set.mutable();
    set.seal(new MemTable(comparator), log(9), 9);

    List<MemTableSet.Sealed> oldestOnly = set.oldestImmutables(taken -> false);
    assertThat(oldestOnly).extracting(MemTableSet.Sealed::table).containsExactly(first);
    List<MemTableSet.Sealed> both = set.oldestImmutables(taken -> true);
    assertThat(both).extracting(MemTableSet.Sealed::table).containsExactly(first, second);
    assertThat(set.logNumberAfterFlushOf(oldestOnly)).isEqualTo(7);
    assertThat(set.logNumberAfterFlushOf(both)).isEqualTo(9).isEqualTo(set.logNumber());

    assertThatThrownBy(() -> set.flushed(List.of(both.get(1)))).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> set.flushed(List.of())).isInstanceOf(AssertionError.class);
    set.flushed(both);
    assertThat(set.hasImmutables()).isFalse();
    assertThat(set.oldestLiveLogNumber()).isEqualTo(9);
  }

  @Test
  void aFlushedSegmentIsClosedUnsyncedAndASyncedWriteSyncsOnlyTheOthers() {
    set.seal(new MemTable(comparator), log(7), 7);
    set.seal(new MemTable(comparator), log(9), 9);
    assertThat(set.hasUnsyncedSealedLogs()).isTrue();
    List<MemTableSet.Sealed> flushed = set.oldestImmutables(taken -> false);
    LogWriter retired = flushed.getFirst().log();
    mutex.unlock();
    try {
      set.retireSealedLogs(flushed);
      set.syncSealedLogs(Long.MAX_VALUE);
    } finally {
      mutex.lock();
    }
    Path five = DbFileNames.log(DIRECTORY, 5);
    Path seven = DbFileNames.log(DIRECTORY, 7);
    assertThat(files.syncedBytes(five)).as("a retired segment is never synced").isZero();
    assertThat(files.fileBytes(five)).isPositive();
    assertThat(files.syncedBytes(seven)).as("the other sealed segment is").isEqualTo(files.fileBytes(seven));
    assertThatThrownBy(() -> retired.addRecord(new byte[1], 0, 1)).as("and closed")
        .isInstanceOf(IllegalStateException.class);
    assertThat(set.hasUnsyncedSealedLogs()).isFalse();
    set.flushed(flushed);
    assertThat(set.oldestLiveLogNumber()).isEqualTo(7);
  }

  private LogWriter log(long number) {
    return LogWriter.create(files.createAppendFile(DbFileNames.log(DIRECTORY, number)), LogFormat.KIND_WAL, number);
  }
}
