package io.cairn.kraft.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.kraft.api.HardState;
import io.cairn.kraft.api.MemoryLogStorage;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaftLogTest {
  private static Entry e(long index, long term) {
    return new Entry(index, term, EntryType.NORMAL, new byte[] {(byte) index, (byte) term});
  }

  private static RaftLog log(Entry... stable) {
    MemoryLogStorage storage = new MemoryLogStorage();
    storage.append(List.of(stable));
    return new RaftLog(storage, 0);
  }

  @Test
  void findConflictNamesTheFirstDifferingEntry() {
    RaftLog log = log(e(1, 1), e(2, 2), e(3, 3));
    assertThat(log.findConflict(List.of(e(1, 1), e(2, 2)))).isEqualTo(0);
    assertThat(log.findConflict(List.of(e(2, 2), e(3, 4), e(4, 4)))).isEqualTo(3);
    assertThat(log.findConflict(List.of(e(3, 3), e(4, 3)))).isEqualTo(4);
  }

  @Test
  void findConflictByTermSkipsAWholeTerm() {
    RaftLog log = log(e(1, 1), e(2, 2), e(3, 4), e(4, 4), e(5, 4));
    assertThat(log.findConflictByTerm(5, 3)).isEqualTo(2);
    assertThat(log.findConflictByTerm(5, 4)).isEqualTo(5);
    assertThat(log.findConflictByTerm(5, 0)).isEqualTo(0);
  }

  @Test
  void unstableEntriesOverrideStorageUntilPersisted() {
    RaftLog log = log(e(1, 1), e(2, 1), e(3, 1));
    log.append(List.of(e(2, 2)));
    assertThat(log.lastIndex()).isEqualTo(2);
    assertThat(log.term(2)).isEqualTo(2);
    assertThat(log.term(1)).isEqualTo(1);
    assertThat(log.slice(1, 3, Long.MAX_VALUE)).containsExactly(e(1, 1), e(2, 2));
    log.storage().append(List.of(e(2, 2)));
    log.stableTo(2, 2);
    assertThat(log.unstable().entries()).isEmpty();
    assertThat(log.term(2)).isEqualTo(2);
  }

  @Test
  void committedEntriesCannotBeOverwritten() {
    RaftLog log = log(e(1, 1), e(2, 1));
    log.commitTo(2);
    assertThatThrownBy(() -> log.append(List.of(e(2, 2)))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> log.commitTo(3)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void upToDateComparesLastTermThenLastIndex() {
    RaftLog log = log(e(1, 1), e(2, 2));
    assertThat(log.isUpToDate(1, 3)).isTrue();
    assertThat(log.isUpToDate(2, 2)).isTrue();
    assertThat(log.isUpToDate(5, 1)).isFalse();
    assertThat(log.isUpToDate(1, 2)).isFalse();
  }

  @Test
  void restoreReplacesTheLogAndTermsBeforeItAreUnavailable() {
    RaftLog log = log(e(1, 1));
    log.restore(new Snapshot(new SnapshotMetadata(10, 3, Configuration.EMPTY), new byte[0]));
    assertThat(log.firstIndex()).isEqualTo(11);
    assertThat(log.lastIndex()).isEqualTo(10);
    assertThat(log.term(10)).isEqualTo(3);
    assertThat(log.term(5)).isEqualTo(RaftLog.UNAVAILABLE);
    assertThat(log.committed()).isEqualTo(10);
    assertThat(log.hasNextCommittedEntries()).isFalse();
  }

  @Test
  void restartStartsAppliedAtTheHintWithinTheCommittedRange() {
    MemoryLogStorage storage = new MemoryLogStorage();
    storage.append(List.of(e(1, 1), e(2, 1), e(3, 1)));
    storage.setHardState(new HardState(1, null, 2));
    RaftLog log = new RaftLog(storage, 9);
    assertThat(log.applied()).isEqualTo(2);
    assertThat(new RaftLog(storage, 0).nextCommittedEntries(Long.MAX_VALUE)).containsExactly(e(1, 1), e(2, 1));
  }
}
