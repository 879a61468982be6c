package io.cairn.kraft.sim;

import io.cairn.kraft.lincheck.Operation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A closed-loop client: one operation at a time (40% put, 35% get, 25% compare-and-set), each
 * retried with the same session number until some node answers it, so writes are exactly-once
 * thanks to the state machine's sessions. It follows "not the leader" hints, rotates on timeouts
 * and records each operation's call and return times for the linearizability check.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class SimClient {
  private static final long TIMEOUT_MICROS = 100_000;
  private static final int THINK_MICROS_MAX = 10_000;

  private final int id;
  private final SimCluster cluster;
  private final SplittableRandom random;
  private final int keys;
  private final List<Operation> history;
  private final Map<Long, Long> lastSeen = new HashMap<>();

  private long seq;
  private ClientMessages.Request request;
  private long callMicros;
  private int target;
  private int attempt;
  private boolean distrustHints;
  private boolean stopped;

  SimClient(int id, SimCluster cluster, SplittableRandom random, int keys, List<Operation> history) {
    this.id = id;
    this.cluster = cluster;
    this.random = random;
    this.keys = keys;
    this.history = history;
    this.target = random.nextInt(cluster.nodes.size());
  }

  void start() {
    cluster.loop.after(random.nextInt(THINK_MICROS_MAX), this::next);
  }

  /** No new operations; the current one may still finish. */
  void stop() {
    stopped = true;
  }

  boolean idle() {
    return request == null;
  }

  /** Records the unanswered operation, if any, with an unknown outcome. */
  void finish() {
    if (request != null) {
      history.add(new Operation(id, request.key(), request.kind(), request.value(), request.expected(), 0,
          callMicros, Operation.UNKNOWN_RETURN));
      request = null;
    }
  }

  private void next() {
    if (stopped) {
      return;
    }
    seq++;
    long key = random.nextInt(keys);
    int dice = random.nextInt(100);
    long value = ((long) id << 32) | seq;
    Operation.Kind kind = dice < 40 ? Operation.Kind.PUT : dice < 75 ? Operation.Kind.GET : Operation.Kind.CAS;
    long expected = kind == Operation.Kind.CAS ? lastSeen.getOrDefault(key, Operation.ABSENT) : 0;
    request = new ClientMessages.Request(id, seq, kind, key, value, expected, cluster.options.valueBytes());
    callMicros = cluster.loop.now();
    send();
  }

  private void send() {
    int sent = ++attempt;
    SimNode node = cluster.nodes.get(target);
    ClientMessages.Request current = request;
    cluster.network.sendClient(() -> cluster.input(node, current));
    cluster.loop.after(TIMEOUT_MICROS, () -> {
      if (request == current && attempt == sent) {
        // Hints can be stale (a crashed or removed leader) and lead in circles: after a timeout
        // the next hint is ignored.
        distrustHints = true;
        rotate();
        send();
      }
    });
  }

  private void rotate() {
    for (int step = 0; step < cluster.nodes.size(); step++) {
      target = (target + 1) % cluster.nodes.size();
      if (cluster.nodes.get(target).state != SimNode.State.RETIRED) {
        return;
      }
    }
  }

  void onReply(ClientMessages.Reply reply) {
    if (request == null || reply.seq() != request.seq()) {
      return;
    }
    if (reply.notLeader()) {
      int hint = reply.leaderHint();
      if (hint >= 0 && !distrustHints && cluster.nodes.get(hint).state != SimNode.State.RETIRED) {
        target = hint;
      } else {
        distrustHints = false;
        rotate();
      }
      int sent = ++attempt;
      ClientMessages.Request current = request;
      // Back off a little: during an election every node says "not the leader".
      cluster.loop.after(2_000 + random.nextInt(8_000), () -> {
        if (request == current && attempt == sent) {
          send();
        }
      });
      return;
    }
    ClientMessages.Request done = request;
    history.add(new Operation(id, done.key(), done.kind(), done.value(), done.expected(), reply.result(),
        callMicros, cluster.loop.now()));
    switch (done.kind()) {
      case PUT -> lastSeen.put(done.key(), done.value());
      case GET -> lastSeen.put(done.key(), reply.result());
      case CAS -> {
        if (reply.result() == 1) {
          lastSeen.put(done.key(), done.value());
        }
      }
    }
    request = null;
    cluster.loop.after(random.nextInt(THINK_MICROS_MAX), this::next);
  }
}
