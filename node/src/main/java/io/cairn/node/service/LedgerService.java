package io.cairn.node.service;

import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.ContractReceipt;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.InclusionProof;
import io.cairn.chain.api.Verdict;
import io.cairn.common.NotSupportedException;
import io.cairn.replication.api.NodeChange;
import io.cairn.replication.api.KraftView;
import io.cairn.replication.api.NodeStatus;
import io.cairn.replication.api.StoreStats;
import io.cairn.replication.dag.DagChain;
import io.cairn.replication.api.VerificationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the node's client API needs from a running ledger: the one seam between the HTTP layer
 * ({@link io.cairn.node.http.HttpApi}) and whatever holds the ledger (one node's home, or a member
 * of a replicated cluster). Every method blocks until its answer is known.
 *
 * <p>Errors are {@link io.cairn.common.CairnException}s: {@code InvalidArgumentException} for bad
 * input (the API answers 400), {@code RejectedException} when the ledger refuses (409), {@code
 * UnavailableException}-style errors when no leader is reachable (503).
 *
 * <p>Thread-safety: implementations are safe for concurrent calls.
 */
public interface LedgerService extends AutoCloseable {
  /**
   * Stores {@code raw} off-chain on this node and anchors its SHA-256; returns once the anchor is
   * committed and applied here.
   */
  AnchorReceipt anchor(byte[] raw);

  /**
   * Stores and anchors every record of {@code raws} (one receipt each, in order); returns once all
   * are committed and applied here. The default anchors them one by one.
   */
  default List<AnchorReceipt> anchorAll(List<byte[]> raws) {
    List<AnchorReceipt> receipts = new ArrayList<>(raws.size());
    for (byte[] raw : raws) {
      receipts.add(anchor(raw));
    }
    return receipts;
  }

  /** The raw bytes of the record anchored under {@code key}, from this node or its owner. */
  Optional<byte[]> readRecord(Hash32 key);

  /** Reflection verification of {@code key} on this node's ledger. */
  Verdict verify(Hash32 key);

  /**
   * A verification request over every participant: the outcome with each participant's signed
   * verdict, and where the outcome record was anchored.
   */
  VerificationResult requestVerification(Hash32 key);

  /** The block at {@code height}, if the ledger has it. */
  Optional<Block> block(long height);

  /** The block with header hash {@code hash}, if the ledger has it. */
  Optional<Block> block(Hash32 hash);

  /** Number of blocks this node holds (heights {@code 0 .. count-1}). */
  long blockCount();

  /** The Merkle inclusion proof of the record anchored under {@code key}. */
  Optional<InclusionProof> proof(Hash32 key);

  /** This node's key: the caller of the contract calls it signs ({@link #execute}). */
  MemberKey key();

  /**
   * Signs {@code call} (its caller must be {@link #key()}) as a contract transaction of this node,
   * submits it and returns its receipt once its block is applied here; a call that reverts or
   * runs out of gas returns a failure receipt.
   */
  ContractReceipt execute(ContractCall call);

  /** The receipt of contract transaction {@code transactionId}, once its block is applied here. */
  Optional<ContractReceipt> receipt(Hash32 transactionId);

  /** The value of {@code key} in contract {@code contract}'s namespace on this node's ledger. */
  Optional<byte[]> contractValue(String contract, byte[] key);

  /** This node's DAG chain, when it runs one ({@code node start --dag}). */
  default Optional<DagChain> dag() {
    return Optional.empty();
  }

  /** This node's view of itself and the cluster. */
  NodeStatus status();

  /** The cluster's node list (ledger state), by ascending number; empty for a single-node ledger. */
  default List<NodeChange> nodes() {
    return List.of();
  }

  /**
   * Submits a regulator-signed change of the node list; returns once it is committed, applied
   * here and carried out by KRaft (see {@code LedgerNode.changeNodes}).
   *
   * @throws NotSupportedException for a single-node ledger
   */
  default void changeNodes(NodeChange change) {
    throw new NotSupportedException("this ledger is not replicated: it has no node list");
  }

  /**
   * Submits a regulator-signed add-replica transaction to a PBFT/SBFT cluster; returns once this
   * node entered the configuration that has the new replica ({@code docs/bft.md} §11).
   *
   * @throws NotSupportedException for a ledger that is not replicated by PBFT/SBFT
   */
  default void addReplica(io.cairn.bft.api.AddReplica add) {
    throw new NotSupportedException("this ledger is not replicated by PBFT/SBFT");
  }

  /**
   * The KRaft candidate layer and relay groups this node runs on; empty when the ledger is not
   * replicated by KRaft or Raft (a single home).
   */
  default Optional<KraftView> kraftView() {
    return Optional.empty();
  }

  /** The counters of the engine databases behind the ledger, read now; empty when not known. */
  default List<StoreStats> storeStats() {
    return List.of();
  }

  /** Stops the ledger; later calls fail. */
  @Override
  void close();
}
