package io.cairn.chain.api;

import io.cairn.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;

/**
 * One node's own work on its ledger: store records off-chain, anchor them in a transaction signed
 * by the node's identity, and propose the block that holds it, signed by the same identity; the
 * block then goes through {@link Ledger#apply} like any other entry. This is the single-node path;
 * with KRaft the proposed block becomes a log entry instead of being applied directly.
 *
 * <p>Thread-safety: {@link #anchor} and {@link #propose} are serialised (one proposer per node);
 * {@link #verify} may run concurrently.
 */
public final class LedgerNode {
  /** Entries per anchoring transaction unless configured otherwise. */
  public static final int DEFAULT_ENTRIES_PER_TRANSACTION = 1000;

  private final Identity identity;
  private final Ledger ledger;
  private final RecordStore records;
  private final LongSupplier clockMillis;
  private final int entriesPerTransaction;
  private long nextNonce = -1;

  /**
   * A node acting as {@code identity} (an admitted member with SUBMIT and PROPOSE) on {@code
   * ledger}, storing records in {@code records}, stamping blocks with {@code clockMillis}, and
   * putting at most {@code entriesPerTransaction} (1..65,536) records in one transaction.
   */
  public LedgerNode(Identity identity, Ledger ledger, RecordStore records, LongSupplier clockMillis,
      int entriesPerTransaction) {
    if (entriesPerTransaction < 1 || entriesPerTransaction > 65_536) {
      throw new InvalidArgumentException("entries per transaction must be in 1..65536, was " + entriesPerTransaction);
    }
    this.identity = Objects.requireNonNull(identity, "identity");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.records = Objects.requireNonNull(records, "records");
    this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
    this.entriesPerTransaction = entriesPerTransaction;
  }

  /** The node's identity. */
  public Identity identity() {
    return identity;
  }

  /** The node's ledger. */
  public Ledger ledger() {
    return ledger;
  }

  /** The node's off-chain record store. */
  public RecordStore records() {
    return records;
  }

  /**
   * Stores every record of {@code raws} (one engine write) and anchors them all in one new block:
   * one receipt per record, in order.
   *
   * @throws InvalidArgumentException when {@code raws} is empty
   * @throws RejectedException when the ledger refuses the block (for example this node's identity
   *     is not an admitted member); the records stay stored, unanchored
   */
  public synchronized List<AnchorReceipt> anchor(List<byte[]> raws, HashAlgorithm algorithm) {
    if (raws.isEmpty()) {
      throw new InvalidArgumentException("nothing to anchor");
    }
    List<StoredRecord> stored = records.keys(raws, algorithm);
    // The records' write (with its sync) overlaps signing; the block is applied only once the
    // records are durable, so an anchor never points at a record a crash could lose.
    RecordWrite write = new RecordWrite(records, stored, raws);
    List<List<AnchorEntry>> groups = new ArrayList<>();
    for (int from = 0; from < stored.size(); from += entriesPerTransaction) {
      List<AnchorEntry> entries = new ArrayList<>();
      for (StoredRecord record : stored.subList(from, Math.min(stored.size(), from + entriesPerTransaction))) {
        entries.add(AnchorEntry.of(record));
      }
      groups.add(entries);
    }
    long firstNonce = takeNonces(groups.size());
    // Signing is the costly step and each transaction is independent: sign them in parallel.
    Transaction[] transactions = new Transaction[groups.size()];
    IntStream indexes = IntStream.range(0, transactions.length);
    (transactions.length > 1 ? indexes.parallel() : indexes).forEach(
        i -> transactions[i] = AnchorTransaction.sign(identity, firstNonce + i, groups.get(i)));
    Block block = buildBlock(List.of(transactions));
    // The ledger checks the block while the records are written, and writes it once they are durable.
    Set<Hash32> anchoredElsewhere;
    try {
      anchoredElsewhere = apply(block, write::await);
    } catch (RejectedException e) {
      write.await(); // the records stay stored, unanchored
      throw e;
    }
    AnchorReceipt[] receipts = new AnchorReceipt[stored.size()];
    for (int i = 0; i < receipts.length; i++) {
      StoredRecord record = stored.get(i);
      receipts[i] = anchoredElsewhere.contains(record.key()) ? earlierReceipt(record, algorithm, block)
          : new AnchorReceipt(record.key(), algorithm,
              new AnchorPosition(block.height(), i / entriesPerTransaction, i % entriesPerTransaction), block.hash());
    }
    return List.of(receipts);
  }

  /** The receipt of a record whose first anchor, which wins, is not its entry in {@code block}. */
  private AnchorReceipt earlierReceipt(StoredRecord record, HashAlgorithm algorithm, Block block) {
    AnchorPosition position = ledger.anchorOf(record.key()).orElseThrow(() -> new IllegalStateException(
        "block " + block.height() + " was applied but " + record.key() + " has no anchor"));
    Hash32 blockHash = position.height() == block.height() ? block.hash()
        : ledger.block(position.height()).orElseThrow().hash();
    return new AnchorReceipt(record.key(), algorithm, position, blockHash);
  }

  /**
   * Publishes {@code organization}'s state record in a new block.
   *
   * @throws RejectedException when this node is not admitted for {@code organization}
   */
  public synchronized StateRecord publishState(String organization, byte[] state) {
    Block block = propose(List.of(StateTransaction.sign(identity, takeNonce(), organization, state)));
    return new StateRecord((StateTransaction) block.transactions().getFirst(), block.height(), 0);
  }

  /**
   * Signs {@code call} (its caller must be this node's key) as a contract transaction and applies
   * it in a block of its own; its receipt.
   *
   * @throws RejectedException when the ledger refuses the block; nothing is changed
   */
  public synchronized ContractReceipt execute(io.cairn.chain.contract.ContractCall call) {
    var transaction = io.cairn.chain.contract.ContractTransaction.sign(identity, takeNonce(), call);
    propose(List.of(transaction));
    return ledger.receipt(transaction.id()).orElseThrow(() -> new IllegalStateException(
        "contract transaction " + transaction.id().shortHex() + " was applied but has no receipt"));
  }

  /**
   * Proposes the next block over {@code transactions} (signed by anyone admitted), signs it and
   * applies it to the ledger.
   *
   * @throws RejectedException when the ledger refuses it; nothing is changed
   */
  public synchronized Block propose(List<Transaction> transactions) {
    Block block = buildBlock(transactions);
    apply(block);
    return block;
  }

  private Block buildBlock(List<Transaction> transactions) {
    long timestamp = Math.max(clockMillis.getAsLong(), ledger.headTimestampMillis());
    return Block.propose(identity, ledger.blockCount(), ledger.headHash(), timestamp, transactions);
  }

  private void apply(Block block) {
    apply(block, () -> {});
  }

  private Set<Hash32> apply(Block block, Runnable beforeWrite) {
    try {
      return ledger.apply(block, beforeWrite);
    } catch (RejectedException e) {
      nextNonce = -1; // re-read from the ledger: the refused block used none of the nonces
      throw e;
    }
  }

  /** A record store write running on its own (virtual) thread. */
  private static final class RecordWrite {
    private final Thread thread;
    private volatile RuntimeException failure;

    RecordWrite(RecordStore records, List<StoredRecord> stored, List<byte[]> raws) {
      thread = Thread.ofVirtual().name("record-write").start(() -> {
        try {
          records.write(stored, raws);
        } catch (RuntimeException e) {
          failure = e;
        }
      });
    }

    /** Waits for the write; rethrows its failure. */
    void await() {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new io.cairn.common.CairnIoException("interrupted while storing records", e);
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** Reflection verification of {@code key} on this node's ledger. */
  public Verdict verify(Hash32 key) {
    return ledger.verify(key);
  }

  private long takeNonce() {
    return takeNonces(1);
  }

  /** Reserves {@code count} consecutive nonces; returns the first. */
  private long takeNonces(int count) {
    if (nextNonce < 0) {
      nextNonce = ledger.nextNonce(identity.key());
    }
    long first = nextNonce;
    nextNonce += count;
    return first;
  }
}
