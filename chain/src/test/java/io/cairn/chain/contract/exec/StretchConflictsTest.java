package io.cairn.chain.contract.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The conflict marks of one stretch: a call is marked when it shares a key with an earlier call and
 * one of the two writes it, never for a key both only read, never for a key in both of its own
 * sets; marks are counted per chunk, a chunk over the limit is pinned, and a deferred call's mark is
 * taken back.
 */
class StretchConflictsTest {
  private static final long A = KeyTable.hash(3, 1);
  private static final long B = KeyTable.hash(3, 2);
  private static final long C = KeyTable.hash(3, 3);

  @Test
  void aWriteAfterAReadAndAReadAfterAWriteConflictTwoReadsDoNot() {
    StretchConflicts conflicts = new StretchConflicts(4, 1);
    conflicts.begin(8, null);
    assertThat(give(conflicts, 0, new long[] {}, new long[] {A})).as("first reader of A").isFalse();
    assertThat(give(conflicts, 1, new long[] {}, new long[] {A})).as("second reader of A").isFalse();
    assertThat(give(conflicts, 2, new long[] {A}, new long[] {})).as("writer of A after its readers").isTrue();
    assertThat(give(conflicts, 3, new long[] {}, new long[] {A})).as("reader of A after its writer").isTrue();
    assertThat(give(conflicts, 4, new long[] {B}, new long[] {B})).as("a key in both sets of one call").isFalse();
    assertThat(give(conflicts, 5, new long[] {C}, new long[] {})).as("a fresh key").isFalse();
    assertThat(conflicts.marked(2)).isTrue();
    assertThat(conflicts.marked(3)).isTrue();
    assertThat(conflicts.marked(4)).isFalse();
    assertThat(conflicts.markedIn(0)).isEqualTo(2);
    assertThat(conflicts.markedIn(1)).isZero();
  }

  @Test
  void aChunkOverTheLimitIsPinnedUntilAMarkIsTakenBack() {
    StretchConflicts conflicts = new StretchConflicts(4, 1);
    conflicts.begin(8, null);
    give(conflicts, 0, new long[] {A}, new long[] {});
    give(conflicts, 1, new long[] {A}, new long[] {});
    assertThat(conflicts.pinned(0)).as("one marked call, limit 1").isFalse();
    give(conflicts, 2, new long[] {A}, new long[] {});
    assertThat(conflicts.pinned(0)).as("two marked calls, limit 1").isTrue();
    conflicts.unmark(2);
    conflicts.unmark(0); // not marked: nothing to take back
    assertThat(conflicts.marked(2)).isFalse();
    assertThat(conflicts.markedIn(0)).isEqualTo(1);
    assertThat(conflicts.pinned(0)).isFalse();
  }

  @Test
  void theWrittenKeysGoIntoTheSetGivenAndBeginForgetsEveryCall() {
    KeySet later = new KeySet();
    later.clear(16);
    StretchConflicts conflicts = new StretchConflicts(4, 1);
    conflicts.begin(4, later);
    give(conflicts, 0, new long[] {A}, new long[] {B});
    assertThat(later.contains(A)).as("a written key, in the set given").isTrue();
    assertThat(later.contains(B)).as("a key only read stays out of it").isFalse();
    conflicts.begin(4, null);
    assertThat(give(conflicts, 0, new long[] {A}, new long[] {B})).as("after begin, no earlier call").isFalse();
    assertThat(conflicts.markedIn(0)).isZero();
  }

  /** Gives call {@code i} with its written and read key hashes, as a stretch does; whether it was marked. */
  private static boolean give(StretchConflicts conflicts, int i, long[] writes, long[] reads) {
    boolean hit = false;
    for (long w : writes) {
      hit |= conflicts.probeWrite(w);
    }
    for (long r : reads) {
      hit |= conflicts.probeRead(r);
    }
    for (long w : writes) {
      conflicts.wrote(w);
    }
    for (long r : reads) {
      conflicts.read(r);
    }
    if (hit) {
      conflicts.mark(i);
    }
    return hit;
  }
}
