package io.cairn.bft.api;

import io.cairn.bft.sim.SimKeys;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A hand-driven replica group for transcript tests: messages wait in one FIFO queue and are
 * delivered one by one, each delivery written to {@link #transcript} as {@code r0 -> r1 Prepare ...}.
 * Replicas in {@link #down} neither send nor receive.
 */
final class ScriptedGroup {
  record InFlight(int from, int to, BftMessage message) {}

  final BftConfig config;
  final BftReplica[] replicas;
  final SimKeys keys;
  final ArrayDeque<InFlight> queue = new ArrayDeque<>();
  final List<String> transcript = new ArrayList<>();
  final List<Reply> replies = new ArrayList<>();
  final TreeMap<Integer, List<Decision>> decisions = new TreeMap<>();
  final Set<Integer> down = new HashSet<>();

  ScriptedGroup(Protocol protocol, int nodes) {
    this(BftConfig.defaults(protocol, nodes));
  }

  ScriptedGroup(BftConfig config) {
    this(config, 0);
  }

  /** A group with room for {@code joiners} replicas added later ({@link #join}); their slots start empty. */
  ScriptedGroup(BftConfig config, int joiners) {
    this.config = config;
    this.keys = new SimKeys(config.nodes() + joiners, 42);
    this.replicas = new BftReplica[config.nodes() + joiners];
    for (int i = 0; i < replicas.length; i++) {
      decisions.put(i, new ArrayList<>());
    }
    for (int i = 0; i < config.nodes(); i++) {
      replicas[i] = BftReplica.start(config, i, keys.signer(i), keys, new SplittableRandom(i));
    }
  }

  /** Starts (or restarts, empty) added replica {@code id} as a joining replica. */
  void join(int id) {
    transcript.add("r" + id + " starts joining");
    replicas[id] = BftReplica.join(config, id, keys.signer(id), keys, new SplittableRandom(id));
  }

  /** The add-replica request for replica {@code id}, signed by the simulator's admission key. */
  Request addRequest(int id, long client) {
    AddReplica add = new AddReplica(id, keys.identity(id), "10.0.0." + id, 7000 + id, new byte[0]);
    return new Request(client, 1, add.signed(keys.admission()).encode());
  }

  /** A client request arrives at {@code replica}. */
  void request(int replica, Request request) {
    transcript.add("client -> r" + replica + " " + request.brief());
    replicas[replica].propose(request);
    collect();
  }

  /** Moves every replica's ready output into the queue. */
  void collect() {
    for (BftReplica replica : replicas) {
      if (replica == null) {
        continue;
      }
      Ready ready = replica.ready();
      if (down.contains(replica.id())) {
        continue;
      }
      for (Envelope envelope : ready.messages()) {
        queue.add(new InFlight(replica.id(), envelope.to(), envelope.message()));
      }
      replies.addAll(ready.replies());
      decisions.get(replica.id()).addAll(ready.decisions());
    }
  }

  /** Delivers queued messages in order until none is left; returns how many were delivered. */
  int deliverAll() {
    return deliverWhile(m -> true);
  }

  /** Delivers, in order, queued messages while the next one matches {@code condition}. */
  int deliverWhile(Predicate<InFlight> condition) {
    int delivered = 0;
    while (!queue.isEmpty() && condition.test(queue.peek())) {
      InFlight next = queue.poll();
      if (down.contains(next.to()) || replicas[next.to()] == null) {
        continue;
      }
      transcript.add("r" + next.from() + " -> r" + next.to() + " " + next.message().brief());
      replicas[next.to()].step(next.message());
      delivered++;
      collect();
    }
    return delivered;
  }

  /** Ticks every replica that is up {@code times} times, delivering after each round. */
  void tick(int times) {
    for (int t = 0; t < times; t++) {
      for (BftReplica replica : replicas) {
        if (replica != null && !down.contains(replica.id())) {
          replica.tick();
        }
      }
      collect();
      deliverAll();
    }
  }

  /** Transcript lines naming a message type, e.g. "Prepare". */
  long count(String type) {
    return transcript.stream().filter(line -> line.contains(" " + type + " ")).count();
  }

  String dump() {
    return String.join("\n", transcript);
  }
}
