package io.cairn.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeThreadsTest {
  @Test
  void threadsAreGroupedByTheirKernelNames() {
    assertThat(NodeThreads.group("C2 CompilerThre")).isEqualTo("jit");
    assertThat(NodeThreads.group("C1 CompilerThre")).isEqualTo("jit");
    assertThat(NodeThreads.group("GC Thread#1")).isEqualTo("gc");
    assertThat(NodeThreads.group("G1 Conc#0")).isEqualTo("gc");
    assertThat(NodeThreads.group("cairn-driver-1")).isEqualTo("driver");
    assertThat(NodeThreads.group("cairn-apply-3")).isEqualTo("apply");
    assertThat(NodeThreads.group("cairn-anchors-2")).isEqualTo("anchors");
    assertThat(NodeThreads.group("cairn-flush-led")).isEqualTo("flush");
    assertThat(NodeThreads.group("cairn-compactio")).isEqualTo("compaction");
    assertThat(NodeThreads.group("cairn-l0merge-r")).isEqualTo("compaction");
    assertThat(NodeThreads.group("multiThreadIoEv")).isEqualTo("netty");
    assertThat(NodeThreads.group("ForkJoinPool-1-")).isEqualTo("http");
    assertThat(NodeThreads.group("VM Thread")).isEqualTo("other");
  }

  @Test
  void aProcessesThreadsAreReadByGroup() throws InterruptedException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc");
    long pid = ProcessHandle.current().pid();
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    Thread driver = Thread.ofPlatform().name("cairn-driver-9").start(() -> { // runs until both readings are taken
      while (!stop.get()) {
        spin();
      }
    });
    Map<String, Long> before = NodeThreads.of(pid);
    spinOn("cairn-apply-9");
    Map<String, Long> used = NodeThreads.minus(NodeThreads.of(pid), before);
    stop.set(true);
    driver.join();

    assertThat(used.keySet()).containsExactlyElementsOf(NodeThreads.GROUPS);
    assertThat(used.get("driver")).as("a live driver thread's time between the readings").isPositive();
    // A thread that ended between the readings (the apply thread here) took its time with it: a
    // lower bound, never an error. (Other tests' members in this JVM may run threads of any group.)
    assertThat(used.values()).allSatisfy(nanos -> assertThat(nanos).isNotNull());
    long total = NodeThreads.of(pid).values().stream().mapToLong(Long::longValue).sum();
    long process = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    assertThat(total).as("the live threads' time, at most the process's").isPositive()
        .isLessThanOrEqualTo(process + 50_000_000L);
    assertThat(NodeThreads.of(Long.MAX_VALUE).values()).as("no such process: all zero").containsOnly(0L);
  }

  private static void spin() {
    long end = System.nanoTime() + 100_000_000L;
    long x = 0;
    while (System.nanoTime() < end) {
      x += x * 31 + 1;
    }
    if (x == 42) {
      System.out.print("");
    }
  }

  private static void spinOn(String name) {
    Thread thread = Thread.ofPlatform().name(name).start(NodeThreadsTest::spin);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
