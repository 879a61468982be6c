package io.cairn.kraft.core;

import io.cairn.kraft.api.AppendRequest;
import io.cairn.kraft.api.AppendResponse;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.Message;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.RelayableRequest;
import io.cairn.kraft.api.Role;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * KRaft relay-served catch-up: a group member that rejects a relayed append because it lacks
 * earlier entries is fed by its relay, from the relay's own log, instead of alone by the leader.
 *
 * <p>The relay answers such a rejection (it keeps it from the leader) by sending the member appends
 * that start where the member's log agrees with its own (the rejection's hint) and run up to
 * {@code leaderMatchIndex}, the prefix of its log verified against the current leader in the
 * current term. Each one is an append the leader could have sent: it names the leader and its term,
 * its entries are that leader's entries (Log Matching: the relay's log equals the leader's up to
 * {@code leaderMatchIndex}, and a leader never rewrites its log within its term), and its commit
 * index is the relay's own, which is committed. The member answers it through the relay like any
 * relayed append, and the leader counts that answer for the member, as usual; it alone decides
 * commit. While it feeds a member, the relay holds back the leader's appends to it (their entries
 * reach it through the feed, in order), up to {@link #WINDOW} appends ahead of the member's answers.
 * Feeding stops when the member has everything the relay has, when the relay cannot serve (compacted
 * entries, a log that disagrees at the hint: the rejection then goes to the leader, which probes the
 * member directly), when the member stays silent for {@code relayTimeoutTicks}, or when the term or
 * leader changes. A lost feed costs liveness nothing: the leader probes a member that stops
 * acknowledging.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class RelayCatchUp {
  /** Feed appends sent to one member and not yet answered, at most. */
  static final int WINDOW = 4;

  private static final class Feed {
    /** The next index to send. */
    long next;
    /** Last indexes of the feed appends not yet answered, ascending. */
    final ArrayDeque<Long> unanswered = new ArrayDeque<>();
    int silentTicks;
  }

  private final Raft raft;
  private final Map<NodeId, Feed> feeds = new HashMap<>();
  private NodeId feedLeader;
  private long feedTerm;

  RelayCatchUp(Raft raft) {
    this.raft = raft;
  }

  /** True when the relay feeds {@code member} itself and so does not forward it {@code request}. */
  boolean holdsBack(RelayableRequest request, NodeId member) {
    return request instanceof AppendRequest && current() && request.from().equals(feedLeader)
        && request.term() == feedTerm && feeds.containsKey(member);
  }

  /**
   * A member's answer travelling through this relay. Returns true when the relay took it over (a
   * rejection it answers by feeding the member), false when it goes on to the leader as usual.
   */
  boolean onMemberResponse(Message message) {
    if (!(message instanceof AppendResponse response) || !servable(response)) {
      return false;
    }
    if (!current()) {
      feeds.clear();
      feedLeader = raft.lead;
      feedTerm = raft.term;
    }
    Feed feed = feeds.get(response.from());
    if (!response.reject()) {
      if (feed != null) {
        acknowledged(response.from(), feed, response.index());
      }
      return false;
    }
    long agreed = response.rejectHint();
    if (agreed >= raft.leaderMatchIndex || !raft.log.matchTerm(agreed, response.hintTerm())
        || agreed + 1 < raft.log.firstIndex()) {
      // Nothing to feed, or the member's log disagrees with ours there: the leader sorts it out.
      feeds.remove(response.from());
      return false;
    }
    if (feed == null) {
      feed = new Feed();
      feed.next = agreed + 1;
      feeds.put(response.from(), feed);
    } else if (agreed + 1 < feed.next) {
      // The member has less than we sent (a lost feed append, or a restart): go back.
      feed.next = agreed + 1;
      feed.unanswered.clear();
    }
    feed.silentTicks = 0;
    pump(response.from(), feed);
    return true;
  }

  /** Stops feeding members that stayed silent for the relay timeout. */
  void tick() {
    if (feeds.isEmpty()) {
      return;
    }
    if (!current()) {
      feeds.clear();
      return;
    }
    feeds.values().removeIf(feed -> ++feed.silentTicks > raft.config.relayTimeoutTicks());
  }

  /** This relay follows {@code response}'s addressee as leader in the response's term. */
  private boolean servable(AppendResponse response) {
    return raft.role == Role.FOLLOWER && raft.lead != null && response.to().equals(raft.lead)
        && response.term() == raft.term;
  }

  /** Feeds started under this leader and term are still valid. */
  private boolean current() {
    return raft.role == Role.FOLLOWER && raft.lead != null && raft.lead.equals(feedLeader) && raft.term == feedTerm;
  }

  private void acknowledged(NodeId member, Feed feed, long index) {
    feed.silentTicks = 0;
    while (!feed.unanswered.isEmpty() && feed.unanswered.peekFirst() <= index) {
      feed.unanswered.pollFirst();
    }
    feed.next = Math.max(feed.next, index + 1);
    pump(member, feed);
  }

  /** Sends feed appends within the window; ends the feed once the member has all the relay has. */
  private void pump(NodeId member, Feed feed) {
    long maxBytes = raft.config.maxEntriesBytesPerMessage();
    while (feed.unanswered.size() < WINDOW && feed.next <= raft.leaderMatchIndex) {
      long prevIndex = feed.next - 1;
      long prevTerm = raft.log.term(prevIndex);
      List<Entry> entries = prevTerm == RaftLog.UNAVAILABLE
          ? null : raft.log.slice(feed.next, raft.leaderMatchIndex + 1, maxBytes);
      if (entries == null || entries.isEmpty()) {
        feeds.remove(member);
        return;
      }
      raft.send(new AppendRequest(raft.lead, member, raft.term, prevIndex, prevTerm, new ArrayList<>(entries),
          raft.log.committed(), List.of(), raft.id, false));
      raft.relayDuty.expect(raft.lead);
      feed.next = prevIndex + entries.size() + 1;
      feed.unanswered.addLast(feed.next - 1);
    }
    if (feed.unanswered.isEmpty()) {
      feeds.remove(member);
    }
  }
}
