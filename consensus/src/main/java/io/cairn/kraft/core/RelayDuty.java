package io.cairn.kraft.core;

import io.cairn.kraft.api.Message;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.RelayBundle;
import io.cairn.kraft.api.RelayableRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * What a node does as a KRaft relay. It forwards a request with a fanout, unchanged except for
 * its addressing, to every member named; it collects the members' responses (and its own) per
 * original sender and returns them in one {@link RelayBundle} as soon as every forwarded copy was
 * answered, or after {@code relayBundleTicks} ticks otherwise. It never merges, filters or alters a response: the
 * receiver counts each one for the node that sent it, so the relay is, for safety purposes, just
 * a network that may delay or lose messages.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class RelayDuty {
  private static final class Buffer {
    final List<Message> responses = new ArrayList<>();
    int outstanding;
    int ticksWaited;
  }

  private final NodeId self;
  private final int bundleTicks;
  private final Consumer<Message> outbox;
  private final Map<NodeId, Buffer> buffers = new LinkedHashMap<>();

  RelayDuty(NodeId self, int bundleTicks, Consumer<Message> outbox) {
    this.self = self;
    this.bundleTicks = bundleTicks;
    this.outbox = outbox;
  }

  /**
   * Forwards {@code request} to its fanout, except to members {@code heldBack} accepts (the relay
   * feeds those itself, see {@link RelayCatchUp}), and, unless members ack directly, expects their
   * answers.
   */
  void forward(RelayableRequest request, BiPredicate<RelayableRequest, NodeId> heldBack) {
    int forwarded = 0;
    for (NodeId member : request.fanout()) {
      if (!member.equals(self) && !heldBack.test(request, member)) {
        outbox.accept(request.forwardedTo(member, self));
        forwarded++;
      }
    }
    if (!request.ackDirect()) {
      buffers.computeIfAbsent(request.from(), origin -> new Buffer()).outstanding += forwarded;
    }
  }

  /** One more answer for {@code origin} is due through this relay (to an append it sent on its own). */
  void expect(NodeId origin) {
    buffers.computeIfAbsent(origin, key -> new Buffer()).outstanding++;
  }

  /** An answer for {@code origin} that was due will not travel in the bundle (the relay took it over). */
  void absorbed(NodeId origin) {
    Buffer buffer = buffers.get(origin);
    if (buffer != null && --buffer.outstanding <= 0) {
      flush(origin);
    }
  }

  /** This relay's own answer to a request it forwarded: held for the bundle. */
  void addOwn(Message response) {
    Buffer buffer = buffers.computeIfAbsent(response.to(), origin -> new Buffer());
    buffer.responses.add(response);
    if (buffer.outstanding <= 0) {
      flush(response.to());
    }
  }

  /** A member's answer travelling through this relay. */
  void addMember(Message response) {
    Buffer buffer = buffers.computeIfAbsent(response.to(), origin -> new Buffer());
    buffer.responses.add(response);
    buffer.outstanding--;
    if (buffer.outstanding <= 0) {
      flush(response.to());
    }
  }

  /**
   * The relay timeout: answers that have waited {@code bundleTicks} ticks are sent. Late answers of slow members keep being collected until the rest arrive
   * or the next timeout, so they do not each travel alone; a buffer that stays empty through a
   * timeout is dropped (its missing answers were lost).
   */
  void tick() {
    for (Map.Entry<NodeId, Buffer> entry : List.copyOf(buffers.entrySet())) {
      Buffer buffer = entry.getValue();
      if (++buffer.ticksWaited < bundleTicks) {
        continue;
      }
      buffer.ticksWaited = 0;
      if (buffer.responses.isEmpty()) {
        buffers.remove(entry.getKey());
      } else {
        outbox.accept(new RelayBundle(self, entry.getKey(), List.copyOf(buffer.responses)));
        buffer.responses.clear();
      }
    }
  }

  /** Drops everything (the node restarted or changed term). */
  void clear() {
    buffers.clear();
  }

  private void flush(NodeId origin) {
    Buffer buffer = buffers.remove(origin);
    if (buffer != null && !buffer.responses.isEmpty()) {
      outbox.accept(new RelayBundle(self, origin, buffer.responses));
    }
  }
}
