package io.cairn.bench.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The collector's CPU time as {@code bench contracts} reads it from the scheduler. */
class JavaThreadsCpuTest {
  @Test
  void collectorThreadsAreTheCollectorsAndTheVmThreadOnly() {
    assertThat(JavaThreadsCpu.isCollector("GC Thread#0")).isTrue();
    assertThat(JavaThreadsCpu.isCollector("G1 Conc#0")).isTrue();
    assertThat(JavaThreadsCpu.isCollector("G1 Refine#0")).isTrue();
    assertThat(JavaThreadsCpu.isCollector("VM Thread")).isTrue();
    assertThat(JavaThreadsCpu.isCollector("C2 CompilerThre")).isFalse();
    assertThat(JavaThreadsCpu.isCollector("VM Periodic Tas")).isFalse();
    assertThat(JavaThreadsCpu.isCollector("declared-2-work")).isFalse();
    assertThat(JavaThreadsCpu.isCollector("java")).isFalse();
  }

  @Test
  void aCollectionAddsToTheCollectorsCpuTime() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
    long before = JavaThreadsCpu.collectorNanos();
    long kept = 0;
    for (int i = 0; i < 200_000; i++) {
      kept += new byte[64 + (i & 63)].length; // garbage for the collection to walk past
    }
    System.gc(); // a full collection runs on the collector's threads, not on this one
    long after = JavaThreadsCpu.collectorNanos();
    assertThat(kept).isPositive();
    assertThat(after).as("collector CPU ns before %d, after %d", before, after).isGreaterThan(before);
  }
}
