package io.cairn.bft.sim;

import java.util.Locale;

/**
 * Seed 002 in the simulator: during the run the regulator submits an {@code AddReplica}
 * transaction for replica n, which starts as a joining replica, synchronizes by state transfer and
 * then votes in the next configuration epoch. {@code joiner} says how the new replica misbehaves
 * while it synchronizes (it is never Byzantine: the f Byzantine replicas are among the first n).
 *
 * @param enabled whether the run adds a replica
 * @param joiner the new replica's fault
 */
public record AddNode(boolean enabled, Joiner joiner) {
  /** No replica is added: the runs of sessions 1-3. */
  public static final AddNode NONE = new AddNode(false, Joiner.OK);

  /** How the added replica behaves while it synchronizes. */
  public enum Joiner {
    /** Starts with the add and synchronizes as fast as the network allows. */
    OK,
    /** Every message to and from it is 50-250 ms late until it voted a while. */
    SLOW,
    /** Crashes once while it synchronizes (losing everything) and starts again 0.5-1.5 s later. */
    CRASH,
    /** Each seed picks one of the above. */
    MIXED;

    /** Parses {@code ok}, {@code slow}, {@code crash} or {@code mixed}. */
    public static Joiner parse(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }
  }
}
