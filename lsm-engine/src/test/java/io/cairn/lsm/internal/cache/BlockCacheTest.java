package io.cairn.lsm.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlockCacheTest {
  @Test
  void usageStaysWithinCapacityAndEvictsTheLeastRecentlyUsed() {
    BlockCache<String> cache = new BlockCache<>(16 * 1000);
    for (int i = 0; i < 10_000; i++) {
      cache.put(1, i, "block" + i, 100);
      assertThat(cache.usageBytes()).isLessThanOrEqualTo(16 * 1000);
    }
    assertThat(cache.get(1, 9_999)).isEqualTo("block9999");
    assertThat(cache.get(1, 0)).isNull();
  }

  @Test
  void recentlyReadEntriesSurviveEviction() {
    BlockCache<String> cache = new BlockCache<>(BlockCache.SHARD_COUNT * 1000L);
    cache.put(7, 0, "hot", 100);
    for (int i = 1; i < 5_000; i++) {
      assertThat(cache.get(7, 0)).isEqualTo("hot");
      cache.put(7, i, "cold" + i, 100);
    }
    assertThat(cache.get(7, 0)).isEqualTo("hot");
    assertThat(cache.hits()).isGreaterThan(4_000);
  }

  @Test
  void replacingAnEntryKeepsTheChargeExact() {
    BlockCache<String> cache = new BlockCache<>(1 << 20);
    cache.put(1, 1, "a", 100);
    cache.put(1, 1, "b", 300);
    assertThat(cache.get(1, 1)).isEqualTo("b");
    assertThat(cache.usageBytes()).isEqualTo(300);
    cache.eraseFile(1);
    assertThat(cache.get(1, 1)).isNull();
    assertThat(cache.usageBytes()).isZero();
  }

  @Test
  void zeroCapacityCachesNothing() {
    BlockCache<String> cache = new BlockCache<>(0);
    cache.put(1, 1, "a", 1);
    assertThat(cache.get(1, 1)).isNull();
  }
}
