package io.cairn.node.cluster;

import io.cairn.common.CairnException;
import io.cairn.node.client.NodeClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady client load on a cluster (test utility): {@code clients} virtual threads, each
 * anchoring unique records through a node chosen at random (seeded), one at a time. An anchor
 * whose receipt arrived is acknowledged (its key recorded); one that failed or timed out has an
 * unknown outcome and is only counted.
 */
final class AnchorLoad implements AutoCloseable {
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicLong failures = new AtomicLong();
  private final List<String> failureMessages = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  AnchorLoad(ClusterHarness harness, int clients, long seed) {
    List<Integer> ids = harness.cluster.ids();
    for (int c = 0; c < clients; c++) {
      int client = c;
      Random random = new Random(seed * 31 + c);
      List<NodeClient> nodes = new ArrayList<>();
      for (int id : ids) {
        nodes.add(harness.cluster.client(id, Duration.ofSeconds(15)));
      }
      threads.add(Thread.ofVirtual().name("anchor-load-" + c).start(() -> {
        long op = 0;
        while (running) {
          byte[] raw = ("seed " + seed + " client " + client + " op " + op++ + " " + random.nextLong())
              .getBytes(StandardCharsets.UTF_8);
          try {
            acknowledged.add(nodes.get(random.nextInt(nodes.size())).anchor(raw).getString("key"));
          } catch (CairnException unknownOutcome) {
            if (failures.incrementAndGet() <= 10) {
              failureMessages.add(System.currentTimeMillis() + " " + unknownOutcome.getMessage());
            }
            try {
              Thread.sleep(50);
            } catch (InterruptedException e) {
              return;
            }
          }
        }
      }));
    }
  }

  /** Keys of the anchors acknowledged so far. */
  Set<String> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  long failures() {
    return failures.get();
  }

  /** The first failures' messages, each after its wall-clock time in ms. */
  List<String> failureMessages() {
    return List.copyOf(failureMessages);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(30));
    }
  }
}
