package io.cairn.replication.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The entry cache's contract in small steps; {@code EngineLogStorageTest} checks it under random writes. */
class EntryCacheTest {
  private static List<Entry> entries(long first, int count, long term) {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      entries.add(new Entry(first + i, term, EntryType.NORMAL, new byte[76])); // 100 bytes each
    }
    return entries;
  }

  @Test
  void evictsTheOldestFirstAndKeepsTheNewest() {
    EntryCache cache = new EntryCache(350);
    cache.appended(entries(1, 5, 1));
    assertThat(cache.count()).isEqualTo(3);
    assertThat(cache.get(2)).isNull();
    assertThat(cache.get(3).index()).isEqualTo(3);
    assertThat(cache.get(5).index()).isEqualTo(5);
    assertThat(cache.get(6)).isNull();
    EntryCache tiny = new EntryCache(10);
    tiny.appended(entries(1, 3, 1));
    assertThat(tiny.count()).isEqualTo(1);
    assertThat(tiny.get(3)).isNotNull();
  }

  @Test
  void anOverwritingAppendReplacesTheSuffixAndAGapStartsAfresh() {
    EntryCache cache = new EntryCache(1 << 20);
    cache.appended(entries(1, 5, 1));
    cache.appended(entries(3, 1, 2));
    assertThat(cache.count()).isEqualTo(3);
    assertThat(cache.get(3).term()).isEqualTo(2);
    assertThat(cache.get(4)).isNull();
    cache.appended(entries(10, 2, 3));
    assertThat(cache.get(1)).isNull();
    assertThat(cache.get(10).term()).isEqualTo(3);
  }

  @Test
  void compactionDropsThePrefixAndClearForgetsAll() {
    EntryCache cache = new EntryCache(1 << 20);
    cache.appended(entries(1, 5, 1));
    cache.compacted(3);
    assertThat(cache.get(3)).isNull();
    assertThat(cache.get(4)).isNotNull();
    cache.compacted(9);
    assertThat(cache.count()).isZero();
    cache.appended(entries(6, 1, 1));
    assertThat(cache.get(6)).isNotNull();
    cache.clear();
    assertThat(cache.get(6)).isNull();
    EntryCache none = new EntryCache(0);
    none.appended(entries(1, 2, 1));
    assertThat(none.count()).isZero();
  }
}
