package io.cairn.bench.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnginesTest {
  @Test
  void namesParseInTheOrderGivenOnceEach() {
    assertThat(Engines.parse(List.of("rocksdb", " cairn-ssd", "rocksdb")))
        .extracting(Engine::name).containsExactly("rocksdb", "cairn-ssd");
  }

  @Test
  void everyEngineOfTheIssueIsKnown() {
    assertThat(Engines.all()).extracting(Engine::name)
        .containsExactly("cairn-pmem", "cairn-ssd", "cairn-pmem-budget", "cairn-pmem-inline", "cairn-pmem-nogc", "rocksdb", "leveldb-java");
  }

  @Test
  void unknownEngineIsRejectedWithTheKnownNames() {
    assertThatThrownBy(() -> Engines.parse(List.of("rocksdb", "lmdb")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("unknown engine 'lmdb'")
        .hasMessageContaining("cairn-pmem, cairn-ssd, cairn-pmem-budget, cairn-pmem-inline, cairn-pmem-nogc, rocksdb, leveldb-java");
  }

  @Test
  void cairnPmemKvIsAnAliasOfCairnPmem() {
    assertThat(Engines.parse(List.of("cairn-pmem-kv", "cairn-pmem", "cairn-pmem-inline")))
        .extracting(Engine::name).containsExactly("cairn-pmem", "cairn-pmem-inline");
  }

  @Test
  void emptyListIsRejected() {
    assertThatThrownBy(() -> Engines.parse(List.of())).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void leveldbJavaStatesTheSettingsItCannotTake() {
    Engine iq80 = Engines.parse(List.of("leveldb-java")).getFirst();
    assertThat(iq80.deviations(StoreSettings.defaults()))
        .anyMatch(d -> d.contains("stop at 12"))
        .anyMatch(d -> d.contains("no bloom filter"));
    assertThat(iq80.deviations(StoreSettings.defaults().withL0Limit(12))).noneMatch(d -> d.contains("stop at 12"));
  }

  @Test
  void leveldbJavaTakesAnyMemTableCountAndSaysItHoldsTwo() {
    Engine iq80 = Engines.parse(List.of("leveldb-java")).getFirst();
    StoreSettings four = StoreSettings.defaults().withMaxWriteBufferNumber(4);
    assertThat(StoreSettings.defaults().maxWriteBufferNumber()).isEqualTo(StoreSettings.PAPER_WRITE_BUFFERS);
    assertThat(iq80.writeBuffersUsed(StoreSettings.defaults())).isEqualTo(2);
    assertThat(iq80.writeBuffersUsed(four)).isEqualTo(2);
    assertThat(iq80.deviations(four)).anyMatch(d -> d.startsWith("2 memtables") && d.contains("asked: 4"));
    assertThat(iq80.deviations(four.withMaxWriteBufferNumber(2))).noneMatch(d -> d.contains("memtables"));
    Engine cairn = Engines.parse(List.of("cairn-ssd")).getFirst();
    assertThat(cairn.writeBuffersUsed(four.withMaxWriteBufferNumber(6))).isEqualTo(6);
  }

  @Test
  void onlyIq80sLostRaceWithCompactionIsRetried() {
    RuntimeException lost = new RuntimeException("Could not open table 58",
        new java.io.FileNotFoundException("/db/000058.sst (No such file or directory)"));
    assertThat(LevelDbJavaEngine.lostRaceWithCompaction(lost)).isTrue();
    assertThat(LevelDbJavaEngine.lostRaceWithCompaction(new RuntimeException("Could not open table 58")))
        .isFalse();
    assertThat(LevelDbJavaEngine.lostRaceWithCompaction(new org.iq80.leveldb.DBException("corrupt block")))
        .isFalse();
    assertThat(Engines.parse(List.of("leveldb-java")).getFirst().deviations(StoreSettings.defaults()))
        .anyMatch(d -> d.contains("retried"));
  }

  @Test
  void l0LimitMovesTheLowerThresholdsDownWithIt() {
    StoreSettings six = StoreSettings.defaults().withL0Limit(6);
    assertThat(List.of(six.l0CompactionTrigger(), six.l0SlowdownTrigger(), six.l0StopTrigger()))
        .containsExactly(4, 6, 6);
    StoreSettings ten = StoreSettings.defaults();
    assertThat(List.of(ten.l0CompactionTrigger(), ten.l0SlowdownTrigger(), ten.l0StopTrigger()))
        .containsExactly(4, 8, 10);
    assertThatThrownBy(() -> StoreSettings.defaults().withL0Limit(0)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void rocksDbStatisticsMapsBecomeStallsAndWriteAmplification() {
    Map<String, String> cf = Map.of("total-delays", "6", "total-stops", "30",
        "compaction.Sum.WriteGB", "0.5");
    Map<String, String> db = Map.of("db.user_bytes_written", String.valueOf(1L << 28),
        "db.user_write_stall_micros", "196063");
    assertThat(RocksDbStats.writeStalls(cf)).isEqualTo(36);
    assertThat(RocksDbStats.writeAmplification(cf, db)).isEqualTo(2.0);
    assertThat(RocksDbStats.writeStallMillis(db)).isEqualTo(196.063);
  }

  @Test
  void missingRocksDbStatisticsAreUnknownNotZero() {
    assertThat(RocksDbStats.writeStalls(Map.of("total-delays", "1"))).isNull();
    assertThat(RocksDbStats.writeAmplification(Map.of(), Map.of())).isNull();
    assertThat(RocksDbStats.writeStallMillis(Map.of("db.user_write_stall_micros", "n/a"))).isNull();
  }

  @Test
  void statsOfRoundsAreAveragedAndUnknownStaysUnknown() {
    StoreStats mean = StoreStats.mean(List.of(new StoreStats(2L, 10.0, 3.0), new StoreStats(4L, 20.0, 5.0),
        new StoreStats(6L, 30.0, 7.0)));
    assertThat(mean).isEqualTo(new StoreStats(4L, 20.0, 5.0));
    assertThat(StoreStats.mean(List.of(new StoreStats(1L, 1.0, 1.0), StoreStats.NONE))).isEqualTo(StoreStats.NONE);
    assertThat(StoreStats.mean(List.of(new StoreStats(null, null, null, 1L), new StoreStats(null, null, null, 3L))))
        .isEqualTo(new StoreStats(null, null, null, 2L));
  }
}
