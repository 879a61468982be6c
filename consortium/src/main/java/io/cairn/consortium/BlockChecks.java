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
  private final java.util.function.IntPredicate forger;

  /** Checks where no HQ node is a known forger. */
  public BlockChecks(List<HqInfo> hqs, AdmissionRegistry registry, Bookkeeping bookkeeping, int difficulty) {
    this(hqs, registry, bookkeeping, difficulty, hq -> false);
  }

  /**
   * Checks where {@code forger} tells the HQ nodes the chain holds a forged data set of: their data
   * sets are audited record by record before they enter a block (a question of the chain's state,
   * so every honest HQ node answers alike).
   */
  public BlockChecks(List<HqInfo> hqs, AdmissionRegistry registry, Bookkeeping bookkeeping, int difficulty,
      java.util.function.IntPredicate forger) {
    this.forger = forger;
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
   * Checks {@code dataSet} as block verification does (seed 004 §4.2: the data sets' hashes and
   * signatures): from a known HQ, signed by it, its root over its records, and every record from an
   * enterprise the regulator admitted with that HQ as home, for that HQ, above the last sequence
   * committed for the enterprise. The enterprises' own signatures are not checked again here: the
   * home HQ checked each one once, at pool admission, and vouches for them with its data set
   * signature; every other HQ audits them after the commit ({@link #forgedRecords}), and a data
   * set with a forged record puts its HQ on chain as a suspect (docs/consortium.md, "Audit").
   */
  public Outcome checkDataSet(DataSet dataSet, ToLongFunction<MemberKey> lastCommitted) {
    if (dataSet.hq() >= hqs.size() || !dataSet.signedBy(hqs.get(dataSet.hq()).signingKey())) {
      return new Outcome(BlockFault.BAD_DATA_SET, dataSet + " is not signed by hq " + dataSet.hq());
    }
    if (!dataSet.rootMatches()) {
      return new Outcome(BlockFault.BAD_DATA_SET, dataSet + ": the merkle root is not the records' root");
    }
    for (StateUpload record : dataSet.records()) {
      EnterpriseCertificate certificate = registry.certificate(record.enterprise());
      if (certificate == null || certificate.homeHq() != dataSet.hq() || record.hq() != dataSet.hq()) {
        return new Outcome(BlockFault.BAD_RECORD, record + " in " + dataSet + ": not an admitted enterprise of hq "
            + dataSet.hq());
      }
      if (record.sequence() <= lastCommitted.applyAsLong(record.enterprise())) {
        return new Outcome(BlockFault.BAD_RECORD, record + " in " + dataSet + ": already on chain");
      }
    }
    return forger.test(dataSet.hq()) ? audited(dataSet) : Outcome.VALID;
  }

  private static Outcome audited(DataSet dataSet) {
    int[] forged = forgedRecords(dataSet);
    return forged.length == 0 ? Outcome.VALID : new Outcome(BlockFault.BAD_RECORD, dataSet.records().get(forged[0])
        + " in " + dataSet + ": the enterprise's signature fails");
  }

  /**
   * The indexes of the records of {@code dataSet} whose enterprise signature fails (the audit),
   * ascending; checked on every core when there are many.
   */
  public static int[] forgedRecords(DataSet dataSet) {
    List<StateUpload> records = dataSet.records();
    java.util.stream.IntStream indexes = java.util.stream.IntStream.range(0, records.size());
    return (records.size() > 64 ? indexes.parallel() : indexes).filter(i -> !records.get(i).signatureValid())
        .toArray();
  }

  /** {@link #checkDataSet} and then the audit of every record's signature: what evidence against a data set needs. */
  public Outcome checkDataSetFully(DataSet dataSet, ToLongFunction<MemberKey> lastCommitted) {
    Outcome outcome = checkDataSet(dataSet, lastCommitted);
    return outcome.valid() && !forger.test(dataSet.hq()) ? audited(dataSet) : outcome;
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
    for (Outcome outcome : checkDataSets(block.dataSets(), lastCommitted)) {
      if (!outcome.valid()) {
        return outcome;
      }
    }
    return Outcome.VALID;
  }

  /**
   * {@link #checkDataSet} of each of {@code dataSets}, in their order; on every core when they hold
   * many records (each data set's signature, Merkle root and admissions are independent).
   */
  public List<Outcome> checkDataSets(List<DataSet> dataSets, ToLongFunction<MemberKey> lastCommitted) {
    int records = dataSets.stream().mapToInt(d -> d.records().size()).sum();
    java.util.stream.Stream<DataSet> stream = records > 1024 ? dataSets.parallelStream() : dataSets.stream();
    return stream.map(dataSet -> checkDataSet(dataSet, lastCommitted)).toList();
  }
}
