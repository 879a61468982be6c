package io.cairn.consortium;

import io.cairn.chain.api.MemberKey;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The checks a slave runs on a proposed block (seed 004 §4.2 step 2: "verifies the block Hash and
 * digital signature and other information"), and the leader on each data set it collects. Pure:
 * the same inputs give the same verdict on every honest HQ node.
 */
public final class BlockChecks {
  /** A verdict and the sentence that says where. */
  public record Outcome(BlockFault fault, String detail) {
    static final Outcome VALID = new Outcome(BlockFault.VALID, "valid");

    public boolean valid() {
      return fault == BlockFault.VALID;
    }
  }

  private final List<HqInfo> hqs;
  private final AdmissionRegistry registry;
  private final Bookkeeping bookkeeping;
  private final int difficulty;

  public BlockChecks(List<HqInfo> hqs, AdmissionRegistry registry, Bookkeeping bookkeeping, int difficulty) {
    this.hqs = List.copyOf(hqs);
    this.registry = registry;
    this.bookkeeping = bookkeeping;
    this.difficulty = difficulty;
  }

  /** The round-robin proposer of {@code period}. */
  public int roundRobinProposer(long period) {
    return (int) Math.floorMod(period, (long) hqs.size());
  }

  /**
   * Checks {@code dataSet}: from a known HQ, signed by it, its root over its records, and every
   * record from an enterprise the regulator admitted with that HQ as home, signed by the
   * enterprise, for that HQ, above the last sequence committed for the enterprise.
   */
  public Outcome checkDataSet(DataSet dataSet, ToLongFunction<MemberKey> lastCommitted) {
    if (dataSet.hq() >= hqs.size() || !dataSet.signedBy(hqs.get(dataSet.hq()).signingKey())) {
      return new Outcome(BlockFault.BAD_DATA_SET, dataSet + " is not signed by hq " + dataSet.hq());
    }
    if (!dataSet.rootMatches()) {
      return new Outcome(BlockFault.BAD_DATA_SET, dataSet + ": the merkle root is not the records' root");
    }
    List<StateUpload> records = dataSet.records();
    for (StateUpload record : records) {
      EnterpriseCertificate certificate = registry.certificate(record.enterprise());
      if (certificate == null || certificate.homeHq() != dataSet.hq() || record.hq() != dataSet.hq()) {
        return new Outcome(BlockFault.BAD_RECORD, record + " in " + dataSet + ": not an admitted enterprise of hq "
            + dataSet.hq());
      }
      if (record.sequence() <= lastCommitted.applyAsLong(record.enterprise())) {
        return new Outcome(BlockFault.BAD_RECORD, record + " in " + dataSet + ": already on chain");
      }
    }
    StateUpload forged = (records.size() > 256 ? records.parallelStream() : records.stream())
        .filter(record -> !record.signatureValid()).findFirst().orElse(null);
    if (forged != null) {
      return new Outcome(BlockFault.BAD_RECORD, forged + " in " + dataSet + ": the enterprise's signature fails");
    }
    return Outcome.VALID;
  }

  /** Checks {@code block} as the next block after a chain of {@code height} blocks ending in {@code previousHash}. */
  public Outcome checkBlock(ConsortiumBlock block, long height, byte[] previousHash,
      ToLongFunction<MemberKey> lastCommitted) {
    if (block.height() != height) {
      return new Outcome(BlockFault.WRONG_HEIGHT, block + " at height " + block.height() + ", expected " + height);
    }
    if (!Arrays.equals(block.previousHash(), previousHash)) {
      return new Outcome(BlockFault.WRONG_PREVIOUS_HASH, block + " does not link to the chain's head");
    }
    if (block.proposer() >= hqs.size()
        || bookkeeping == Bookkeeping.ROUND_ROBIN && block.proposer() != roundRobinProposer(block.period())) {
      return new Outcome(BlockFault.WRONG_PROPOSER, block + ": hq" + block.proposer() + " has no bookkeeping right");
    }
    if (!block.signedBy(hqs.get(block.proposer()).signingKey())) {
      return new Outcome(BlockFault.BAD_BLOCK_SIGNATURE, block + " is not signed by hq" + block.proposer());
    }
    if (bookkeeping == Bookkeeping.PROOF_OF_WORK && Bookkeeping.leadingZeroBits(block.hash()) < difficulty) {
      return new Outcome(BlockFault.BAD_PROOF_OF_WORK, block + ": x does not meet difficulty " + difficulty);
    }
    if (!block.rootMatches()) {
      return new Outcome(BlockFault.BAD_MERKLE_ROOT, block + ": the merkle root is not the data sets' root");
    }
    for (DataSet dataSet : block.dataSets()) {
      Outcome outcome = checkDataSet(dataSet, lastCommitted);
      if (!outcome.valid()) {
        return outcome;
      }
    }
    return Outcome.VALID;
  }
}
