package io.cairn.replication.dag;

import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.InclusionProof;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.RecordStore;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.Verdict;
import io.cairn.chain.dag.ConfluxOrder;
import io.cairn.chain.dag.DagBlockCodec;
import io.cairn.chain.dag.DagId;
import io.cairn.chain.dag.DagRecordProof;
import io.cairn.chain.dag.DagTx;
import io.cairn.common.CairnException;
import io.cairn.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 004's composite chain on one member ({@code docs/dag.md}, "The composite chain"): record
 * keys go into the DAG chain ({@link DagGossip}), and the consortium ledger, replicated by KRaft,
 * checkpoints the DAG's confirmed pivot blocks. A checkpoint is the pivot block's encoding
 * anchored as an off-chain record of the consortium ledger, so its record key is the pivot block's
 * id: the KRaft leader anchors every pivot block at least {@code confirmDepth} pivot blocks deep
 * that the ledger does not hold yet.
 *
 * <p>A record's composite proof ({@link CompositeProof}) is then the DAG side, a hash-linked path
 * of block encodings from a pivot block P to the block that claims the record's key ({@link
 * DagRecordProof}), and the consortium side, the ledger's Merkle inclusion proof of P's
 * checkpoint and this member's reflection verification of it.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class DagChain implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DagChain.class);
  /** How often the leader looks for pivot blocks to checkpoint. */
  static final long CHECKPOINT_EVERY_MILLIS = 250;

  /** How the chain reaches the member's consortium side. */
  public interface Consortium {
    /** The member's ledger now (replaced when a snapshot is installed: ask each time). */
    Ledger ledger();

    /** Whether this member leads KRaft now. */
    boolean leads();

    /** Stores {@code raws} off-chain on this member and anchors them in the consortium ledger. */
    CompletableFuture<List<AnchorReceipt>> anchor(List<byte[]> raws);

    /** Reflection verification of {@code key} by this member (reading the record from its owner). */
    Verdict verify(Hash32 key);
  }

  /**
   * A record's proof over both chains.
   *
   * @param dag the path from the pivot block P to the block claiming the key
   * @param pivot P's id
   * @param checkpoint the consortium ledger's inclusion proof of P's checkpoint; empty while P is
   *     not checkpointed yet (not deep enough, or the checkpoint is not committed)
   * @param checkpointVerdict this member's verification of the checkpoint record; null without one
   */
  public record CompositeProof(DagRecordProof dag, DagId pivot, Optional<InclusionProof> checkpoint,
      Verdict checkpointVerdict) {
    /** Whether both sides check: the DAG path leads from P to the claim, and P is checkpointed and verifies. */
    public boolean verified() {
      try {
        dag.check(pivot);
      } catch (CairnException e) {
        return false;
      }
      return checkpoint.isPresent() && checkpointVerdict != null && checkpointVerdict.passed();
    }
  }

  private final DagGossip gossip;
  private final Consortium consortium;
  private final RecordStore records;
  private final int confirmDepth;
  private final ScheduledExecutorService checkpointer;
  private volatile boolean anchoring;

  /**
   * The composite chain of one member: {@code gossip} (started here), the consortium side, the
   * member's off-chain {@code records}, pivot blocks checkpointed at {@code confirmDepth}.
   */
  public DagChain(DagGossip gossip, Consortium consortium, RecordStore records, int confirmDepth) {
    if (confirmDepth < 1) {
      throw new InvalidArgumentException("the confirmation depth must be at least 1, was " + confirmDepth);
    }
    this.gossip = gossip;
    this.consortium = consortium;
    this.records = records;
    this.confirmDepth = confirmDepth;
    this.checkpointer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "dag-checkpoints");
      thread.setDaemon(true);
      return thread;
    });
    gossip.start();
    checkpointer.scheduleWithFixedDelay(this::checkpoint, CHECKPOINT_EVERY_MILLIS, CHECKPOINT_EVERY_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /** The gossip: submit transactions, read the order. */
  public DagGossip gossip() {
    return gossip;
  }

  /** Pivot blocks at least this deep are confirmed and checkpointed. */
  public int confirmDepth() {
    return confirmDepth;
  }

  /**
   * Stores {@code raw} off-chain on this member and submits its key (SHA-256) to the DAG chain;
   * returns the key. The key is ordered once a block carrying it is in an epoch.
   */
  public Hash32 anchor(byte[] raw) {
    Hash32 key = records.store(raw, HashAlgorithm.SHA_256).key();
    gossip.submit(List.of(DagTx.of(DagId.of(key.bytes()))));
    return key;
  }

  /** {@code reader} applied to this member's DAG order (a consistent view). */
  public <T> T read(Function<ConfluxOrder, T> reader) {
    return gossip.read(reader);
  }

  /** The composite proof of {@code key}; empty when no ordered transaction claims it yet. */
  public Optional<CompositeProof> proof(Hash32 key) {
    DagId id = DagId.of(key.bytes());
    Optional<DagRecordProof> dag = gossip.read(order -> {
      try {
        return Optional.of(DagRecordProof.build(order, id));
      } catch (InvalidArgumentException notOrdered) {
        return Optional.empty();
      }
    });
    if (dag.isEmpty()) {
      return Optional.empty();
    }
    DagId pivot = DagBlockCodec.idOf(dag.get().path().getFirst());
    Hash32 checkpointKey = Hash32.of(pivot.bytes());
    Optional<InclusionProof> checkpoint = consortium.ledger().proof(checkpointKey);
    Verdict verdict = checkpoint.isPresent() ? consortium.verify(checkpointKey) : null;
    return Optional.of(new CompositeProof(dag.get(), pivot, checkpoint, verdict));
  }

  /** On the leader: anchors the encodings of confirmed pivot blocks the ledger lacks. */
  private void checkpoint() {
    if (anchoring || !consortium.leads()) {
      return;
    }
    try {
      Ledger ledger = consortium.ledger();
      List<byte[]> due = gossip.read(order -> {
        List<byte[]> encodings = new ArrayList<>();
        int confirmed = order.confirmedEpochs(confirmDepth);
        for (int h = confirmed - 1; h >= 0 && encodings.size() < 1_000; h--) {
          DagId pivot = order.pivotChain().get(h);
          if (ledger.anchorOf(Hash32.of(pivot.bytes())).isPresent()) {
            break; // checkpointed, and so is every pivot block below it
          }
          encodings.add(DagBlockCodec.encode(order.block(pivot).orElseThrow()));
        }
        return encodings.reversed();
      });
      if (due.isEmpty()) {
        return;
      }
      anchoring = true;
      consortium.anchor(due).whenComplete((receipts, failure) -> {
        anchoring = false;
        if (failure != null) {
          LOG.debug("checkpointing {} dag pivot blocks failed: {}", due.size(), failure.toString());
        }
      });
    } catch (RuntimeException e) {
      anchoring = false;
      LOG.warn("checkpointing the dag failed", e);
    }
  }

  /** Stops the checkpoints and the gossip. Idempotent. */
  @Override
  public void close() {
    checkpointer.shutdownNow();
    gossip.close();
  }
}
