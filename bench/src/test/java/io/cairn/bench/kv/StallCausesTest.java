package io.cairn.bench.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Session 15: a Cairn store reports its stalled time by cause and its flushes' wall time, the JSON
 * report's {@code stats} carries them as {@code stall_ms_by_cause} and {@code flush_ms} beside the
 * existing keys, and the rounds' mean keeps them.
 */
class StallCausesTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"cairn-pmem", "cairn-ssd"})
  void aCairnStoreReportsItsFlushesAndStallCauses(String name) throws Exception {
    Engine engine = Engines.parse(List.of(name)).getFirst();
    Path db = Files.createDirectories(dir.resolve(name));
    StoreStats stats;
    try (KvStore store = engine.open(db, StoreSettings.defaults().withWriteBuffer(64 << 10))) {
      byte[] value = new byte[4096];
      for (int i = 0; i < 400; i++) {
        value[0] = (byte) i;
        store.put(String.format("key%05d", i).getBytes(java.nio.charset.StandardCharsets.US_ASCII), value);
      }
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!store.backgroundIdle() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      stats = store.stats();
    }
    StoreStats.StallCauses causes = stats.stallCauses();
    assertThat(causes).isNotNull();
    assertThat(causes.flushes()).isPositive();
    assertThat(causes.flushedMemTables()).isGreaterThanOrEqualTo(causes.flushes());
    assertThat(causes.flushTableMs()).isPositive();
    assertThat(causes.flushInstallMs()).isPositive();
    double causeSum = causes.slowdownMs() + causes.flushBehindMs() + causes.l0StopMs() + causes.pmemBudgetMs()
        + causes.switchMs();
    assertThat(causeSum).isLessThanOrEqualTo(stats.writeStallMillis() + 1e-6);

    String json = stats.toJson().toString();
    assertThat(json).contains("\"stall_share\"", "\"write_stall_ms\"", "\"stall_ms_by_cause\"", "\"flush_behind\"",
        "\"slowdown_rate\"", "\"l0_stop\"", "\"pmem_budget\"", "\"memtable_switch\"", "\"flush_ms\"",
        "\"install_ms\"", "\"table_ms\"");

    StoreStats mean = StoreStats.mean(List.of(stats, stats));
    assertThat(mean.stallCauses()).isEqualTo(causes);
    assertThat(StoreStats.mean(List.of(stats, StoreStats.NONE)).stallCauses()).isNull();
  }
}
