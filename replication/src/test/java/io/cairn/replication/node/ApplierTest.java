package io.cairn.replication.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.LedgerOptions;
import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.kraft.api.Snapshot;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.replication.ledger.LedgerMachine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplierTest {
  @TempDir Path dir;

  /** What an applier reported, in the order it reported it. */
  private static class Recorder implements Applier.Results {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void applied(Entry entry, boolean accepted, LedgerMachine.NodeChangeOutcome nodeChange,
        Set<Hash32> anchoredElsewhere, long appliedIndex) {
      events.add("applied " + entry.index() + " at " + appliedIndex);
    }

    @Override
    public void installed(Snapshot snapshot, long appliedIndex) {
      events.add("installed " + snapshot.index());
    }

    @Override
    public void snapshotTaken(Snapshot snapshot) {
      events.add("snapshot " + snapshot.index() + " term " + snapshot.term());
    }

    @Override
    public void failed(Throwable error) {
      events.add("failed " + error);
    }

    List<String> take(int count) throws InterruptedException {
      List<String> taken = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String event = events.poll(30, TimeUnit.SECONDS);
        assertThat(event).as("event %d of %d", i + 1, count).isNotNull();
        taken.add(event);
      }
      return taken;
    }
  }

  private static List<Entry> noOps(long from, long through, long term) {
    List<Entry> entries = new ArrayList<>();
    for (long index = from; index <= through; index++) {
      entries.add(new Entry(index, term, EntryType.NORMAL, new byte[0]));
    }
    return entries;
  }

  private static Thread start(Applier applier) {
    Thread thread = Thread.ofPlatform().name("applier-test").unstarted(applier);
    thread.start();
    return thread;
  }

  @Test
  void appliesInLogOrderReportsEachResultAndSnapshotsEveryNEntries() throws Exception {
    try (Db db = Cairn.open(dir.resolve("ledger"), Options.defaults());
        LedgerMachine machine = new LedgerMachine(db, LedgerOptions.defaults(), Configuration.EMPTY)) {
      Recorder results = new Recorder();
      Applier applier = new Applier(machine, results, 10, 0);
      Thread thread = start(applier);
      applier.apply(noOps(1, 12, 1));
      applier.apply(noOps(13, 25, 2));

      List<String> expected = new ArrayList<>();
      for (long index = 1; index <= 25; index++) {
        expected.add("applied " + index + " at " + index);
        if (index % 10 == 0) {
          expected.add("snapshot " + index + " term " + (index <= 12 ? 1 : 2));
        }
      }
      assertThat(results.take(expected.size())).containsExactlyElementsOf(expected);
      assertThat(machine.appliedIndex()).isEqualTo(25);

      applier.stop();
      thread.join(10_000);
      assertThat(thread.isAlive()).isFalse();
      assertThat(results.events).isEmpty();
    }
  }

  @Test
  void skipsEntriesTheLedgerAppliedBeforeARestart() throws Exception {
    try (Db db = Cairn.open(dir.resolve("ledger"), Options.defaults());
        LedgerMachine machine = new LedgerMachine(db, LedgerOptions.defaults(), Configuration.EMPTY)) {
      Recorder first = new Recorder();
      Applier before = new Applier(machine, first, 1_000, 0);
      Thread thread = start(before);
      before.apply(noOps(1, 5, 1));
      assertThat(first.take(5)).last().isEqualTo("applied 5 at 5");
      before.stop();
      thread.join(10_000);

      // After a restart KRaft hands over the committed entries from its own applied index, which
      // may lag the ledger's: those the ledger holds are skipped, without a result.
      Recorder second = new Recorder();
      Applier after = new Applier(machine, second, 1_000, 0);
      thread = start(after);
      after.apply(noOps(3, 7, 1));
      assertThat(second.take(2)).containsExactly("applied 6 at 6", "applied 7 at 7");
      after.stop();
      thread.join(10_000);
      assertThat(second.events).isEmpty();
    }
  }

  @Test
  void handingOverNeverWaitsAndRoomComesBackAsEntriesApply() throws Exception {
    try (Db db = Cairn.open(dir.resolve("ledger"), Options.defaults());
        LedgerMachine machine = new LedgerMachine(db, LedgerOptions.defaults(), Configuration.EMPTY)) {
      Recorder results = new Recorder();
      Applier applier = new Applier(machine, results, 1_000_000, 0);
      assertThat(applier.hasRoom()).isTrue();
      // The thread is not running: before session 12 the hand-over past the bound blocked here.
      applier.apply(noOps(1, Applier.QUEUE_MAX - 1, 1));
      assertThat(applier.hasRoom()).isTrue();
      applier.apply(noOps(Applier.QUEUE_MAX, Applier.QUEUE_MAX + 9, 1));
      assertThat(applier.hasRoom()).isFalse();

      Thread thread = start(applier);
      int total = Applier.QUEUE_MAX + 9;
      assertThat(results.take(total)).last().isEqualTo("applied " + total + " at " + total);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!applier.hasRoom() && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertThat(applier.hasRoom()).isTrue();
      applier.stop();
      thread.join(10_000);
    }
  }

  @Test
  void theByteBoundAloneTakesTheRoomAway() throws Exception {
    try (Db db = Cairn.open(dir.resolve("ledger"), Options.defaults());
        LedgerMachine machine = new LedgerMachine(db, LedgerOptions.defaults(), Configuration.EMPTY)) {
      Applier applier = new Applier(machine, new Recorder(), 1_000_000, 0);
      applier.apply(List.of(new Entry(1, 1, EntryType.NORMAL, new byte[(int) Applier.QUEUE_MAX_BYTES - 1])));
      assertThat(applier.hasRoom()).isTrue();
      applier.apply(List.of(new Entry(2, 1, EntryType.NORMAL, new byte[1])));
      assertThat(applier.hasRoom()).isFalse();
    }
  }

  @Test
  void stopEndsTheThreadWithinAHandOver() throws Exception {
    try (Db db = Cairn.open(dir.resolve("ledger"), Options.defaults());
        LedgerMachine machine = new LedgerMachine(db, LedgerOptions.defaults(), Configuration.EMPTY)) {
      Applier[] self = new Applier[1];
      Recorder results = new Recorder() {
        @Override
        public void applying(Entry entry) {
          if (entry.index() == 5) {
            self[0].stop(); // as the node's close does, while the thread is inside a hand-over
          }
        }
      };
      Applier applier = new Applier(machine, results, 1_000_000, 0);
      self[0] = applier;
      applier.apply(noOps(1, 200, 1));
      Thread thread = start(applier);
      thread.join(10_000);
      assertThat(thread.isAlive()).isFalse();
      assertThat(results.take(5)).last().isEqualTo("applied 5 at 5");
      assertThat(results.events).isEmpty();
      assertThat(machine.appliedIndex()).isEqualTo(5);
    }
  }
}
