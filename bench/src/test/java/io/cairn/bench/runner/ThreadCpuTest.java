package io.cairn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.bench.report.OperationMix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@link ThreadCpu}: thread names fall into the groups a YCSB row reports, a busy engine thread's
 * CPU lands in its group, and {@link OperationMix} turns the split into CPU per operation with the
 * remainder as {@code other}.
 */
class ThreadCpuTest {
  @Test
  void namesFallIntoTheirGroups() {
    assertThat(ThreadCpu.groupOf("cairn-flush-db1")).isEqualTo("flush");
    assertThat(ThreadCpu.groupOf("rocksdb:high")).isEqualTo("flush");
    assertThat(ThreadCpu.groupOf("cairn-compactio")).isEqualTo("compaction");
    assertThat(ThreadCpu.groupOf("cairn-subcompac")).isEqualTo("compaction");
    assertThat(ThreadCpu.groupOf("cairn-l0merge-d")).isEqualTo("compaction");
    assertThat(ThreadCpu.groupOf("rocksdb:low")).isEqualTo("compaction");
    assertThat(ThreadCpu.groupOf("GC Thread#1")).isEqualTo("gc");
    assertThat(ThreadCpu.groupOf("G1 Conc#0")).isEqualTo("gc");
    assertThat(ThreadCpu.groupOf("Shenandoah GC T")).as("Shenandoah's workers").isEqualTo("gc");
    assertThat(ThreadCpu.groupOf("Shenandoah Cont")).isEqualTo("gc");
    assertThat(ThreadCpu.groupOf("ZWorkerYoung#0")).as("ZGC's workers").isEqualTo("gc");
    assertThat(ThreadCpu.groupOf("ZDirector")).isEqualTo("gc");
    assertThat(ThreadCpu.groupOf("Zookeeper-IO")).as("not a collector").isNull();
    assertThat(ThreadCpu.groupOf("C2 CompilerThre")).isEqualTo("jit");
    assertThat(ThreadCpu.groupOf("java")).as("the client is counted by the JVM, not by name").isNull();
    assertThat(ThreadCpu.groupOf("VM Thread")).isNull();
    assertThat(ThreadCpu.runNanos("857907644 13123796288 1249")).isEqualTo(857_907_644L);
    assertThat(ThreadCpu.runNanos("garbage")).isZero();
  }

  @Test
  void aBusyCompactionThreadIsCountedAsCompaction() throws InterruptedException {
    Map<String, Long> before = ThreadCpu.take();
    long spinUntil = System.nanoTime() + 200_000_000L;
    CountDownLatch spun = new CountDownLatch(1);
    CountDownLatch read = new CountDownLatch(1);
    Thread busy = Thread.ofPlatform().name("cairn-compaction-test").start(() -> {
      long x = 0;
      while (System.nanoTime() < spinUntil) {
        x += System.nanoTime() & 1;
      }
      spun.countDown();
      // Stays alive until read: an ended thread's time leaves /proc with it.
      awaitQuietly(read);
    });
    spun.await();
    Map<String, Long> spent = ThreadCpu.since(before, ThreadCpu.take());
    read.countDown();
    busy.join();
    assertThat(spent.keySet()).containsExactlyElementsOf(ThreadCpu.GROUPS);
    if (Files.isReadable(Path.of("/proc/self/schedstat"))) {
      // Where the kernel keeps run times. Spun for 200 ms of wall time; loaded, it ran for less.
      assertThat(spent.get("compaction")).isPositive();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void theMixReportsPerOperationAndTheRemainderAsOther() {
    OperationMix mix = new OperationMix();
    for (int i = 0; i < 4; i++) {
      mix.record("read", 1_000);
    }
    assertThat(mix.cpuMicrosPerOperationByThread()).as("nothing recorded").isNull();
    mix.addCost(40_000, 0);
    mix.addCpuByThread(Map.of("client", 20_000L, "gc", 8_000L));
    Map<String, Double> perOp = mix.cpuMicrosPerOperationByThread();
    assertThat(perOp).containsEntry("client", 5.0).containsEntry("gc", 2.0).containsEntry("other", 3.0);
  }
}
