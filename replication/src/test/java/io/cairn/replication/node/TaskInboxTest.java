package io.cairn.replication.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver's work queue: ordinary tasks in order, priority tasks ahead of them, ticks not starved. */
class TaskInboxTest {
  @Test
  void priorityTasksOvertakeQueuedWorkAndTheLoopActsOnThemBeforeTakingMore() throws InterruptedException {
    TaskInbox inbox = new TaskInbox();
    List<String> ran = new ArrayList<>();
    inbox.add(() -> {
      ran.add("a1");
      inbox.addFirst(() -> ran.add("p1")); // arrives while a1 runs
    });
    inbox.add(() -> ran.add("a2"));
    inbox.add(() -> ran.add("a3"));
    inbox.runDue(System.nanoTime());
    assertThat(ran).as("the first round stops right after the priority task").containsExactly("a1", "p1");
    inbox.addFirst(() -> ran.add("p2"));
    inbox.runDue(System.nanoTime());
    assertThat(ran).as("a priority task alone is a round").containsExactly("a1", "p1", "p2");
    inbox.runDue(System.nanoTime());
    assertThat(ran).as("the ordinary tasks keep their order").containsExactly("a1", "p1", "p2", "a2", "a3");
  }

  @Test
  void aPriorityTaskWakesAWaitingLoop() throws InterruptedException {
    TaskInbox inbox = new TaskInbox();
    List<String> ran = new ArrayList<>();
    Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inbox.addFirst(() -> ran.add("p"));
    });
    long start = System.nanoTime();
    long deadline = start + 30_000_000_000L;
    while (ran.isEmpty() && System.nanoTime() < deadline) {
      inbox.runDue(deadline);
    }
    assertThat(ran).containsExactly("p");
    assertThat(System.nanoTime() - start).as("woken, not run at the deadline").isLessThan(20_000_000_000L);
  }

  @Test
  void aFloodOfOrdinaryTasksIsRunInBoundedRounds() throws InterruptedException {
    TaskInbox inbox = new TaskInbox();
    int[] count = {0};
    for (int i = 0; i < TaskInbox.BATCH_MAX + 50; i++) {
      inbox.add(() -> count[0]++);
    }
    inbox.runDue(System.nanoTime());
    assertThat(count[0]).isEqualTo(TaskInbox.BATCH_MAX + 1);
    inbox.runDue(System.nanoTime());
    assertThat(count[0]).isEqualTo(TaskInbox.BATCH_MAX + 50);
  }
}
