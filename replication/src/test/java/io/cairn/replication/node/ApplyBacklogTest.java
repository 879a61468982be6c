package io.cairn.replication.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.kraft.api.MemoryLogStorage;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotMetadata;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplyBacklogTest {
  /** A sink that takes entries while it has room: {@code room} entries more. */
  private static final class Sink implements ApplyBacklog.Sink {
    final List<Entry> taken = new ArrayList<>();
    final List<Integer> handOvers = new ArrayList<>();
    int room;

    @Override
    public boolean hasRoom() {
      return room > 0;
    }

    @Override
    public void apply(List<Entry> entries) {
      taken.addAll(entries);
      handOvers.add(entries.size());
      room -= entries.size();
    }
  }

  private static List<Entry> entries(long from, long through) {
    List<Entry> entries = new ArrayList<>();
    for (long index = from; index <= through; index++) {
      entries.add(new Entry(index, 1, EntryType.NORMAL, ("block " + index).getBytes()));
    }
    return entries;
  }

  private static List<Long> indexes(List<Entry> entries) {
    return entries.stream().map(Entry::index).toList();
  }

  @Test
  void handsEntriesOverAtOnceWhileTheSinkHasRoom() {
    MemoryLogStorage log = new MemoryLogStorage();
    log.append(entries(1, 6));
    Sink sink = new Sink();
    sink.room = 100;
    ApplyBacklog backlog = new ApplyBacklog(sink, log);

    List<Entry> first = entries(1, 3);
    backlog.committed(first);
    backlog.committed(entries(4, 6));

    assertThat(sink.taken.subList(0, 3)).isEqualTo(first);
    assertThat(indexes(sink.taken)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(sink.handOvers).containsExactly(3, 3);
    assertThat(backlog.waiting()).isZero();
    assertThat(backlog.readBack()).isZero();
  }

  @Test
  void entriesCommittedWhileTheSinkIsFullWaitAndAreReadBackInOrder() {
    MemoryLogStorage log = new MemoryLogStorage();
    log.append(entries(1, 20));
    Sink sink = new Sink();
    sink.room = 2;
    ApplyBacklog backlog = new ApplyBacklog(sink, log);

    backlog.committed(entries(1, 2)); // taken: the sink is full now
    backlog.committed(entries(3, 5));
    backlog.committed(entries(6, 9));
    assertThat(indexes(sink.taken)).containsExactly(1L, 2L);
    assertThat(backlog.waiting()).isEqualTo(7);

    backlog.feed(); // still no room: nothing moves
    assertThat(sink.taken).hasSize(2);

    sink.room = 1; // one hand-over, which may exceed the room
    backlog.feed();
    assertThat(indexes(sink.taken)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(sink.taken.subList(2, 9)).isEqualTo(entries(3, 9));
    assertThat(backlog.waiting()).isZero();
    assertThat(backlog.readBack()).isEqualTo(7);

    // Once caught up, new commits go straight over again (when there is room).
    sink.room = 5;
    backlog.committed(entries(10, 11));
    assertThat(indexes(sink.taken).subList(9, 11)).containsExactly(10L, 11L);
    assertThat(backlog.readBack()).isEqualTo(7);
  }

  @Test
  void aCommitBehindWaitingEntriesWaitsToo() {
    MemoryLogStorage log = new MemoryLogStorage();
    log.append(entries(1, 8));
    Sink sink = new Sink();
    ApplyBacklog backlog = new ApplyBacklog(sink, log);

    backlog.committed(entries(1, 4)); // no room: waits
    sink.room = 10;
    backlog.committed(entries(5, 8)); // room now, but 1-4 wait: this must not overtake them
    assertThat(sink.taken).isEmpty();
    backlog.feed();
    assertThat(indexes(sink.taken)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
  }

  @Test
  void aSnapshotInstallDropsTheEntriesItCovers() {
    MemoryLogStorage log = new MemoryLogStorage();
    log.append(entries(1, 5));
    Sink sink = new Sink();
    ApplyBacklog backlog = new ApplyBacklog(sink, log);

    backlog.committed(entries(1, 5)); // no room: waits
    Snapshot snapshot = new Snapshot(new SnapshotMetadata(10, 1, Configuration.EMPTY), new byte[] {1});
    log.applySnapshot(snapshot);
    backlog.installed(10);
    assertThat(backlog.waiting()).isZero();

    log.append(entries(11, 12));
    sink.room = 10;
    backlog.committed(entries(11, 12));
    assertThat(indexes(sink.taken)).containsExactly(11L, 12L);
  }

  @Test
  void readsBackAtMostTheByteBoundPerHandOver() {
    MemoryLogStorage log = new MemoryLogStorage();
    List<Entry> big = new ArrayList<>();
    for (long index = 1; index <= 3; index++) {
      big.add(new Entry(index, 1, EntryType.NORMAL, new byte[(int) (ApplyBacklog.READ_BYTES_MAX / 2)]));
    }
    log.append(big);
    Sink sink = new Sink();
    ApplyBacklog backlog = new ApplyBacklog(sink, log);
    backlog.committed(big);
    sink.room = 100;
    backlog.feed();
    assertThat(indexes(sink.taken)).containsExactly(1L, 2L, 3L);
    assertThat(sink.handOvers).containsExactly(1, 1, 1);
  }
}
