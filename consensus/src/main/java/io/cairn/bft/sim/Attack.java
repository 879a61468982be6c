package io.cairn.bft.sim;

/** What the Byzantine replicas of a simulated run do; they collude (share their knowledge) in every attack. */
public enum Attack {
  /** Send nothing at all (crashed or withholding everything). */
  SILENT,
  /** Withhold votes: no prepares, commits, shares, checkpoints, certificates or view changes. */
  WITHHOLD_VOTES,
  /** A Byzantine primary sends conflicting pre-prepares to the two halves; all Byzantine replicas vote for every value. */
  EQUIVOCATE,
  /** Send, beside the honest traffic, messages with forged senders, bad signatures and tampered certificates. */
  FORGE,
  /** Replay old, validly signed messages to random replicas. */
  REPLAY,
  /** Delay everything by several view-change timeouts (a slow primary). */
  SLOW,
  /** Each Byzantine replica picks one of the above at random. */
  MIXED;

  /** Parses a name such as {@code equivocate} or {@code withhold-votes}. */
  public static Attack parse(String name) {
    return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
  }
}
