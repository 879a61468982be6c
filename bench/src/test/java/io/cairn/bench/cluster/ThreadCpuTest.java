package io.cairn.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
  @Test
  void threadsAreGroupedByTheirKernelNames() {
    assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("jit");
    assertThat(ThreadCpu.group("C1 CompilerThre")).isEqualTo("jit");
    assertThat(ThreadCpu.group("GC Thread#1")).isEqualTo("gc");
    assertThat(ThreadCpu.group("G1 Conc#0")).isEqualTo("gc");
    assertThat(ThreadCpu.group("cairn-driver-1")).isEqualTo("driver");
    assertThat(ThreadCpu.group("cairn-apply-3")).isEqualTo("apply");
    assertThat(ThreadCpu.group("cairn-anchors-2")).isEqualTo("anchors");
    assertThat(ThreadCpu.group("cairn-flush-led")).isEqualTo("flush");
    assertThat(ThreadCpu.group("multiThreadIoEv")).isEqualTo("netty");
    assertThat(ThreadCpu.group("ForkJoinPool-1-")).isEqualTo("http");
    assertThat(ThreadCpu.group("VM Thread")).isEqualTo("other");
  }

  @Test
  void aProcessesThreadsAddUpToItsCpuTime() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc");
    Thread.ofPlatform().name("cairn-driver-9").start(ThreadCpuTest::spin);
    long pid = ProcessHandle.current().pid();
    Map<String, Long> before = ThreadCpu.of(pid);
    long spun = spinOn("cairn-apply-9");
    Map<String, Long> used = ThreadCpu.minus(ThreadCpu.of(pid), before);

    assertThat(used.keySet()).containsExactly(ThreadCpu.GROUPS);
    // The apply thread ended before the second reading: its time went with it (a lower bound).
    assertThat(used.get("apply")).isLessThanOrEqualTo(spun);
    long total = ThreadCpu.of(pid).values().stream().mapToLong(Long::longValue).sum();
    long process = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    assertThat(total).as("every live thread's time, at most the process's").isPositive()
        .isLessThanOrEqualTo(process + 20_000_000L);
    assertThat(ThreadCpu.of(Long.MAX_VALUE)).as("no such process").isEmpty();
  }

  private static void spin() {
    long end = System.nanoTime() + 50_000_000L;
    long x = 0;
    while (System.nanoTime() < end) {
      x += x * 31 + 1;
    }
    if (x == 42) {
      System.out.print("");
    }
  }

  private static long spinOn(String name) {
    long[] cpu = new long[1];
    Thread thread = Thread.ofPlatform().name(name).start(() -> {
      spin();
      cpu[0] = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    });
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return cpu[0];
  }
}
