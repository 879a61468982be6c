package io.cairn.consortium;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.Identity;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A slave's checks on blocks: each fault found, proof of work, and proofs of state records. */
class BlockChecksTest {
  private final Regulator regulator = new Regulator(Identity.generate());
  private final AdmissionRegistry registry = new AdmissionRegistry(regulator.key());
  private final List<Identity> hqs = new ArrayList<>();
  private final List<HqInfo> infos = new ArrayList<>();
  private final Identity alice = Identity.generate();

  BlockChecksTest() {
    for (int i = 0; i < 4; i++) {
      Identity identity = Identity.generate();
      hqs.add(identity);
      infos.add(new HqInfo(i, identity.key(), X25519Key.generate(new SecureRandom()).publicKey()));
    }
    registry.admit(regulator.admit(alice.key(), "alice", 1, 0));
  }

  private BlockChecks checks(Bookkeeping bookkeeping, int difficulty) {
    return new BlockChecks(infos, registry, bookkeeping, difficulty);
  }

  private DataSet dataSet() {
    return DataSet.seal(hqs.get(1), 1, 2, List.of(StateUpload.sign(alice, 1, 1, 5, new byte[] {1}),
        StateUpload.sign(alice, 1, 2, 6, new byte[] {2})));
  }

  @Test
  void findsEachFault() {
    BlockChecks checks = checks(Bookkeeping.ROUND_ROBIN, 0);
    byte[] zero = new byte[32];
    ConsortiumBlock good = ConsortiumBlock.propose(hqs.get(2), 2, 0, zero, 2, 3000, List.of(dataSet()), 0);
    assertThat(checks.checkBlock(good, 0, zero, k -> -1L).fault()).isEqualTo(BlockFault.VALID);
    assertThat(checks.checkBlock(good, 1, zero, k -> -1L).fault()).isEqualTo(BlockFault.WRONG_HEIGHT);
    assertThat(checks.checkBlock(good, 0, good.hash(), k -> -1L).fault()).isEqualTo(BlockFault.WRONG_PREVIOUS_HASH);
    assertThat(checks.checkBlock(good, 0, zero, k -> 1L).fault()).isEqualTo(BlockFault.BAD_RECORD);
    ConsortiumBlock notItsTurn = ConsortiumBlock.propose(hqs.get(3), 3, 0, zero, 2, 3000, List.of(dataSet()), 0);
    assertThat(checks.checkBlock(notItsTurn, 0, zero, k -> -1L).fault()).isEqualTo(BlockFault.WRONG_PROPOSER);
    ConsortiumBlock badSignature = ConsortiumBlock.forge(hqs.get(3), 0, zero, 2, 3000, 2, 0, good.root(),
        good.dataSets());
    assertThat(checks.checkBlock(badSignature, 0, zero, k -> -1L).fault()).isEqualTo(BlockFault.BAD_BLOCK_SIGNATURE);
    ConsortiumBlock wrongRoot = ConsortiumBlock.forge(hqs.get(2), 0, zero, 2, 3000, 2, 0, zero, good.dataSets());
    assertThat(checks.checkBlock(wrongRoot, 0, zero, k -> -1L).fault()).isEqualTo(BlockFault.BAD_MERKLE_ROOT);
    DataSet forgedRoot = DataSet.forge(hqs.get(1), 1, 2, dataSet().records(), zero);
    ConsortiumBlock badSet = ConsortiumBlock.propose(hqs.get(2), 2, 0, zero, 2, 3000, List.of(forgedRoot), 0);
    assertThat(checks.checkBlock(badSet, 0, zero, k -> -1L).fault()).isEqualTo(BlockFault.BAD_DATA_SET);
    StateUpload forged = StateUpload.withSignature(alice.key(), 1, 3, 7, new byte[] {3}, hqs.get(1).sign(new byte[1]));
    DataSet withForgery = DataSet.seal(hqs.get(1), 1, 2, List.of(forged));
    ConsortiumBlock forgedRecord = ConsortiumBlock.propose(hqs.get(2), 2, 0, zero, 2, 3000, List.of(withForgery), 0);
    // Block verification checks data sets' signatures, not each record's again: the audit finds it.
    assertThat(checks.checkBlock(forgedRecord, 0, zero, k -> -1L).fault()).isEqualTo(BlockFault.VALID);
    assertThat(BlockChecks.forgedRecords(withForgery)).containsExactly(0);
    assertThat(checks.checkDataSetFully(withForgery, k -> -1L).fault()).isEqualTo(BlockFault.BAD_RECORD);
    BlockChecks knowingHq1Forges = new BlockChecks(infos, registry, Bookkeeping.ROUND_ROBIN, 0, hq -> hq == 1);
    assertThat(knowingHq1Forges.checkBlock(forgedRecord, 0, zero, k -> -1L).fault()).isEqualTo(BlockFault.BAD_RECORD);
    assertThat(knowingHq1Forges.checkBlock(good, 0, zero, k -> -1L).fault()).isEqualTo(BlockFault.VALID);
  }

  @Test
  void proofOfWorkMeetsTheDifficultyAndAnyHqMayPropose() {
    BlockChecks checks = checks(Bookkeeping.PROOF_OF_WORK, 8);
    byte[] zero = new byte[32];
    ConsortiumBlock mined = ConsortiumBlock.propose(hqs.get(3), 3, 0, zero, 2, 3000, List.of(dataSet()), 8);
    assertThat(Bookkeeping.leadingZeroBits(mined.hash())).isGreaterThanOrEqualTo(8);
    assertThat(checks.checkBlock(mined, 0, zero, k -> -1L).fault()).isEqualTo(BlockFault.VALID);
    ConsortiumBlock unmined = ConsortiumBlock.forge(hqs.get(3), 0, zero, 2, 3000, 3, mined.x() + 1, mined.root(),
        mined.dataSets());
    if (Bookkeeping.leadingZeroBits(unmined.hash()) < 8) {
      assertThat(checks.checkBlock(unmined, 0, zero, k -> -1L).fault()).isEqualTo(BlockFault.BAD_PROOF_OF_WORK);
    }
  }

  @Test
  void historyProofsCheckAgainstTheBlockHashOnly() {
    ConsortiumLedger ledger = new ConsortiumLedger();
    ConsortiumBlock block = ConsortiumBlock.propose(hqs.get(2), 2, 0, new byte[32], 2, 3000, List.of(dataSet()), 0);
    ledger.append(block, CommitRecord.sign(hqs.get(2), 2, 0, block.hash(), List.of(), List.of()));
    List<StateProof> history = ledger.history(alice.key());
    assertThat(history).hasSize(2);
    for (StateProof proof : history) {
      assertThat(proof.check(block.hash())).isNull();
      assertThat(proof.check(new byte[32])).contains("trusted");
    }
    assertThat(ledger.uploads(0, 6)).extracting(ConsortiumLedger.UploadLine::sequence).containsExactly(1L);
    assertThat(ledger.lastSequence(alice.key())).isEqualTo(2);
  }
}
