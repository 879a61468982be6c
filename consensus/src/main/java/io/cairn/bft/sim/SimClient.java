package io.cairn.bft.sim;

import io.cairn.bft.api.BftConfig;
import io.cairn.bft.api.Reply;
import io.cairn.bft.api.Request;
import io.cairn.bft.api.Verifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * An honest closed-loop client: one request at a time, first to the primary it believes in, then,
 * after a timeout, to every replica. A request is done when f+1 replicas sent valid replies naming
 * the same sequence number.
 */
final class SimClient {
  final long id;
  private final BftConfig config;
  private final Verifier verifier;
  private final int total;
  private final byte[] operation;
  private final int replyQuorum;
  private long timestamp = 1;
  private long believedView;
  private final Map<Long, Set<Integer>> votes = new HashMap<>();
  long sentAtMicros;

  SimClient(long id, BftConfig config, Verifier verifier, int total) {
    this(id, config, verifier, total, null, config.f() + 1);
  }

  /**
   * A client whose every request carries {@code operation} (null: the usual 8 bytes) and that
   * needs {@code replyQuorum} matching replies (f+1 of the largest configuration of the run).
   */
  SimClient(long id, BftConfig config, Verifier verifier, int total, byte[] operation, int replyQuorum) {
    this.id = id;
    this.config = config;
    this.verifier = verifier;
    this.total = total;
    this.operation = operation;
    this.replyQuorum = replyQuorum;
  }

  boolean done() {
    return timestamp > total;
  }

  long timestamp() {
    return timestamp;
  }

  Request current() {
    return new Request(id, timestamp,
        operation != null ? operation : new byte[] {(byte) id, (byte) timestamp, 7, 7, 7, 7, 7, 7});
  }

  int primary() {
    return config.primary(believedView);
  }

  /** Counts a reply; true when it completes the current request. */
  boolean onReply(Reply reply) {
    if (done() || reply.timestamp() != timestamp || reply.client() != id
        || !verifier.verify(reply.sender(), io.cairn.bft.api.BftCodec.signedBytes(reply), reply.signature())) {
      return false;
    }
    believedView = Math.max(believedView, reply.view());
    Set<Integer> agreeing = votes.computeIfAbsent(reply.seq(), s -> new HashSet<>());
    agreeing.add(reply.sender());
    if (agreeing.size() < replyQuorum) {
      return false;
    }
    votes.clear();
    timestamp++;
    return true;
  }
}
