package io.cairn.kraft.core;

import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.NodeId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration in effect plus, on a leader, each member's {@link Progress}, and, on a
 * candidate, the votes received. All counting is by individual voter id: however a response
 * travelled (directly or bundled by a relay), it counts once for the node that sent it.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class ProgressTracker {
  enum VoteResult { PENDING, WON, LOST }

  private final int maxInflight;
  private Configuration config = Configuration.EMPTY;
  private final Map<NodeId, Progress> progress = new LinkedHashMap<>();
  private final Map<NodeId, Boolean> votes = new HashMap<>();
  /** Scratch space of {@link #committedIndex}, grown to the number of voters. */
  private long[] matches = new long[0];

  ProgressTracker(int maxInflight) {
    this.maxInflight = maxInflight;
  }

  Configuration config() {
    return config;
  }

  Map<NodeId, Progress> progress() {
    return progress;
  }

  Progress get(NodeId id) {
    return progress.get(id);
  }

  /** Switches to {@code newConfig}: keeps progress of remaining members, adds new ones probing from {@code next}. */
  void applyConfig(Configuration newConfig, long next) {
    config = newConfig;
    Map<NodeId, Progress> old = new HashMap<>(progress);
    progress.clear();
    for (NodeId member : newConfig.members()) {
      Progress existing = old.get(member);
      if (existing == null) {
        existing = new Progress(Math.max(next, 1), maxInflight, false);
      }
      existing.learner = newConfig.isLearner(member);
      progress.put(member, existing);
    }
  }

  /** Fresh progress for every member (a new leader), with {@code self} matched to {@code lastIndex}. */
  void resetProgress(NodeId self, long lastIndex) {
    progress.clear();
    for (NodeId member : config.members()) {
      Progress fresh = new Progress(lastIndex + 1, maxInflight, config.isLearner(member));
      if (member.equals(self)) {
        fresh.match = lastIndex;
        fresh.recentActive = true;
      }
      progress.put(member, fresh);
    }
  }

  /** The largest index matched by a majority of voters (0 with no voters). */
  long committedIndex() {
    List<NodeId> voters = config.voters();
    if (voters.isEmpty()) {
      return 0;
    }
    int n = voters.size();
    if (matches.length != n) {
      matches = new long[n];
    }
    for (int i = 0; i < n; i++) {
      Progress p = progress.get(voters.get(i));
      matches[i] = p == null ? 0 : p.match;
    }
    Arrays.sort(matches);
    return matches[n - config.quorum()];
  }

  void resetVotes() {
    votes.clear();
  }

  /** Records {@code voter}'s answer; only its first answer in a round counts. */
  void recordVote(NodeId voter, boolean granted) {
    votes.putIfAbsent(voter, granted);
  }

  boolean hasVoted(NodeId voter) {
    return votes.containsKey(voter);
  }

  VoteResult tally() {
    int granted = 0;
    int rejected = 0;
    for (NodeId voter : config.voters()) {
      Boolean vote = votes.get(voter);
      if (vote == null) {
        continue;
      }
      if (vote) {
        granted++;
      } else {
        rejected++;
      }
    }
    int quorum = config.quorum();
    if (granted >= quorum) {
      return VoteResult.WON;
    }
    if (config.voters().size() - rejected < quorum) {
      return VoteResult.LOST;
    }
    return VoteResult.PENDING;
  }

  /** True when a quorum of voters (counting {@code self}) was heard from recently. */
  boolean quorumActive(NodeId self) {
    int active = 0;
    for (NodeId voter : config.voters()) {
      Progress p = progress.get(voter);
      if (voter.equals(self) || (p != null && p.recentActive)) {
        active++;
      }
    }
    return active >= config.quorum();
  }

  /** True when {@code acks} contains a quorum of voters. */
  boolean isQuorum(java.util.Set<NodeId> acks) {
    int count = 0;
    for (NodeId voter : config.voters()) {
      if (acks.contains(voter)) {
        count++;
      }
    }
    return count >= config.quorum();
  }
}
