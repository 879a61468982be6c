package io.cairn.kraft.sim;

import io.cairn.kraft.api.NodeId;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The figures one run measures:
 *
 * <ul>
 *   <li>leader load: protocol messages (and their encoded bytes) the leader of the moment sends
 *       plus those it receives, a relay bundle counting as one message; client traffic excluded;
 *   <li>elections: leaders established; split votes: terms in which two or more nodes stood as
 *       (real, post-Pre-Vote) candidates and nobody won;
 *   <li>election time: from the crash of the newest leader to the next leader being established;
 *   <li>commit latency: from a leader accepting a proposal to that leader applying it.
 * </ul>
 *
 * <p>Thread-safety: not thread-safe.
 */
final class SimMetrics {
  static final long HISTOGRAM_MAX_MICROS = 60_000_000L;

  long leaderMessages;
  long leaderBytes;
  long elections;
  long snapshotsInstalled;
  final Histogram electionMicros = new Histogram(HISTOGRAM_MAX_MICROS, 3);
  final Histogram commitMicros = new Histogram(HISTOGRAM_MAX_MICROS, 3);
  private long crashedLeaderAtMicros = -1;
  private long crashedLeaderTerm;

  void leaderMessage(int bytes) {
    leaderMessages++;
    leaderBytes += bytes;
  }

  /** The newest leader (of {@code term}) just crashed at {@code now}. */
  void leaderCrashed(long term, long now) {
    if (crashedLeaderAtMicros < 0 || term > crashedLeaderTerm) {
      crashedLeaderAtMicros = now;
      crashedLeaderTerm = term;
    }
  }

  void leaderElected(long term, long now) {
    elections++;
    if (crashedLeaderAtMicros >= 0 && term > crashedLeaderTerm) {
      electionMicros.recordValue(Math.min(HISTOGRAM_MAX_MICROS, now - crashedLeaderAtMicros));
      crashedLeaderAtMicros = -1;
    }
  }

  /** Stops timing a pending election (the run's fault phase ended with the crash unresolved). */
  void forgetPendingCrash() {
    crashedLeaderAtMicros = -1;
  }

  void committed(long latencyMicros) {
    commitMicros.recordValue(Math.min(HISTOGRAM_MAX_MICROS, Math.max(0, latencyMicros)));
  }

  /** Terms with two or more candidates and no leader. */
  static long splitVotes(Map<Long, Set<NodeId>> candidatesOfTerm, Map<Long, NodeId> leaderOfTerm) {
    long split = 0;
    for (Map.Entry<Long, Set<NodeId>> term : candidatesOfTerm.entrySet()) {
      if (term.getValue().size() >= 2 && !leaderOfTerm.containsKey(term.getKey())) {
        split++;
      }
    }
    return split;
  }
}
