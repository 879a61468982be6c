package io.cairn.kraft.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.kraft.api.HardState;
import io.cairn.kraft.lincheck.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimPartsTest {
  private static Entry e(long index) {
    return new Entry(index, 1, EntryType.NORMAL, new byte[] {(byte) index});
  }

  @Test
  void aCrashLosesWhatWasNotSynced() {
    SimDisk disk = new SimDisk();
    disk.writeBatch(null, List.of(e(1), e(2)), new HardState(1, null, 1));
    disk.sync();
    disk.writeBatch(null, List.of(e(3)), new HardState(2, null, 2));
    assertThat(disk.lastIndex()).isEqualTo(3);
    disk.crash(new SplittableRandom(1), false);
    assertThat(disk.lastIndex()).isEqualTo(2);
    assertThat(disk.hardState().term()).isEqualTo(1);
  }

  @Test
  void aCrashWithDiskFaultsKeepsAPrefixOfUnsyncedBatchesInWriteOrder() {
    for (long seed = 0; seed < 50; seed++) {
      SimDisk disk = new SimDisk();
      disk.writeBatch(null, List.of(e(1)), new HardState(1, null, 0));
      disk.writeBatch(null, List.of(e(2)), new HardState(2, null, 0));
      disk.writeBatch(null, List.of(e(3)), new HardState(3, null, 0));
      disk.crash(new SplittableRandom(seed), true);
      // Whole batches survive, oldest first: the log length always matches the term written with it.
      assertThat(disk.hardState().term()).isEqualTo(disk.lastIndex());
    }
  }

  @Test
  void linksAreFifoUnlessReordered() {
    EventLoop loop = new EventLoop();
    SimNetwork network = new SimNetwork(loop, new SplittableRandom(3), ResourceModel.OFF);
    List<Integer> arrived = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int n = i;
      network.send(0, 1, () -> arrived.add(n));
    }
    loop.runUntil(Long.MAX_VALUE);
    assertThat(arrived).isSorted().hasSize(200);
    network.cut(0, 1);
    network.send(0, 1, () -> arrived.add(-1));
    network.send(1, 0, () -> arrived.add(-2));
    loop.runUntil(Long.MAX_VALUE);
    assertThat(arrived).contains(-2).doesNotContain(-1);
  }

  @Test
  void sessionsApplyARetriedWriteOnceAndSurviveSnapshots() {
    KvStateMachine kv = new KvStateMachine();
    KvCommand cas = new KvCommand(1, 1, Operation.Kind.CAS, 7, 10, Operation.ABSENT, 3);
    assertThat(kv.apply(cas)).isEqualTo(1);
    kv.apply(new KvCommand(2, 1, Operation.Kind.PUT, 7, 20, 0, 0));
    assertThat(kv.apply(cas)).as("a retry gets the original answer").isEqualTo(1);
    assertThat(kv.get(7)).isEqualTo(20);
    KvStateMachine restored = KvStateMachine.decode(kv.encode());
    assertThat(restored.get(7)).isEqualTo(20);
    assertThat(restored.apply(cas)).isEqualTo(1);
    assertThat(KvCommand.decode(cas.encode())).isEqualTo(cas);
  }

  @Test
  void faultListsParseAndFormat() {
    assertThat(Fault.parse("all")).isEqualTo(Fault.chaos());
    assertThat(Fault.parse("all,leader-crash")).hasSize(Fault.values().length);
    assertThat(Fault.format(Fault.parse("crash, loss"))).isEqualTo("loss,crash");
    assertThat(Fault.format(Fault.parse("none"))).isEqualTo("none");
  }
}
