package io.cairn.chain.contract.exec;

import java.util.Arrays;

/**
 * Which calls of one {@link Stretch} conflict with an earlier call of it (share a key that one of
 * the two writes), and how many such calls each chunk holds: what decides whether a chunk another
 * thread takes may run there, and which of its calls it must leave for after the join (session 19;
 * see {@link Stretch}).
 *
 * <p>The calls are given in block order ({@link #probeWrite}, {@link #probeRead} for every key of a
 * call, then {@link #wrote}, {@link #read}, then {@link #mark} if a probe hit): a probe answers for
 * the calls given before, never the one being given, so that a key in both sets of one call does
 * not make it conflict with itself. Keys are {@link KeyTable#hash}es kept in {@link KeySet}s, so a
 * probe may hit for a key no earlier call touched (rarely): that only marks a call that need not be,
 * which costs a deferral, never a different result. Every call of the stretch may be given, deferred
 * ones too: a call that stays and conflicts with an earlier deferred call of its stretch shares a key
 * with it and is deferred itself, so the marks of the calls that stay are the same as when only they
 * are given (session 20: the stretch gives them before it knows which are deferred). A deferred
 * call's own mark is taken back with {@link #unmark}.
 *
 * <p>Two sets (session 20; session 19 kept one of every touched key and one of the written ones):
 * the written keys and the keys read. A block of token transfers reads no key it does not write, so
 * the second stays empty and unprobed, and each written key costs one probe and one add; in stretch
 * 0 the written set is its {@code later} table itself.
 *
 * <p>Thread-safety: written by the stretch's thread before it publishes its chunks; {@link
 * #marked} and {@link #pinned} read by other threads after that.
 */
final class StretchConflicts {
  /** This stretch's own set of the keys written by the calls given so far. */
  private final KeySet own = new KeySet();
  /** The keys written by the calls given so far: {@link #own}, or the set {@link #begin} was given. */
  private KeySet written = own;
  /** The keys read by the calls given so far (a key also written may be in both). */
  private final KeySet read = new KeySet();
  /** Whether {@link #read} holds a key in this run (it is emptied and sized at its first add). */
  private boolean readSome;
  private int expected;
  /** Per call (from the stretch's first), one bit: it conflicts with an earlier call. */
  private long[] marks = new long[0];
  /** Per chunk: how many of its calls are marked. */
  private int[] perChunk = new int[0];
  private final int chunk;
  /** The most marked calls a chunk that may be taken holds (more: it is pinned). */
  private final int limit;

  /** Chunks of {@code chunk} calls; a chunk holding more than {@code limit} marked calls is pinned. */
  StretchConflicts(int chunk, int limit) {
    assert chunk > 0 && limit >= 0 : "a chunk holds calls, a limit is not negative";
    this.chunk = chunk;
    this.limit = limit;
  }

  /**
   * Forgets every call, for a stretch of {@code calls} calls (two keys a call expected). The written
   * keys go into {@code into} when it is not null (emptied by its owner; stretch 0 gives its {@link
   * Stretch} {@code later} table, which holds exactly the keys its calls write: it defers none),
   * else into a set of this object's own.
   */
  void begin(int calls, KeySet into) {
    int chunks = (calls + chunk - 1) / chunk;
    if (perChunk.length < chunks) {
      perChunk = new int[Math.max(chunks, 2 * perChunk.length)];
    } else {
      Arrays.fill(perChunk, 0, chunks, 0);
    }
    int words = (calls + 63) >>> 6;
    if (marks.length < words) {
      marks = new long[Math.max(words, 2 * marks.length)];
    } else {
      Arrays.fill(marks, 0, words, 0);
    }
    expected = 2 * calls;
    if (into == null) {
      own.clear(expected);
      written = own;
    } else {
      written = into;
    }
    readSome = false;
  }

  /** Whether an earlier call touched key {@code hash}, which the call being given writes. */
  boolean probeWrite(long hash) {
    return written.contains(hash) || readSome && read.contains(hash);
  }

  /** Whether an earlier call wrote key {@code hash}, which the call being given reads. */
  boolean probeRead(long hash) {
    return written.contains(hash);
  }

  /** The call being given writes key {@code hash} (after its probes). */
  void wrote(long hash) {
    written.add(hash);
  }

  /** The call being given reads key {@code hash} (after its probes). */
  void read(long hash) {
    if (!readSome) {
      read.clear(expected);
      readSome = true;
    }
    read.add(hash);
  }

  /** Marks call {@code i} (from the stretch's first): a probe of its keys hit. */
  void mark(int i) {
    assert !marked(i) : "a call is marked once";
    marks[i >>> 6] |= 1L << i;
    perChunk[i / chunk]++;
  }

  /** Takes back the mark of call {@code i} if it has one (it is deferred in planning). */
  void unmark(int i) {
    if (marked(i)) {
      marks[i >>> 6] &= ~(1L << i);
      perChunk[i / chunk]--;
    }
  }

  /** Whether call {@code i} (from the stretch's first) is marked. */
  boolean marked(int i) {
    return (marks[i >>> 6] & 1L << i) != 0;
  }

  /** How many calls of chunk {@code c} are marked. */
  int markedIn(int c) {
    return perChunk[c];
  }

  /** Whether chunk {@code c} may never be taken: it holds more marked calls than the limit. */
  boolean pinned(int c) {
    return perChunk[c] > limit;
  }
}
