package io.cairn.replication.api;

import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.ContractReceipt;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.InclusionProof;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.api.StateRecord;
import io.cairn.chain.api.Transaction;
import io.cairn.chain.api.Verdict;
import io.cairn.replication.dag.DagChain;
import io.cairn.replication.dag.DagGossip;
import io.cairn.replication.node.NodeRuntime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One running member of a replicated ledger: its engine databases (KRaft's log, the ledger, the
 * off-chain records), the Ready-loop driver that owns its KRaft node, and its TCP transport. See
 * {@code docs/replication.md}.
 *
 * <p>Writes ({@link #anchor}, {@link #publishState}, {@link #submit}) go to the leader (a follower
 * forwards them) and complete once their block is committed by KRaft and applied on this node;
 * they fail with a {@link io.cairn.common.CairnException} when the block is refused, when no leader
 * is reachable in time ({@code BUSY}), or when the node closes ({@code CLOSED}). Reads are served
 * from this node's own ledger; a read behind {@link #readBarrier()} is linearizable.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class LedgerNode implements AutoCloseable {
  private final NodeRuntime runtime;

  private LedgerNode(NodeRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * Opens the node's databases (creating and bootstrapping them on first start), starts the
   * transport and the driver, and returns once it listens; the election proceeds in the background.
   *
   * @throws io.cairn.common.InvalidArgumentException when the key, genesis or data do not match the
   *     configuration
   * @throws io.cairn.common.CairnIoException when a file or the listen address cannot be used
   */
  public static LedgerNode start(NodeConfig config) {
    return start(config, NodeOptions.defaults());
  }

  /** {@link #start(NodeConfig)} with other tuning (tick, election timeout, snapshot policy). */
  public static LedgerNode start(NodeConfig config, NodeOptions options) {
    return new LedgerNode(NodeRuntime.start(config, options));
  }

  /** The configuration the node runs with. */
  public NodeConfig config() {
    return runtime.config();
  }

  /** This node's public key: its identity on the ledger and in the handshake. */
  public MemberKey key() {
    return runtime.key();
  }

  /**
   * Stores {@code raws} off-chain on this node (their owner) and anchors them in one transaction
   * signed by this node; one receipt per record, in order, once the block is applied here.
   *
   * @throws io.cairn.common.InvalidArgumentException when {@code raws} is empty or a record is too big
   */
  public CompletableFuture<List<AnchorReceipt>> anchor(List<byte[]> raws) {
    return runtime.anchor(raws);
  }

  /** {@link #anchor(List)} of one record. */
  public CompletableFuture<AnchorReceipt> anchor(byte[] raw) {
    return runtime.anchor(List.of(raw)).thenApply(List::getFirst);
  }

  /** Publishes {@code organization}'s state record, signed by this node. */
  public CompletableFuture<StateRecord> publishState(String organization, byte[] state) {
    return runtime.publishState(organization, state);
  }

  /**
   * Signs {@code call} with this node's key (the call's caller must be {@link #key()}) as a
   * contract transaction and submits it; completes with its receipt once its block is applied
   * here. A call that fails (reverts, runs out of gas, ...) completes normally with a failure
   * receipt; the write fails only when the transaction itself is refused.
   */
  public CompletableFuture<ContractReceipt> execute(ContractCall call) {
    return runtime.execute(call);
  }

  /** The receipt of the contract transaction {@code transactionId}, once its block applied here. */
  public Optional<ContractReceipt> receipt(Hash32 transactionId) {
    return runtime.ledger().receipt(transactionId);
  }

  /** The value of {@code key} in contract {@code contract}'s namespace on this node's ledger. */
  public Optional<byte[]> contractValue(String contract, byte[] key) {
    return runtime.ledger().contractValue(contract, key);
  }

  /**
   * Submits a transaction signed by any admitted member (for example a client's own key).
   * Refused up front when its signature does not verify or its requester is not admitted.
   */
  public CompletableFuture<TransactionReceipt> submit(Transaction transaction) {
    return runtime.submit(transaction);
  }

  /**
   * A linearizable read point: completes once this node has applied every entry committed before
   * the call (KRaft's ReadIndex: the leader confirms its commit index with a heartbeat round
   * acknowledged by a quorum; a follower asks the leader). A read of this node's ledger made after
   * it completes sees every write acknowledged by any member before the call, so reads behind it
   * are never stale. Fails {@code BUSY} when no leader confirms a read point within the write
   * timeout, {@code CLOSED} when the node closes.
   */
  public CompletableFuture<Void> readBarrier() {
    return runtime.readBarrier();
  }

  /**
   * The raw record {@code key}: from this node's off-chain store, else fetched from the member
   * that anchored it, by its read parameters. Empty when it is not anchored or its owner does not
   * have it.
   *
   * @throws io.cairn.common.BusyException when the owner cannot be reached in time
   */
  public Optional<byte[]> readRecord(Hash32 key) {
    return runtime.readRecord(key);
  }

  /**
   * Reflection verification of {@code key} by this node: reads the record back through its read
   * parameters (from its owner over the network when it is not local), rehashes it and checks the
   * anchor and the Merkle proof against this node's chain.
   */
  public Verdict verify(Hash32 key) {
    return runtime.verify(key);
  }

  /**
   * Verification between members (seed 003): this node reads the record (locally or from its
   * owner), signs a verification request, and every member (this one included) reads the record
   * back by its read parameters from its owner, rehashes it, checks the anchor and Merkle proof on
   * its own chain (fetching again once before it votes no), and returns a signed verdict. The
   * result says whether at least half of the members passed it, with every verdict; the record of
   * the request and the signed verdicts ({@link VerificationRecord}) is anchored on the chain.
   *
   * @return fails with {@code InvalidArgumentException} when the record is not anchored or cannot be read
   */
  public CompletableFuture<VerificationResult> requestVerification(Hash32 key) {
    return runtime.requestVerification(key);
  }

  /** Block {@code height} of this node's ledger. */
  public Optional<Block> block(long height) {
    return runtime.ledger().block(height);
  }

  /** The block with hash {@code hash}. */
  public Optional<Block> block(Hash32 hash) {
    return runtime.ledger().block(hash);
  }

  /** Height of the last block on this node, -1 when there is none. */
  public long latestHeight() {
    return runtime.ledger().blockCount() - 1;
  }

  /** The inclusion proof of record {@code key}; empty when it is not anchored. */
  public Optional<InclusionProof> proof(Hash32 key) {
    return runtime.ledger().proof(key);
  }

  /**
   * Starts this member's DAG chain (seed 004's composite chain, {@code docs/dag.md}): DAG blocks
   * and transactions gossiped over this node's transport with the other members that started
   * theirs, blocks generated from its pool, confirmed pivot blocks ({@code confirmDepth} deep)
   * checkpointed into the consortium ledger by the KRaft leader. Once per node.
   */
  public DagChain startDag(DagGossip.Options options, int confirmDepth) {
    return runtime.startDag(options, confirmDepth);
  }

  /** The DAG chain, when {@link #startDag} ran. */
  public Optional<DagChain> dag() {
    return runtime.dag();
  }

  /** Role, term, indexes, leader and members as this node sees them. */
  public NodeStatus status() {
    return runtime.status();
  }

  /**
   * Submits a change of the node list, signed by the regulator ({@link NodeChange#add}, {@link
   * NodeChange#remove}). Only the leader takes it; elsewhere the future fails with {@code
   * BusyException} naming the leader. The future completes once the change is committed, applied
   * on this node and carried out by KRaft: an added node has caught up and votes; a removed node
   * no longer votes and is dropped from the configuration (a node removing itself completes once it
   * no longer votes). It fails with {@code InvalidArgumentException} when the change is refused
   * (not the regulator's signature, number or key taken, node not listed), {@code BusyException}
   * when it is not carried out within two minutes.
   */
  public CompletableFuture<Void> changeNodes(NodeChange change) {
    return runtime.changeNodes(change);
  }

  /**
   * Submits a regulator-signed add-replica transaction to a PBFT/SBFT cluster ({@code docs/bft.md}
   * §11), after the node change that lists the node; completes once this node entered the
   * configuration that has the new replica.
   */
  public CompletableFuture<Void> addReplica(io.cairn.bft.api.AddReplica add) {
    return runtime.addReplica(add);
  }

  /** The cluster's node list (ledger state): every node by ascending number. */
  public List<NodeChange> nodes() {
    return runtime.nodes();
  }

  /**
   * In KRaft mode: the candidate layer and relay groups of this node's current configuration, in
   * member numbers, and on the leader the member relaying to each group; empty lists in Raft mode.
   * Refreshed by the driver every 10 ticks.
   */
  public KraftView kraftView() {
    return runtime.kraftView();
  }

  /** The counters of this node's engine databases ({@code log}, {@code ledger}, {@code records}), read now. */
  public List<StoreStats> storeStats() {
    return runtime.storeStats();
  }

  /** Stops the driver and the transport, fails pending writes, closes the databases. Idempotent. */
  @Override
  public void close() {
    runtime.close();
  }
}
