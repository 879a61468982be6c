package io.cairn.node.cluster;

import io.cairn.common.CairnException;
import io.cairn.kraft.lincheck.LinearizabilityChecker;
import io.cairn.kraft.lincheck.Operation;
import io.cairn.node.client.NodeClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady client load on a cluster (test utility): {@code clients} virtual threads, each
 * anchoring unique records through a node chosen at random (seeded), one at a time, and after
 * each anchor reading the anchor status of a record some client anchored (the newest
 * acknowledged one, or one picked at random) through another random node ({@code GET
 * /records/{key}/proof}: found or not found).
 *
 * <p>An anchor whose receipt arrived is acknowledged (its key recorded); one that failed or timed
 * out has an unknown outcome and is only counted. Every call is recorded as an {@link Operation}
 * on a register per record key (an anchor writes 1; a read gets 1 or {@link Operation#ABSENT}),
 * so {@link #history()} can go through the {@link LinearizabilityChecker}: a read that misses an
 * anchor acknowledged before it began (a stale read) fails it.
 */
final class AnchorLoad implements AutoCloseable {
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicLong failures = new AtomicLong();
  private final List<String> failureMessages = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong reads = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentLinkedQueue<Operation> history = new ConcurrentLinkedQueue<>();
  private final List<String> invoked = new CopyOnWriteArrayList<>();
  private volatile String newest;
  private final long startNanos = System.nanoTime();
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
          if (!anchor(client, nodes.get(random.nextInt(nodes.size())), raw)) {
            pause();
          }
          String key = random.nextBoolean() || newest == null ? pick(random) : newest;
          if (key != null) {
            read(client, nodes.get(random.nextInt(nodes.size())), key);
          }
        }
      }));
    }
  }

  private boolean anchor(int client, NodeClient node, byte[] raw) {
    String key = HexFormat.of().formatHex(sha256(raw));
    invoked.add(key);
    long call = micros();
    try {
      String answered = node.anchor(raw).getString("key");
      if (!answered.equals(key)) {
        throw new AssertionError("the node answered key " + answered + " for a record whose SHA-256 is " + key);
      }
      history.add(new Operation(client, register(key), Operation.Kind.PUT, 1, 0, 0, call, micros()));
      acknowledged.add(key);
      newest = key;
      return true;
    } catch (CairnException unknownOutcome) {
      history.add(new Operation(client, register(key), Operation.Kind.PUT, 1, 0, 0, call, Operation.UNKNOWN_RETURN));
      if (failures.incrementAndGet() <= 10) {
        failureMessages.add(System.currentTimeMillis() + " " + unknownOutcome.getMessage());
      }
      return false;
    }
  }

  private void read(int client, NodeClient node, String key) {
    long call = micros();
    try {
      long value = node.proof(key).isPresent() ? 1 : Operation.ABSENT;
      history.add(new Operation(client, register(key), Operation.Kind.GET, 0, 0, value, call, micros()));
      reads.incrementAndGet();
    } catch (CairnException unknownOutcome) {
      // A read without an answer constrains nothing.
    }
  }

  private String pick(Random random) {
    int size = invoked.size();
    return size == 0 ? null : invoked.get(random.nextInt(size));
  }

  private long micros() {
    return (System.nanoTime() - startNanos) / 1000;
  }

  private static long register(String key) {
    return ByteBuffer.wrap(HexFormat.of().parseHex(key.substring(0, 16))).getLong();
  }

  private static byte[] sha256(byte[] raw) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(raw);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Keys of the anchors acknowledged so far. */
  Set<String> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  /** Number of anchors acknowledged so far. */
  int acknowledgedCount() {
    return acknowledged.size();
  }

  long failures() {
    return failures.get();
  }

  /** The first failures' messages, each after its wall-clock time in ms. */
  List<String> failureMessages() {
    return List.copyOf(failureMessages);
  }

  /** Reads answered so far. */
  long reads() {
    return reads.get();
  }

  /** Every anchor and answered read so far, as register operations (call the checker after {@link #close}). */
  List<Operation> history() {
    return List.copyOf(history);
  }

  /** The checker's verdict on {@link #history()}. */
  LinearizabilityChecker.Result check() {
    return LinearizabilityChecker.check(history());
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(30));
    }
  }
}
