package io.cairn.node.service;

import io.cairn.chain.api.AnchorEntry;
import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.ContractReceipt;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.api.ConsensusOutcome;
import io.cairn.replication.api.VerificationRecord;
import io.cairn.replication.api.VerificationResult;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.InclusionProof;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.LocalParticipant;
import io.cairn.chain.api.NodeHome;
import io.cairn.chain.api.Participant;
import io.cairn.chain.api.Verdict;
import io.cairn.chain.api.VerificationConsensus;
import io.cairn.chain.api.VerificationRequest;
import io.cairn.common.InvalidArgumentException;
import io.cairn.replication.api.NodeStatus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link LedgerService} of one node on its own: a {@link NodeHome} (a one-member consortium,
 * the node its own regulator and only proposer). Every anchor is its own block; a verification
 * request has one participant, this node, and its outcome record is anchored as on a cluster. Used by {@code cairn node start --single DIR} and by the
 * HTTP API's tests; a replicated cluster uses {@link ReplicatedLedgerService} instead.
 *
 * <p>Thread-safety: safe for concurrent calls (the home's ledger node serializes anchors).
 */
public final class LocalLedgerService implements LedgerService {
  /** How often a participant re-reads a record before it votes that it failed. */
  private static final int PARTICIPANT_RETRIES = 1;

  private final NodeHome home;
  private final VerificationConsensus consensus;
  private final Participant self;
  private final AtomicLong requestIds = new AtomicLong(System.nanoTime());

  /** A service over {@code home}, which it closes when closed. */
  public LocalLedgerService(NodeHome home) {
    this.home = home;
    Ledger ledger = home.ledger();
    this.consensus = new VerificationConsensus(ledger::members);
    this.self = new LocalParticipant(home.identity(), ledger, List.of(home.node().records()), PARTICIPANT_RETRIES);
  }

  @Override
  public AnchorReceipt anchor(byte[] raw) {
    return home.node().anchor(List.of(raw), HashAlgorithm.SHA_256).getFirst();
  }

  @Override
  public List<AnchorReceipt> anchorAll(List<byte[]> raws) {
    return home.node().anchor(raws, HashAlgorithm.SHA_256);
  }

  @Override
  public Optional<byte[]> readRecord(Hash32 key) {
    if (home.ledger().anchorOf(key).isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(home.node().records().read(key));
  }

  @Override
  public Verdict verify(Hash32 key) {
    return home.node().verify(key);
  }

  @Override
  public VerificationResult requestVerification(Hash32 key) {
    InclusionProof proof = home.ledger().proof(key)
        .orElseThrow(() -> new InvalidArgumentException("no record is anchored under " + key));
    AnchorEntry entry = proof.entry();
    byte[] target = readRecord(key)
        .orElseThrow(() -> new InvalidArgumentException("the record " + key + " is not stored on this node"));
    VerificationRequest request = VerificationRequest.sign(home.identity(), requestIds.incrementAndGet(),
        entry.algorithm(), target, entry.read());
    ConsensusOutcome outcome = consensus.run(request, List.of(self));
    // The outcome record (request + signed verdicts) is anchored like any record, as a member does.
    AnchorReceipt recorded = anchor(new VerificationRecord(request, outcome.verdicts()).encode());
    return new VerificationResult(request, outcome, recorded);
  }

  @Override
  public Optional<Block> block(long height) {
    return home.ledger().block(height);
  }

  @Override
  public Optional<Block> block(Hash32 hash) {
    return home.ledger().block(hash);
  }

  @Override
  public long blockCount() {
    return home.ledger().blockCount();
  }

  @Override
  public Optional<InclusionProof> proof(Hash32 key) {
    return home.ledger().proof(key);
  }

  @Override
  public MemberKey key() {
    return home.identity().key();
  }

  @Override
  public ContractReceipt execute(ContractCall call) {
    return home.node().execute(call);
  }

  @Override
  public Optional<ContractReceipt> receipt(Hash32 transactionId) {
    return home.ledger().receipt(transactionId);
  }

  @Override
  public Optional<byte[]> contractValue(String contract, byte[] key) {
    return home.ledger().contractValue(contract, key);
  }

  @Override
  public NodeStatus status() {
    Ledger ledger = home.ledger();
    long applied = ledger.lastAppliedIndex();
    return new NodeStatus(1, "leader", 0, applied, applied, 1, ledger.blockCount(),
        List.of(new NodeStatus.MemberStatus(1, null, null, true, true, applied, false)));
  }

  @Override
  public void close() {
    home.close();
  }
}
