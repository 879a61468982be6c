package io.cairn.kraft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryLogStorageTest {
  private static Entry entry(long index, long term) {
    return new Entry(index, term, EntryType.NORMAL, new byte[] {(byte) index});
  }

  @Test
  void appendTruncatesTheConflictingSuffix() {
    MemoryLogStorage storage = new MemoryLogStorage();
    storage.append(List.of(entry(1, 1), entry(2, 1), entry(3, 1)));
    storage.append(List.of(entry(2, 2)));
    assertThat(storage.lastIndex()).isEqualTo(2);
    assertThat(storage.term(2)).isEqualTo(2);
    assertThatThrownBy(() -> storage.append(List.of(entry(5, 2)))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void compactionKeepsTheTermOfTheCompactionPoint() {
    MemoryLogStorage storage = new MemoryLogStorage();
    storage.append(List.of(entry(1, 1), entry(2, 1), entry(3, 2)));
    storage.saveSnapshot(new Snapshot(new SnapshotMetadata(2, 1, Configuration.EMPTY), new byte[] {9}));
    storage.compact(2);
    assertThat(storage.firstIndex()).isEqualTo(3);
    assertThat(storage.term(2)).isEqualTo(1);
    assertThat(storage.entries(3, 4, 1)).containsExactly(entry(3, 2));
    assertThatThrownBy(() -> storage.term(1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> storage.compact(3)).hasMessageContaining("past snapshot");
  }

  @Test
  void entriesStopAtTheByteLimitButReturnAtLeastOne() {
    MemoryLogStorage storage = new MemoryLogStorage();
    storage.append(List.of(entry(1, 1), entry(2, 1), entry(3, 1)));
    assertThat(storage.entries(1, 4, 1)).hasSize(1);
    assertThat(storage.entries(1, 4, 2 * entry(1, 1).sizeBytes())).hasSize(2);
  }

  @Test
  void applyingASnapshotReplacesTheLog() {
    MemoryLogStorage storage = new MemoryLogStorage();
    storage.append(List.of(entry(1, 1), entry(2, 1)));
    storage.applySnapshot(new Snapshot(new SnapshotMetadata(10, 3, Configuration.EMPTY), new byte[0]));
    assertThat(storage.firstIndex()).isEqualTo(11);
    assertThat(storage.lastIndex()).isEqualTo(10);
    assertThat(storage.term(10)).isEqualTo(3);
  }
}
