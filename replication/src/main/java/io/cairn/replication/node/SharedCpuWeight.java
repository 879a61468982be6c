package io.cairn.replication.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member's share of the CPU on a machine it shares with other members of its cluster (a local
 * cluster: {@code cluster up}, {@code bench cluster}): a follower lowers its process's CPU weight,
 * a leader restores it, so that when the cores are contended the leader's threads, which carry
 * every commit (the rounds, the driver, HTTP, the apply before each answer), run before a
 * follower's apply. A follower's own part of a commit (its append's write, sync and
 * acknowledgement) is a small share of its CPU; most of it is the apply, which no commit waits for.
 *
 * <p>How: Linux's scheduler divides the CPU between sessions first ("autogroups", on by default
 * in desktop and Debian kernels), then between the threads of a session; a node started by {@code
 * NodeLauncher} runs in a session of its own ({@code setsid}), so every member gets the same share
 * whatever its role, and the leader, which does about twice a follower's work per record, waits for
 * a core behind two followers. The session's nice value ({@code /proc/self/autogroup}) sets its
 * weight: nice 2 gives a follower 655 against a leader's 1024 (the kernel's table), about the ratio
 * of their CPU per record (15 against 25 µs in session 12's idle {@code bench cluster}), so each
 * member's share follows its work. Off by default ({@link #DEFAULT_FOLLOWER_NICE} 0): session 13's
 * idle A/B found no gain in records/s or p99 (docs/replication.md, "The commit tail"). Raising a
 * nice value needs no privilege and neither does lowering it back to 0, so a follower that becomes
 * leader restores its weight. Nothing happens where the file is missing (another kernel, no
 * autogroups) or where this process is not the leader of its session (the nice value would reach
 * every process of the session: a shell's, say); a member on a machine of its own has no one to
 * share with, and its weight changes nothing.
 *
 * <p>Members run in one process (tests, {@code bench cluster --in-process}) share one session, so
 * the weight is left alone (and restored) while more than one driver of this process runs.
 *
 * <p>System property {@value #PROPERTY}: the follower's nice value, 0 to 19 (0: off).
 *
 * <p>Thread-safety: {@link #start}, {@link #role} and {@link #stop} from one thread (the driver).
 */
final class SharedCpuWeight {
  /** System property: the nice value of a follower's session (0: leave the weight alone). */
  static final String PROPERTY = "cairn.followerNice";
  /**
   * A follower's default session nice value: 0, off (2 would give weight 655 against a leader's
   * 1024; the idle A/B of session 13 found no gain).
   */
  static final int DEFAULT_FOLLOWER_NICE = 0;
  /** The kernel accepts about ten changes a second from an unprivileged process; wait before a retry. */
  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final Logger LOG = LoggerFactory.getLogger(SharedCpuWeight.class);
  /** Drivers of this process between their {@link #start} and {@link #stop}. */
  private static final AtomicInteger RUNNING = new AtomicInteger();

  private final Path autogroup;
  private final int followerNice;
  /** The nice value written last (-1: none yet). */
  private int written = -1;
  /** No write before this ({@link System#nanoTime}): the kernel refused the last one. */
  private long retryAtNanos = System.nanoTime();
  private boolean warned;

  /**
   * This process's weight through {@code autogroup} ({@code /proc/self/autogroup}); {@code
   * followerNice} 0 is off, as is {@code ownSession} false.
   */
  SharedCpuWeight(Path autogroup, int followerNice, boolean ownSession) {
    if (followerNice < 0 || followerNice > 19) {
      throw new IllegalArgumentException("a follower's nice value must be in [0, 19]: " + followerNice);
    }
    this.autogroup = ownSession && Files.isWritable(autogroup) ? autogroup : null;
    this.followerNice = followerNice;
  }

  /** This process's weight, from {@value #PROPERTY}. */
  static SharedCpuWeight fromProperties() {
    int nice = Integer.getInteger(PROPERTY, DEFAULT_FOLLOWER_NICE);
    return new SharedCpuWeight(Path.of("/proc/self/autogroup"), Math.clamp(nice, 0, 19), leadsItsSession());
  }

  /** Whether this process is the leader of its session ({@code /proc/self/stat}: session id = pid). */
  static boolean leadsItsSession() {
    try {
      return sessionLeader(Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII),
          ProcessHandle.current().pid());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Whether the {@code /proc/PID/stat} line {@code stat} names {@code pid} as its session. */
  static boolean sessionLeader(String stat, long pid) {
    // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return fields.length > 3 && Long.parseLong(fields[3]) == pid;
  }

  /** Whether it changes anything. */
  boolean on() {
    return autogroup != null && followerNice > 0;
  }

  /** Its driver starts. */
  void start() {
    RUNNING.incrementAndGet();
  }

  /** Its driver ends: the weight goes back to the default. */
  void stop() {
    RUNNING.decrementAndGet();
    if (on() && written > 0) {
      retryAtNanos = System.nanoTime();
      set(0);
    }
  }

  /**
   * This member is now the leader ({@code true}) or not: sets the weight if that changed (back to
   * 0 while another driver runs in this process).
   */
  void role(boolean leader) {
    if (on()) {
      set(leader || RUNNING.get() > 1 ? 0 : followerNice);
    }
  }

  private void set(int nice) {
    if (nice == written || System.nanoTime() - retryAtNanos < 0) {
      return;
    }
    try {
      Files.writeString(autogroup, Integer.toString(nice), StandardCharsets.US_ASCII);
      written = nice;
    } catch (IOException e) {
      // EAGAIN (changed too often) or refused: try again on a later turn, the member goes on.
      retryAtNanos = System.nanoTime() + RETRY_NANOS;
      if (!warned) {
        warned = true;
        LOG.info("could not set this member's CPU weight ({} = {}): {}", autogroup, nice, e.toString());
      }
    }
  }

  /** The nice value written last, -1 before the first. */
  int written() {
    return written;
  }
}
