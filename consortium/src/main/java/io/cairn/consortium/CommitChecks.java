package io.cairn.consortium;

import io.cairn.chain.api.MemberKey;
import io.cairn.common.CorruptionException;
import java.util.List;

/**
 * What every HQ node checks, deterministically, before it appends an ordered commit: the leader's
 * signature, the block's own checks against this chain, a quorum of VALID certificates from
 * distinct HQ nodes on this block, and every piece of evidence (a forged data set found by the
 * audit may name an earlier committed block that holds it). A commit that fails any check is
 * refused on every honest HQ node alike (the ordered log is the same for all).
 */
final class CommitChecks {
  private final ConsortiumSettings settings;
  private final BlockChecks checks;
  private final ConsortiumLedger ledger;

  CommitChecks(ConsortiumSettings settings, BlockChecks checks, ConsortiumLedger ledger) {
    this.settings = settings;
    this.checks = checks;
    this.ledger = ledger;
  }

  /**
   * Null when {@code record} may be applied with {@code block}; else why not. {@code
   * checkedAtThisHeight}: this node already found the block valid against the current chain state.
   */
  String refusal(CommitRecord record, ConsortiumBlock block, boolean checkedAtThisHeight) {
    if (record.leader() >= settings.n() || !record.signedBy(key(record.leader()))) {
      return "not signed by its leader hq" + record.leader();
    }
    if (record.height() != ledger.height()) {
      return "height " + record.height() + ", the chain is at " + ledger.height();
    }
    if (block.proposer() != record.leader()) {
      return "hq" + record.leader() + " commits hq" + block.proposer() + "'s block";
    }
    BlockChecks.Outcome outcome = checkedAtThisHeight ? BlockChecks.Outcome.VALID
        : checks.checkBlock(block, ledger.height(), ledger.headHash(), ledger::lastSequence);
    if (!outcome.valid()) {
      return outcome.fault() + ": " + outcome.detail();
    }
    String uncertified = CertifiedChain.commitFailure(settings, record, block.hash());
    if (uncertified != null) {
      return uncertified;
    }
    for (Evidence evidence : record.evidence()) {
      String bad = evidenceFailure(evidence, block);
      if (bad != null) {
        return evidence + ": " + bad;
      }
    }
    return null;
  }

  private String evidenceFailure(Evidence evidence, ConsortiumBlock block) {
    boolean audited = evidence.kind() == Evidence.Kind.FORGED_DATA_SET && evidence.height() < ledger.height()
        && java.util.Arrays.equals(evidence.blockHash(), ledger.block(evidence.height()).hash());
    if (evidence.suspect() >= settings.n() || !audited && !java.util.Arrays.equals(evidence.blockHash(), block.hash())) {
      return "names no HQ node or another block";
    }
    try {
      List<byte[]> items = evidence.items();
      return switch (evidence.kind()) {
        case WITHHELD_RESULT -> items.isEmpty() ? null : "carries items";
        case DISSENT -> {
          VerificationResult result = items.size() == 1 ? VerificationResult.decode(items.get(0)) : null;
          yield result != null && result.verifier() == evidence.suspect() && result.about(block.hash())
              && result.fault() != BlockFault.VALID && result.signedBy(key(evidence.suspect())) ? null
              : "no signed dissenting result of the suspect";
        }
        case CONTRADICTORY_RESULTS -> {
          if (items.size() != 2) {
            yield "needs two results";
          }
          VerificationResult a = VerificationResult.decode(items.get(0));
          VerificationResult b = VerificationResult.decode(items.get(1));
          yield a.verifier() == evidence.suspect() && b.verifier() == evidence.suspect() && a.about(block.hash())
              && b.about(block.hash()) && a.fault() != b.fault() && a.signedBy(key(evidence.suspect()))
              && b.signedBy(key(evidence.suspect())) ? null : "not two contradicting signed results of the suspect";
        }
        case FORGED_DATA_SET -> {
          if (items.size() != 1) {
            yield "needs one data set";
          }
          DataSet dataSet = DataSet.decode(items.get(0));
          if (audited && ledger.block(evidence.height()).dataSets().stream().noneMatch(d -> d.hq() == dataSet.hq()
              && java.util.Arrays.equals(d.headerAndSignature(), dataSet.headerAndSignature()))) {
            yield "the data set is not in the block it names";
          }
          yield dataSet.hq() == evidence.suspect() && dataSet.signedBy(key(evidence.suspect()))
              && !checks.checkDataSetFully(dataSet, m -> -1L).valid() ? null
              : "not a data set signed by the suspect that fails the checks";
        }
      };
    } catch (CorruptionException | io.cairn.common.InvalidArgumentException e) {
      return "an item does not decode: " + e.getMessage();
    }
  }

  private MemberKey key(int hq) {
    return settings.hqs().get(hq).signingKey();
  }
}
