package io.cairn.lsm.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Property;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The crash test's diagnosis of a failed check: {@link CrashWorkload#matchingPrefix} names the
 * longer prefix a database holds when the parent's last ack was stale, and none when writes were
 * lost or deleted keys revived. Also the arithmetic of the one failure seen (PMEM_DIRECT_IO, round
 * 4): its counts are those of two operations past the ack the parent had read.
 */
class CrashWorkloadTest {
  /** A case: the workload seed, the acknowledged prefix and how many operations the database holds past it. */
  record Case(long seed, int acked, int extra) {}

  @Test
  void aStateFurtherThanTheAckIsMatchedToItsPrefix() {
    Property.of("a later state is found at a prefix that gives it",
            random -> new Case(random.nextLong(), random.nextInt(0, 400), random.nextInt(0, 40)))
        .trials(100)
        .check(testCase -> {
          CrashWorkload workload = new CrashWorkload(testCase.seed());
          TreeMap<String, byte[]> acked = stateAfter(workload, testCase.acked());
          TreeMap<String, byte[]> found = stateAfter(workload, testCase.acked() + testCase.extra());
          long matching = workload.matchingPrefix(found, acked, testCase.acked(), testCase.acked() + 50);
          // The first matching prefix: a delete of an absent key leaves the state as it was.
          assertThat(matching).isBetween((long) testCase.acked(), (long) testCase.acked() + testCase.extra());
          assertThat(CrashWorkload.sameState(stateAfter(workload, (int) matching), found)).isTrue();
          assertThat(CrashWorkload.sameState(acked, stateAfter(workload, testCase.acked())))
              .as("the given state is left unchanged").isTrue();
        });
  }

  @Test
  void aRevivedKeyMatchesNoPrefix() {
    Property.of("a state with a deleted key back matches no prefix",
            random -> new Case(random.nextLong(), random.nextInt(100, 400), 0))
        .trials(100)
        .check(testCase -> {
          CrashWorkload workload = new CrashWorkload(testCase.seed());
          TreeMap<String, byte[]> acked = stateAfter(workload, testCase.acked());
          TreeMap<String, byte[]> everPut = stateAfter(workload, testCase.acked() / 2);
          everPut.keySet().removeAll(acked.keySet());
          if (everPut.isEmpty()) {
            return;
          }
          TreeMap<String, byte[]> found = new TreeMap<>(acked);
          found.put(everPut.firstKey(), everPut.firstEntry().getValue());
          // Keys are put once: a deleted key is in no later state, so no prefix gives this one.
          assertThat(workload.matchingPrefix(found, acked, testCase.acked(), testCase.acked() + 50)).isEqualTo(-1);
        });
  }

  @Test
  void theFailureSeenHeldTwoOperationsPastTheAckReadByTheParent() {
    // "holds operations [0, 1201) or [0, 1201]; it holds 1344 keys against 1342 expected;
    // PMEM_DIRECT_IO round 4 seed 0x26fff05779bbb72b": 1344 is the count after [0, 1203), two
    // operations past the last ack the parent had read. Its wait for the killed child's output
    // was 10 seconds then, which a machine at load 30-55 can run out; ChildJvm.killNine now waits
    // for all of it and fails loudly otherwise.
    CrashWorkload workload = new CrashWorkload(0x26fff05779bbb72bL);
    assertThat(stateAfter(workload, 1201)).hasSize(1342);
    assertThat(stateAfter(workload, 1202)).hasSize(1345);
    assertThat(stateAfter(workload, 1203)).hasSize(1344);
  }

  private static TreeMap<String, byte[]> stateAfter(CrashWorkload workload, int operations) {
    TreeMap<String, byte[]> state = new TreeMap<>();
    for (long index = 0; index < operations; index++) {
      workload.apply(state, index);
    }
    return state;
  }
}
