package io.cairn.consortium;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HQ node's copy of the consortium chain: committed blocks with their commit records (the
 * certificates and the evidence), the index of every enterprise's records, the suspects flagged,
 * and the queries for evaluators (an enterprise's state history and who uploaded what and when,
 * with proofs). Blocks enter only through {@link #append}, after the commit was ordered by the
 * Byzantine core and checked.
 *
 * <p>Thread-safety: reads and the one appending driver are synchronized.
 */
public final class ConsortiumLedger {
  /** Where a record is: block height, data set index, record index. */
  public record Position(long height, int dataSet, int record) {}

  /** One line of "who uploaded what and when". */
  public record UploadLine(MemberKey enterprise, long sequence, long timestampMillis, int hq, long height,
      int stateBytes) {}

  private static final byte[] GENESIS_HASH = new byte[Wire.HASH_BYTES];

  private final List<ConsortiumBlock> blocks = new ArrayList<>();
  private final List<CommitRecord> commits = new ArrayList<>();
  private final Map<MemberKey, List<Position>> byEnterprise = new HashMap<>();
  private final Map<MemberKey, Long> lastSequence = new HashMap<>();
  private final Map<Integer, List<Evidence>> flagged = new LinkedHashMap<>();
  /** Records the audit found forged (on chain, but void: no query serves them). */
  private final java.util.Set<Position> voided = new java.util.HashSet<>();
  private long records;

  public synchronized long height() {
    return blocks.size();
  }

  /** The head's hash; 32 zero bytes before the first block. */
  public synchronized byte[] headHash() {
    return blocks.isEmpty() ? GENESIS_HASH.clone() : blocks.getLast().hash();
  }

  /** The last sequence committed for {@code enterprise}; -1 for none. */
  public synchronized long lastSequence(MemberKey enterprise) {
    return lastSequence.getOrDefault(enterprise, -1L);
  }

  /** The last committed sequence of every enterprise with a record on chain. */
  public synchronized Map<MemberKey, Long> lastSequences() {
    return Map.copyOf(lastSequence);
  }

  synchronized void append(ConsortiumBlock block, CommitRecord commit) {
    if (block.height() != blocks.size() || !Arrays.equals(block.previousHash(), headHash())
        || !Arrays.equals(block.hash(), commit.blockHash())) {
      throw new IllegalStateException("invariant: " + block + " does not extend the chain at " + blocks.size());
    }
    blocks.add(block);
    commits.add(commit);
    List<DataSet> dataSets = block.dataSets();
    for (int d = 0; d < dataSets.size(); d++) {
      List<StateUpload> list = dataSets.get(d).records();
      for (int r = 0; r < list.size(); r++) {
        StateUpload record = list.get(r);
        byEnterprise.computeIfAbsent(record.enterprise(), k -> new ArrayList<>()).add(new Position(block.height(), d, r));
        Long last = lastSequence.put(record.enterprise(), record.sequence());
        if (last != null && last >= record.sequence()) {
          throw new IllegalStateException("invariant: sequence " + record.sequence() + " after " + last);
        }
        records++;
      }
    }
    for (Evidence evidence : commit.evidence()) {
      flagged.computeIfAbsent(evidence.suspect(), k -> new ArrayList<>()).add(evidence);
      if (evidence.kind() == Evidence.Kind.FORGED_DATA_SET && evidence.height() < block.height()) {
        voidForged(evidence);
      }
    }
  }

  /** Voids the records with a failing signature in the suspect's data set of the earlier block the evidence names. */
  private void voidForged(Evidence evidence) {
    List<DataSet> dataSets = blocks.get((int) evidence.height()).dataSets();
    for (int d = 0; d < dataSets.size(); d++) {
      if (dataSets.get(d).hq() == evidence.suspect()) {
        for (int r : BlockChecks.forgedRecords(dataSets.get(d))) {
          if (voided.add(new Position(evidence.height(), d, r))) {
            records--;
          }
        }
      }
    }
  }

  /** Whether the chain holds evidence that HQ {@code hq} signed a data set with a forged record. */
  public synchronized boolean forger(int hq) {
    return flagged.getOrDefault(hq, List.of()).stream().anyMatch(e -> e.kind() == Evidence.Kind.FORGED_DATA_SET);
  }

  /** Whether {@code evidence} (its kind, suspect and block) is on chain already. */
  public synchronized boolean holds(Evidence evidence) {
    return flagged.getOrDefault(evidence.suspect(), List.of()).stream().anyMatch(e -> e.kind() == evidence.kind()
        && Arrays.equals(e.blockHash(), evidence.blockHash()));
  }

  /** Whether the record at {@code height}, data set {@code dataSet}, index {@code record} was voided by the audit. */
  public synchronized boolean isVoid(long height, int dataSet, int record) {
    return voided.contains(new Position(height, dataSet, record));
  }

  public synchronized ConsortiumBlock block(long height) {
    return blocks.get((int) height);
  }

  public synchronized CommitRecord commit(long height) {
    return commits.get((int) height);
  }

  /** Records committed in all, less those the audit voided. */
  public synchronized long records() {
    return records;
  }

  /** HQ nodes flagged as suspected malicious, with the evidence on chain. */
  public synchronized Map<Integer, List<Evidence>> flagged() {
    Map<Integer, List<Evidence>> copy = new LinkedHashMap<>();
    flagged.forEach((hq, list) -> copy.put(hq, List.copyOf(list)));
    return copy;
  }

  /** {@code enterprise}'s state history, oldest first, each record with its proof. */
  public synchronized List<StateProof> history(MemberKey enterprise) {
    List<StateProof> proofs = new ArrayList<>();
    for (Position position : byEnterprise.getOrDefault(enterprise, List.of())) {
      if (!voided.contains(position)) {
        proofs.add(proof(position));
      }
    }
    return proofs;
  }

  /** Every record uploaded with an enterprise timestamp in {@code [fromMillis, toMillis)}, in chain order. */
  public synchronized List<UploadLine> uploads(long fromMillis, long toMillis) {
    List<UploadLine> lines = new ArrayList<>();
    for (ConsortiumBlock block : blocks) {
      List<DataSet> dataSets = block.dataSets();
      for (int d = 0; d < dataSets.size(); d++) {
        DataSet dataSet = dataSets.get(d);
        List<StateUpload> list = dataSet.records();
        for (int r = 0; r < list.size(); r++) {
          StateUpload record = list.get(r);
          if (record.timestampMillis() >= fromMillis && record.timestampMillis() < toMillis
              && !voided.contains(new Position(block.height(), d, r))) {
            lines.add(new UploadLine(record.enterprise(), record.sequence(), record.timestampMillis(), dataSet.hq(),
                block.height(), record.state().length));
          }
        }
      }
    }
    return lines;
  }

  private StateProof proof(Position position) {
    ConsortiumBlock block = blocks.get((int) position.height());
    List<DataSet> dataSets = block.dataSets();
    DataSet dataSet = dataSets.get(position.dataSet());
    List<StateUpload> list = dataSet.records();
    byte[][] recordLeaves = new byte[list.size()][];
    for (int i = 0; i < recordLeaves.length; i++) {
      recordLeaves[i] = list.get(i).leafHash();
    }
    byte[][] dataSetLeaves = new byte[dataSets.size()][];
    for (int i = 0; i < dataSetLeaves.length; i++) {
      dataSetLeaves[i] = dataSets.get(i).hash();
    }
    return new StateProof(list.get(position.record()), position.height(), position.dataSet(), dataSets.size(),
        position.record(), list.size(), Arrays.asList(MerkleTree.path(MerkleTree.levels(recordLeaves), position.record())),
        dataSet.headerAndSignature(), Arrays.asList(MerkleTree.path(MerkleTree.levels(dataSetLeaves), position.dataSet())),
        block.header());
  }
}
