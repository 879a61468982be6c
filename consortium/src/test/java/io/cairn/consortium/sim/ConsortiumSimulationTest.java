package io.cairn.consortium.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.consortium.Evidence;
import io.cairn.consortium.UploadVerdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Seeded runs of 4 HQ nodes in one JVM, honest and with each malicious HQ behaviour. */
class ConsortiumSimulationTest {
  private static ConsortiumSimulation.Result run(long seed, int malicious, Attack attack) {
    ConsortiumSimulation.Result result = ConsortiumSimulation.run(seed, 4, malicious, attack, 3);
    if (!result.problems().isEmpty()) {
      result.events().forEach(System.out::println);
    }
    assertThat(result.problems()).as("seed %d, hq%d %s (replay: ConsortiumSimulation.run(%d, 4, %d, %s, 3))", seed,
        malicious, attack, seed, malicious, attack).isEmpty();
    return result;
  }

  @Test
  void honestRunCommitsEveryAcceptedRecordAndRefusesTheMaliciousEnterprises() {
    ConsortiumSimulation.Result result = run(1, -1, Attack.NONE);
    assertThat(result.blocks()).isGreaterThanOrEqualTo(3);
    assertThat(result.committedRecords()).isEqualTo(result.acceptedByHonest()).isPositive();
    assertThat(result.refusals()).containsKeys(UploadVerdict.REPLAY, UploadVerdict.IMPERSONATION,
        UploadVerdict.BAD_SIGNATURE, UploadVerdict.UNDECRYPTABLE);
    assertThat(result.flagged()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = Attack.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  void aMaliciousHqIsRefusedOrFlaggedAndNothingHonestIsLost(Attack attack) {
    int malicious = attack.ordinal() % 4; // the attacks land on different HQ numbers, hence leader turns
    ConsortiumSimulation.Result result = run(10 + attack.ordinal(), malicious, attack);
    assertThat(result.committedRecords()).isGreaterThanOrEqualTo(result.acceptedByHonest());
  }

  /** Every attack from every HQ number over a few seeds (slow: {@code -Dslow}). */
  @Tag("slow")
  @ParameterizedTest
  @EnumSource(value = Attack.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  void everyAttackFromEveryHqOverSeeds(Attack attack) {
    for (long seed = 100; seed < 103; seed++) {
      for (int malicious = 0; malicious < 4; malicious++) {
        run(seed, malicious, attack);
      }
    }
  }

  @Test
  void contradictoryResultsAreFlaggedWithTheTwoSignedResultsOnChain() {
    ConsortiumSimulation.Result result = run(5, 2, Attack.CONTRADICTORY_RESULTS);
    assertThat(result.flagged().get(2)).extracting(Evidence::kind).contains(Evidence.Kind.CONTRADICTORY_RESULTS);
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    ConsortiumSimulation.Result a = ConsortiumSimulation.run(7, 4, 1, Attack.WITHHOLD_RESULTS, 1);
    ConsortiumSimulation.Result b = ConsortiumSimulation.run(7, 4, 1, Attack.WITHHOLD_RESULTS, 1);
    assertThat(a.events()).isEqualTo(b.events());
    assertThat(a.committedRecords()).isEqualTo(b.committedRecords());
  }
}
