package io.cairn.kraft.sim;

import io.cairn.common.InvalidArgumentException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The faults a simulation may inject; {@link #parse} reads the command line's list. */
public enum Fault {
  /** Messages are dropped (0-5% per run). */
  LOSS("loss"),
  /** Messages are delivered twice (0-3% per run). */
  DUPLICATION("dup"),
  /** Messages are held back by up to 30 ms, overtaking each other (0-10% per run). */
  REORDER("reorder"),
  /** Symmetric splits, isolated nodes, one-way (asymmetric) cuts and bridge topologies. */
  PARTITION("partition"),
  /** Nodes crash (losing what they had not synced) and restart from their durable state. */
  CRASH("crash"),
  /** Slow fsyncs, and a crash may keep or lose each not-yet-synced write batch (keeping a prefix). */
  DISK("disk"),
  /** The leader's current relays are crashed (in Raft mode: random followers). */
  RELAY_KILL("relay-kill"),
  /** Membership changes (learners join, get promoted after catch-up, voters are removed) and leadership transfers. */
  CHURN("churn"),
  /** Each node's tick runs up to 2% fast or slow. */
  SKEW("skew"),
  /** The leader is crashed every 0.8-1.5 s: the election-time measurement. */
  LEADER_CRASH("leader-crash");

  private final String option;

  Fault(String option) {
    this.option = option;
  }

  /** The name used on the command line. */
  public String option() {
    return option;
  }

  /** What {@code all} means: every chaos fault; the leader-crash measurement is asked for by name. */
  public static Set<Fault> chaos() {
    return EnumSet.complementOf(EnumSet.of(LEADER_CRASH));
  }

  /**
   * Parses {@code none}, or a comma-separated list of fault names where {@code all} stands for
   * {@link #chaos()} (so {@code all,leader-crash} is everything).
   *
   * @throws InvalidArgumentException for an unknown name
   */
  public static Set<Fault> parse(String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    EnumSet<Fault> faults = EnumSet.noneOf(Fault.class);
    if (trimmed.equals("none") || trimmed.isEmpty()) {
      return faults;
    }
    for (String name : trimmed.split(",")) {
      if (name.trim().equals("all")) {
        faults.addAll(chaos());
        continue;
      }
      Fault match = null;
      for (Fault fault : values()) {
        if (fault.option.equals(name.trim())) {
          match = fault;
        }
      }
      if (match == null) {
        throw new InvalidArgumentException("unknown fault '" + name.trim() + "'; known: " + names());
      }
      faults.add(match);
    }
    return faults;
  }

  /** The canonical text of a set: {@code none}, or names in declaration order with {@code all} for {@link #chaos()}. */
  public static String format(Set<Fault> faults) {
    if (faults.isEmpty()) {
      return "none";
    }
    StringBuilder text = new StringBuilder();
    boolean chaos = faults.containsAll(chaos());
    if (chaos) {
      text.append("all");
    }
    for (Fault fault : values()) {
      if (faults.contains(fault) && !(chaos && chaos().contains(fault))) {
        text.append(text.isEmpty() ? "" : ",").append(fault.option);
      }
    }
    return text.toString();
  }

  /** Every name, for help and error messages. */
  public static String names() {
    StringBuilder text = new StringBuilder("all, none");
    for (Fault fault : values()) {
      text.append(", ").append(fault.option);
    }
    return text.toString();
  }
}
