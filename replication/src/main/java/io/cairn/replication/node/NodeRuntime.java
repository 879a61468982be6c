package io.cairn.replication.node;

import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.api.StateRecord;
import io.cairn.chain.api.Transaction;
import io.cairn.chain.api.Verdict;
import io.cairn.common.NotSupportedException;
import io.cairn.replication.api.NodeConfig;
import io.cairn.replication.api.NodeStatus;
import io.cairn.replication.api.TransactionReceipt;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Skeleton: the running node behind {@code LedgerNode}. */
public final class NodeRuntime {
  private NodeRuntime() {}

  public static NodeRuntime start(NodeConfig config) {
    throw new NotSupportedException("the replicated node is being built");
  }

  public NodeConfig config() { throw new NotSupportedException("skeleton"); }
  public MemberKey key() { throw new NotSupportedException("skeleton"); }
  public Ledger ledger() { throw new NotSupportedException("skeleton"); }
  public CompletableFuture<List<AnchorReceipt>> anchor(List<byte[]> raws) { throw new NotSupportedException("skeleton"); }
  public CompletableFuture<StateRecord> publishState(String organization, byte[] state) { throw new NotSupportedException("skeleton"); }
  public CompletableFuture<TransactionReceipt> submit(Transaction transaction) { throw new NotSupportedException("skeleton"); }
  public Optional<byte[]> readRecord(Hash32 key) { throw new NotSupportedException("skeleton"); }
  public Verdict verify(Hash32 key) { throw new NotSupportedException("skeleton"); }
  public NodeStatus status() { throw new NotSupportedException("skeleton"); }
  public void close() {}
}
