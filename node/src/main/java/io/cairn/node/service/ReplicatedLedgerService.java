package io.cairn.node.service;

import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.ContractReceipt;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.InclusionProof;
import io.cairn.chain.api.Verdict;
import io.cairn.common.BusyException;
import io.cairn.common.CairnException;
import io.cairn.common.ErrorCode;
import io.cairn.replication.api.KraftView;
import io.cairn.replication.api.LedgerNode;
import io.cairn.replication.api.NodeStatus;
import io.cairn.replication.api.StoreStats;
import io.cairn.replication.dag.DagChain;
import io.cairn.replication.api.VerificationResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link LedgerService} of one member of a replicated cluster: {@code replication}'s {@link
 * LedgerNode}. Writes wait for their future (commit and apply on this node) at most {@code
 * writeTimeout}, then fail {@code BUSY} (the API answers 503: the client may retry; the write may
 * still commit). Record reads ({@link #readRecord}, {@link #verify}, {@link #proof}) are
 * linearizable: each waits for a read point confirmed by the leader's quorum and applied here
 * ({@code BUSY} when none is within {@code writeTimeout}); block and status reads are this
 * node's own view.
 *
 * <p>Thread-safety: safe for concurrent calls, as {@link LedgerNode} is.
 */
public final class ReplicatedLedgerService implements LedgerService {
  /** How long a node change may take (the new node's catch-up included). */
  private static final Duration MEMBERSHIP_TIMEOUT = Duration.ofMinutes(3);

  private final LedgerNode node;
  private final Duration writeTimeout;

  /** A service over {@code node}, which it closes when closed. */
  public ReplicatedLedgerService(LedgerNode node, Duration writeTimeout) {
    this.node = node;
    this.writeTimeout = writeTimeout;
  }

  /** The node behind the service. */
  public LedgerNode node() {
    return node;
  }

  @Override
  public AnchorReceipt anchor(byte[] raw) {
    return await(node.anchor(raw), "the anchor");
  }

  @Override
  public List<AnchorReceipt> anchorAll(List<byte[]> raws) {
    return await(node.anchor(raws), "the anchors");
  }

  @Override
  public Optional<byte[]> readRecord(Hash32 key) {
    linearizable();
    return node.readRecord(key);
  }

  @Override
  public Verdict verify(Hash32 key) {
    linearizable();
    return node.verify(key);
  }

  @Override
  public VerificationResult requestVerification(Hash32 key) {
    return await(node.requestVerification(key), "the verification request");
  }

  @Override
  public Optional<Block> block(long height) {
    return node.block(height);
  }

  @Override
  public Optional<Block> block(Hash32 hash) {
    return node.block(hash);
  }

  @Override
  public long blockCount() {
    return node.latestHeight() + 1;
  }

  @Override
  public Optional<InclusionProof> proof(Hash32 key) {
    linearizable();
    return node.proof(key);
  }

  /**
   * Waits for a linearizable read point ({@link LedgerNode#readBarrier()}), so the record reads
   * that follow never miss a write acknowledged by any member before the request arrived.
   */
  private void linearizable() {
    await(node.readBarrier(), "the read");
  }

  @Override
  public Optional<DagChain> dag() {
    return node.dag();
  }

  @Override
  public MemberKey key() {
    return node.key();
  }

  @Override
  public ContractReceipt execute(ContractCall call) {
    return await(node.execute(call), "the contract transaction");
  }

  @Override
  public Optional<ContractReceipt> receipt(Hash32 transactionId) {
    return node.receipt(transactionId);
  }

  @Override
  public Optional<byte[]> contractValue(String contract, byte[] key) {
    return node.contractValue(contract, key);
  }

  @Override
  public NodeStatus status() {
    return node.status();
  }

  @Override
  public java.util.List<io.cairn.replication.api.NodeChange> nodes() {
    return node.nodes();
  }

  @Override
  public void changeNodes(io.cairn.replication.api.NodeChange change) {
    await(node.changeNodes(change), "the node change", MEMBERSHIP_TIMEOUT);
  }

  @Override
  public void addReplica(io.cairn.bft.api.AddReplica add) {
    await(node.addReplica(add), "the replica addition", MEMBERSHIP_TIMEOUT);
  }

  @Override
  public Optional<KraftView> kraftView() {
    return Optional.of(node.kraftView());
  }

  @Override
  public List<StoreStats> storeStats() {
    return node.storeStats();
  }

  @Override
  public void close() {
    node.close();
  }

  private <T> T await(CompletableFuture<T> future, String what) {
    return await(future, what, writeTimeout);
  }

  private <T> T await(CompletableFuture<T> future, String what, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CairnException cairn) {
        throw cairn;
      }
      throw new CairnException(ErrorCode.IO_ERROR, what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new BusyException(what + " was not committed within " + timeout.toMillis()
          + " ms (no leader reachable, or the cluster is overloaded); it may still commit");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CairnException(ErrorCode.CLOSED, what + " was interrupted: the node is stopping");
    }
  }
}
