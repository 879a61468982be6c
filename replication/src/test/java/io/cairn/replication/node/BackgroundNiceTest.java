package io.cairn.replication.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.ffi.ThreadNice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Session 19: a node's background threads get a lower CPU priority, by thread id; nothing else does. */
class BackgroundNiceTest {
  /** A parked thread named {@code name}; its kernel thread id once started. */
  private record Parked(Thread thread, AtomicInteger tid, CountDownLatch release) {
    static Parked start(String name) throws InterruptedException {
      AtomicInteger tid = new AtomicInteger();
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Thread thread = Thread.ofPlatform().daemon().name(name).start(() -> {
        try {
          tid.set(Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString()));
          started.countDown();
          release.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      started.await();
      return new Parked(thread, tid, release);
    }

    void stop() throws InterruptedException {
      release.countDown();
      thread.join();
    }
  }

  @Test
  void theEnginesBackgroundThreadsAreLoweredOnceAndTheCommitPathIsNot() throws Exception {
    assumeTrue(ThreadNice.available() && Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
    Parked flush = Parked.start("cairn-flush-records");
    Parked compaction = Parked.start("cairn-compaction-ledger");
    Parked driver = Parked.start("cairn-driver-7");
    Parked anchors = Parked.start("cairn-anchors-7");
    try {
      int driverBefore = ThreadNice.get(driver.tid().get());
      int flushBefore = ThreadNice.get(flush.tid().get());
      assumeTrue(flushBefore < 19, "the test JVM already runs at nice 19");
      int nice = Math.min(19, flushBefore + 3);
      BackgroundNice background = new BackgroundNice(Path.of("/proc/self/task"), nice, false);
      assertTrue(background.scan() >= 2);
      assertEquals(nice, ThreadNice.get(flush.tid().get()));
      assertEquals(nice, ThreadNice.get(compaction.tid().get()));
      assertEquals(driverBefore, ThreadNice.get(driver.tid().get()), "the driver keeps its priority");
      assertEquals(driverBefore, ThreadNice.get(anchors.tid().get()), "the anchor batcher keeps its priority");
      assertEquals(0, background.scan(), "a thread is set once");
      Parked later = Parked.start("cairn-subcompaction-ledger-0");
      try {
        assertEquals(1, background.scan(), "a thread made later is caught by the next scan");
        assertEquals(nice, ThreadNice.get(later.tid().get()));
      } finally {
        later.stop();
      }
    } finally {
      flush.stop();
      compaction.stop();
      driver.stop();
      anchors.stop();
    }
  }

  /** Guards the names: an engine thread renamed would silently keep its priority. */
  @Test
  void aRealEnginesFlushAndCompactionThreadsAreFound(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    assumeTrue(ThreadNice.available() && Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
    try (io.cairn.lsm.api.Db db = io.cairn.lsm.api.Cairn.open(dir.resolve("db"), io.cairn.lsm.api.Options.defaults())) {
      db.put(new byte[] {1}, new byte[] {2});
      java.util.List<Integer> engine = new java.util.ArrayList<>();
      try (var threads = Files.list(Path.of("/proc/self/task"))) {
        for (Path thread : threads.toList()) {
          String comm = Files.readString(thread.resolve("comm")).strip();
          if (comm.startsWith("cairn-flush") || comm.startsWith("cairn-compaction".substring(0, 15))) {
            engine.add(Integer.parseInt(thread.getFileName().toString()));
          }
        }
      }
      assertTrue(engine.size() >= 2, "the engine runs a flush and a compaction thread: " + engine);
      int nice = Math.min(19, ThreadNice.get(engine.getFirst()) + 2);
      new BackgroundNice(Path.of("/proc/self/task"), nice, false).scan();
      for (int tid : engine) {
        assertEquals(nice, ThreadNice.get(tid), "engine thread " + tid);
      }
    }
  }

  @Test
  void offChangesNothingAndTheJvmThreadsOnlyWhenAsked() throws Exception {
    BackgroundNice off = new BackgroundNice(Path.of("/proc/self/task"), 0, true);
    assertEquals(-1, off.scan());
    BackgroundNice engine = new BackgroundNice(Path.of("/proc/self/task"), 10, false);
    assertTrue(engine.matches("cairn-walprep"));
    assertTrue(engine.matches("cairn-l0merge-l"));
    assertFalse(engine.matches("C2 CompilerThre"));
    assertFalse(engine.matches("GC Thread#0"));
    assertFalse(engine.matches("cairn-logsync-1"));
    BackgroundNice jvm = new BackgroundNice(Path.of("/proc/self/task"), 10, true);
    assertTrue(jvm.matches("C2 CompilerThre"));
    assertTrue(jvm.matches("G1 Conc#0"));
    assertFalse(jvm.matches("GC Thread#3"), "the stop-the-world workers are never lowered");
    assertThrows(IllegalArgumentException.class, () -> new BackgroundNice(Path.of("/proc/self/task"), 20, false));
  }

  @Test
  void aMissingTaskFolderStopsTheScannerQuietly() {
    assumeTrue(ThreadNice.available(), "Linux only");
    BackgroundNice missing = new BackgroundNice(Path.of("/nonexistent-" + System.nanoTime()), 10, false);
    assertEquals(-1, missing.scan());
    assertEquals(-1, missing.scan());
  }

  @Test
  void schedStatSplitsAThreadsTimeAndGroupsThreadsByName() throws Exception {
    assertEquals(12345L, SchedStat.parse("12345 678 9\n")[0]);
    assertEquals(678L, SchedStat.parse("12345 678 9\n")[1]);
    assertEquals("cairn-flush-ledger", SchedStat.group("cairn-flush-ledger"));
    assertEquals("cairn-driver", SchedStat.group("cairn-driver-12"));
    assertEquals("GC Thread#", SchedStat.group("GC Thread#3"));
    assumeTrue(Files.exists(Path.of("/proc/thread-self/schedstat")), "schedstat");
    long[] before = SchedStat.self();
    long spin = System.nanoTime() + 20_000_000L;
    long sum = 0;
    while (System.nanoTime() < spin) {
      sum += System.nanoTime() % 7;
    }
    long[] after = SchedStat.self();
    assertTrue(after[0] - before[0] > 0, "CPU counted " + sum);
    SchedStat.Window window = new SchedStat.Window(Path.of("/proc/self/task"));
    String line = window.since(3);
    assertTrue(line.startsWith("run-queue wait in the window, ms (cpu ms): all threads "), line);
  }
}
