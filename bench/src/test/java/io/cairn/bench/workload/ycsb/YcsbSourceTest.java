package io.cairn.bench.workload.ycsb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cairn.testing.Property;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operations a YCSB phase generates: its mix, its keys, and that a seed fixes them. */
class YcsbSourceTest {
  /** One generated operation, comparable by value. */
  private record Op(Operation operation, String key, int argument, String payload) {}

  private static List<Op> drain(YcsbSource source) {
    List<Op> ops = new ArrayList<>();
    YcsbBatch batch = new YcsbBatch(100);
    for (source.fill(batch); batch.size() > 0; source.fill(batch)) {
      for (int i = 0; i < batch.size(); i++) {
        byte[] payload = batch.payload(i);
        ops.add(new Op(batch.operation(i), new String(batch.key(i)), batch.argument(i),
            payload == null ? null : new String(payload, StandardCharsets.ISO_8859_1)));
      }
    }
    return ops;
  }

  private static YcsbKeySpace loaded(long records) {
    YcsbKeySpace keySpace = new YcsbKeySpace();
    drain(YcsbSource.load(keySpace, records, 1));
    return keySpace;
  }

  @Test
  void theLoadInsertsWholeRecordsInHashedOrder() {
    YcsbKeySpace keySpace = new YcsbKeySpace();
    List<Op> load = drain(YcsbSource.load(keySpace, 500, 9));
    assertThat(keySpace.records()).isEqualTo(500);
    assertThat(load).allSatisfy(op -> assertThat(op.operation()).isEqualTo(Operation.INSERT));
    for (int i = 0; i < load.size(); i++) {
      assertThat(load.get(i).key()).isEqualTo(new String(YcsbKeys.key(i)));
    }
    // Hashed order: the keys are not inserted in sorted order.
    List<String> keys = load.stream().map(Op::key).toList();
    assertThat(keys).isNotEqualTo(keys.stream().sorted().toList());
  }

  @Test
  void everyWorkloadRunsItsOperationMix() {
    Property.of("operation shares within 2 points of the workload's", r -> r.nextLong())
        .trials(3)
        .check(seed -> {
          for (YcsbWorkload workload : YcsbWorkload.values()) {
            int total = 20_000;
            List<Op> ops = drain(YcsbSource.run(workload, loaded(2000), total, seed));
            assertThat(ops).hasSize(total);
            Map<Operation, Integer> counts = new EnumMap<>(Operation.class);
            ops.forEach(op -> counts.merge(op.operation(), 1, Integer::sum));
            for (Operation operation : Operation.values()) {
              double share = counts.getOrDefault(operation, 0) / (double) total;
              // 20,000 draws of a 50 % share have a standard deviation of 0.35 points: 2 points is
              // 5.7 of them, so the ~30 shares checked per run do not fail by chance.
              assertThat(share).as("%s %s", workload.label(), operation.label())
                  .isCloseTo(workload.proportion(operation), within(0.02));
              if (workload.proportion(operation) == 0) {
                assertThat(share).as("%s never does %s", workload.label(), operation.label()).isZero();
              }
            }
          }
        });
  }

  @Test
  void theMixesAreYcsbsCoreWorkloads() {
    assertThat(YcsbWorkload.A.proportion(Operation.READ)).isEqualTo(0.5);
    assertThat(YcsbWorkload.A.proportion(Operation.UPDATE)).isEqualTo(0.5);
    assertThat(YcsbWorkload.B.proportion(Operation.UPDATE)).isEqualTo(0.05);
    assertThat(YcsbWorkload.C.proportion(Operation.READ)).isEqualTo(1.0);
    assertThat(YcsbWorkload.D.distribution()).isEqualTo(RequestDistribution.LATEST);
    assertThat(YcsbWorkload.E.proportion(Operation.SCAN)).isEqualTo(0.95);
    assertThat(YcsbWorkload.F.proportion(Operation.RMW)).isEqualTo(0.5);
    assertThat(Arrays.stream(YcsbWorkload.values()).map(YcsbWorkload::label))
        .containsExactly("ycsb-a", "ycsb-b", "ycsb-c", "ycsb-d", "ycsb-e", "ycsb-f");
  }

  @Test
  void scansAreOneToAHundredRecordsUniformly() {
    List<Op> ops = drain(YcsbSource.run(YcsbWorkload.E, loaded(1000), 30_000, 4));
    int[] lengths = ops.stream().filter(op -> op.operation() == Operation.SCAN).mapToInt(Op::argument).toArray();
    assertThat(Arrays.stream(lengths).min().orElseThrow()).isEqualTo(1);
    assertThat(Arrays.stream(lengths).max().orElseThrow()).isEqualTo(YcsbWorkload.MAX_SCAN_LENGTH);
    assertThat(Arrays.stream(lengths).average().orElseThrow()).isCloseTo(50.5, within(1.0));
  }

  @Test
  void insertsTakeTheNextRecordNumbersAndReadsOnlyWhatExists() {
    YcsbKeySpace keySpace = loaded(300);
    List<Op> ops = drain(YcsbSource.run(YcsbWorkload.D, keySpace, 5000, 8));
    long inserts = ops.stream().filter(op -> op.operation() == Operation.INSERT).count();
    assertThat(keySpace.records()).isEqualTo(300 + inserts);
    List<String> present = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      present.add(new String(YcsbKeys.key(i)));
    }
    int next = 300;
    for (Op op : ops) {
      if (op.operation() == Operation.INSERT) {
        assertThat(op.key()).isEqualTo(new String(YcsbKeys.key(next++)));
        present.add(op.key());
      } else {
        assertThat(present).contains(op.key());
      }
    }
  }

  @Test
  void updatesCarryAFieldIndexAndAValueOfTheirKey() {
    List<Op> ops = drain(YcsbSource.run(YcsbWorkload.A, loaded(100), 2000, 2));
    assertThat(ops).filteredOn(op -> op.operation() == Operation.UPDATE).isNotEmpty().allSatisfy(op -> {
      assertThat(op.argument()).isBetween(0, YcsbRecord.FIELDS - 1);
      assertThat(op.payload()).isNotNull();
    });
  }

  @Test
  void aSeedFixesEveryOperationAndAnotherSeedChangesThem() {
    Property.of("same seed, same operations", r -> r.nextLong())
        .trials(3)
        .check(seed -> {
          for (YcsbWorkload workload : YcsbWorkload.values()) {
            List<Op> first = drain(YcsbSource.run(workload, loaded(500), 1000, seed));
            List<Op> second = drain(YcsbSource.run(workload, loaded(500), 1000, seed));
            List<Op> other = drain(YcsbSource.run(workload, loaded(500), 1000, seed + 1));
            assertThat(second).isEqualTo(first);
            assertThat(other).isNotEqualTo(first);
          }
        });
  }
}
