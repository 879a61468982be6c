package io.cairn.kraft.sim;

import org.HdrHistogram.Histogram;

/**
 * What one simulated run found and measured.
 *
 * @param seed the run's seed
 * @param violation the first safety or liveness violation, or null
 * @param linearizable whether the client history passed the linearizability check
 * @param nonLinearizableKey the key whose history failed (when not linearizable)
 * @param failureAtMicros virtual time of the violation (or of the end, for a history failure)
 * @param leaderMessages messages sent and received by leaders
 * @param leaderBytes their encoded bytes
 * @param committedEntries distinct log entries committed (and applied somewhere)
 * @param elections leaders established
 * @param splitVotes terms with two or more candidates and no leader
 * @param electionMicros times from a leader crash to the next leader
 * @param commitMicros times from proposal to commit at the leader
 * @param virtualMicros simulated time
 * @param events events executed
 * @param operations client operations recorded
 * @param snapshotsInstalled snapshots a leader shipped to a lagging node and it installed
 * @param configurationChanges membership changes committed
 */
public record SimResult(
    long seed, String violation, boolean linearizable, long nonLinearizableKey, long failureAtMicros,
    long leaderMessages, long leaderBytes, long committedEntries, long elections, long splitVotes,
    Histogram electionMicros, Histogram commitMicros, long virtualMicros, long events, int operations,
    long snapshotsInstalled, long configurationChanges) {

  /** True when the run found no problem. */
  public boolean passed() {
    return violation == null && linearizable;
  }

  /** One line describing the failure, or "ok". */
  public String describeFailure() {
    if (violation != null) {
      return String.format("violation at %.3f ms: %s", failureAtMicros / 1000.0, violation);
    }
    if (!linearizable) {
      return "history of key " + nonLinearizableKey + " is not linearizable";
    }
    return "ok";
  }
}
