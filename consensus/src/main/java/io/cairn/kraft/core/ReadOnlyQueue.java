package io.cairn.kraft.core;

import io.cairn.kraft.api.NodeId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The leader's pending read-index requests (thesis §6.4, etcd's "ReadOnlySafe"): each records
 * the commit index when it arrived and collects heartbeat acknowledgements carrying its context.
 * Once a quorum acknowledged a request, it and every earlier one are confirmed: the leader was
 * still leader when they arrived, so their recorded commit index is a safe read index.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class ReadOnlyQueue {
  /** One pending request. */
  static final class Pending {
    final long index;
    final byte[] context;
    final NodeId requester;
    final Set<NodeId> acks = new HashSet<>();

    Pending(long index, byte[] context, NodeId requester) {
      this.index = index;
      this.context = context;
      this.requester = requester;
    }
  }

  private record Key(byte[] bytes) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }

  private final LinkedHashMap<Key, Pending> pending = new LinkedHashMap<>();

  /** Queues a request unless one with the same context is pending; returns false for a duplicate. */
  boolean add(long index, byte[] context, NodeId requester) {
    return pending.putIfAbsent(new Key(context), new Pending(index, context, requester)) == null;
  }

  /** Records {@code from}'s acknowledgement of {@code context}; returns the request, or null if unknown. */
  Pending ack(NodeId from, byte[] context) {
    Pending request = pending.get(new Key(context));
    if (request != null) {
      request.acks.add(from);
    }
    return request;
  }

  /** Removes and returns the request with {@code context} and all queued before it. */
  List<Pending> releaseThrough(byte[] context) {
    List<Pending> released = new ArrayList<>();
    Key key = new Key(context);
    if (!pending.containsKey(key)) {
      return released;
    }
    Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Key, Pending> entry = it.next();
      released.add(entry.getValue());
      it.remove();
      if (entry.getKey().equals(key)) {
        break;
      }
    }
    return released;
  }

  int size() {
    return pending.size();
  }

  void clear() {
    pending.clear();
  }
}
