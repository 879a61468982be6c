package io.cairn.chain.store;

import io.cairn.chain.api.Admission;
import io.cairn.chain.api.AnchorEntry;
import io.cairn.chain.api.AnchorTransaction;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.BlockHeader;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.api.MemberRegistry;
import io.cairn.chain.api.RejectedException;
import io.cairn.chain.api.Rejection;
import io.cairn.chain.api.Role;
import io.cairn.chain.api.StateTransaction;
import io.cairn.chain.api.Transaction;
import io.cairn.chain.contract.BlockResult;
import io.cairn.chain.contract.ContractTransaction;
import io.cairn.chain.merkle.MerkleTree;
import io.cairn.common.ByteWriter;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.api.WriteBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Checks a block against the ledger's state and turns it into one atomic engine write: the
 * header, each transaction header and each entry with its Merkle path, and the index updates.
 * Every rule is deterministic (no clock, no randomness), so every node that applies the same block
 * to the same state accepts or rejects it the same way. Nothing is written when a rule fails.
 *
 * <p>Thread-safety: one instance per application; the ledger applies one entry at a time.
 */
public final class BlockApplier {
  /**
   * What one anchored entry adds to the block's write besides its encoding twice (once in its
   * transaction's entries value with a 2-byte length, once in its anchor index value): the anchor
   * put's kind, key and varint lengths and the index value's other fields with the start of the
   * path (157 bytes), rounded up. With it the batch is sized once instead of grown by copying.
   */
  private static final int WRITE_BYTES_PER_ENTRY = 160;

  private final Db db;
  private final MemberRegistry registry;
  private final ChainIndexesFormat.LedgerState state;
  private final Map<MemberKey, Long> nonces = new HashMap<>();
  /** The block's anchor index candidates, in block order until {@link #putAnchors} sorts them. */
  private final List<AnchorCandidate> candidates = new ArrayList<>();
  private final Set<Hash32> anchoredElsewhere = new HashSet<>();
  private final ContractApplier contracts;
  /** The batch and the buffers the block's values are encoded into, kept by the ledger across blocks. */
  private final ApplyBuffers buffers;

  /**
   * An applier for the ledger in {@code db}, now at {@code state}, with members {@code registry},
   * executing contract transactions with {@code contracts}.
   */
  public BlockApplier(Db db, MemberRegistry registry, ChainIndexesFormat.LedgerState state,
      ContractApplier contracts, ApplyBuffers buffers) {
    this.buffers = buffers;
    this.db = db;
    this.registry = registry;
    this.state = state;
    this.contracts = contracts;
  }

  /**
   * The write that appends {@code block} at log index {@code logIndex} and the ledger state after
   * it.
   *
   * @throws RejectedException naming the first rule the block breaks
   */
  public Result apply(Block block, long logIndex) {
    BlockHeader header = block.header();
    long height = header.height();
    checkHeader(block, header, height);
    List<Transaction> transactions = block.transactions();
    int expectedBytes = expectedWriteBytes(transactions);
    WriteBatch batch = buffers.batch(expectedBytes);
    boolean[] signed = signaturesValid(transactions);
    byte[][] leaves = new byte[transactions.size()][];
    for (int i = 0; i < leaves.length; i++) {
      Transaction transaction = transactions.get(i);
      checkTransaction(transaction, signed[i], height, i);
      leaves[i] = transaction.id().bytes();
    }
    byte[][][] levels = MerkleTree.levels(leaves);
    for (int i = 0; i < leaves.length; i++) {
      Transaction transaction = transactions.get(i);
      batch.put(LedgerKeys.transaction(height, i),
          ChainIndexesFormat.encodePiece(transaction.header(), MerkleTree.path(levels, i), false));
      switch (transaction) {
        case AnchorTransaction anchor -> putEntries(batch, anchor, height, i);
        case StateTransaction stateTransaction -> batch.put(
            LedgerKeys.organizationState(stateTransaction.organization()),
            ChainIndexesFormat.encodeStatePosition(height, i));
        case ContractTransaction contract -> { } // executed below, after every check
      }
    }
    putAnchors(batch);
    BlockResult executed = contracts.stage(transactions, height, batch);
    for (Map.Entry<MemberKey, Long> nonce : nonces.entrySet()) {
      batch.put(LedgerKeys.nonce(nonce.getKey()), ChainIndexesFormat.encodeNumber(nonce.getValue()));
    }
    Hash32 hash = header.hash();
    batch.put(LedgerKeys.header(height), header.encode());
    batch.put(LedgerKeys.byHash(hash), ChainIndexesFormat.encodeNumber(height));
    ChainIndexesFormat.LedgerState next = new ChainIndexesFormat.LedgerState(
        logIndex, height + 1, hash.bytes(), header.timestampMillis());
    batch.put(LedgerKeys.state(), ChainIndexesFormat.encodeState(next));
    assert executed != null || batch.approximateBytes() <= WriteBatch.HEADER_BYTES + expectedBytes
        : "block " + height + " wrote " + batch.approximateBytes() + " bytes, sized for " + expectedBytes;
    return new Result(batch, next, executed, anchoredElsewhere.isEmpty() ? Set.of() : Set.copyOf(anchoredElsewhere));
  }

  /**
   * The write of a block, the state after it, its contract execution (null when it has no
   * contract transaction), whose cached state follows once the batch is written, and the record
   * hashes of its entries whose first anchor is elsewhere (an earlier block or an earlier entry of
   * this block); every other entry is its record's anchor.
   */
  public record Result(WriteBatch batch, ChainIndexesFormat.LedgerState state, BlockResult contracts,
      Set<Hash32> anchoredElsewhere) {}

  private static int expectedWriteBytes(List<Transaction> transactions) {
    long bytes = 4096;
    for (Transaction transaction : transactions) {
      bytes += 256 + transaction.header().length;
      if (transaction instanceof AnchorTransaction anchor) {
        for (AnchorEntry entry : anchor.entries()) {
          bytes += WRITE_BYTES_PER_ENTRY + 2L * entry.encodedBytes();
        }
      }
    }
    return (int) Math.min(bytes, 64 << 20);
  }

  private void checkHeader(Block block, BlockHeader header, long height) {
    if (height != state.blockCount()) {
      throw new RejectedException(Rejection.WRONG_HEIGHT,
          "block height " + height + " is not the next height " + state.blockCount());
    }
    if (!header.previousHash().matches(state.headHash(), 0)) {
      throw new RejectedException(Rejection.PREVIOUS_HASH_MISMATCH, "block " + height + " names previous hash "
          + header.previousHash().shortHex() + ", the ledger's last hash is " + Hash32.of(state.headHash()).shortHex());
    }
    if (header.transactionCount() != block.transactions().size()) {
      throw new RejectedException(Rejection.MALFORMED, "block " + height + " header counts "
          + header.transactionCount() + " transactions, it carries " + block.transactions().size());
    }
    Hash32 root = Block.merkleRoot(block.transactions());
    if (!root.equals(header.merkleRoot())) {
      throw new RejectedException(Rejection.MERKLE_ROOT_MISMATCH, "block " + height + " header names Merkle root "
          + header.merkleRoot().shortHex() + ", its transactions hash to " + root.shortHex());
    }
    if (height > 0 && header.timestampMillis() < state.headTimestampMillis()) {
      throw new RejectedException(Rejection.TIMESTAMP_REGRESSION, "block " + height + " timestamp "
          + header.timestampMillis() + " is before the previous block's " + state.headTimestampMillis());
    }
    requireRole(header.proposer(), Role.PROPOSE, "proposer of block " + height);
    if (!header.signatureValid()) {
      throw new RejectedException(Rejection.BAD_SIGNATURE,
          "block " + height + " header signature does not verify with proposer " + header.proposer().shortHex());
    }
  }

  /**
   * Each transaction's signature check, computed in parallel when there are several: Ed25519
   * verification is the costliest step of applying a block, and each result depends only on its
   * transaction's bytes, so the outcome is the same as checking them in order.
   */
  private static boolean[] signaturesValid(List<Transaction> transactions) {
    boolean[] valid = new boolean[transactions.size()];
    IntStream indexes = IntStream.range(0, valid.length);
    (valid.length > 1 ? indexes.parallel() : indexes).forEach(i -> valid[i] = transactions.get(i).signatureValid());
    return valid;
  }

  private void checkTransaction(Transaction transaction, boolean signatureValid, long height, int index) {
    String where = "block " + height + " transaction " + index;
    Admission admission = requireRole(transaction.requester(), Role.SUBMIT, "requester of " + where);
    if (!signatureValid) {
      throw new RejectedException(Rejection.BAD_SIGNATURE,
          where + " signature does not verify with requester " + transaction.requester().shortHex());
    }
    long last = lastNonce(transaction.requester());
    if (transaction.nonce() <= last) {
      throw new RejectedException(Rejection.STALE_NONCE, where + " nonce " + transaction.nonce()
          + " is not above requester " + transaction.requester().shortHex() + "'s last nonce " + last);
    }
    nonces.put(transaction.requester(), transaction.nonce());
    if (transaction instanceof StateTransaction stateTransaction
        && !stateTransaction.organization().equals(admission.organization())) {
      throw new RejectedException(Rejection.NOT_PERMITTED, where + " publishes state for '"
          + stateTransaction.organization() + "', its requester is admitted for '" + admission.organization() + "'");
    }
  }

  private Admission requireRole(MemberKey member, Role role, String who) {
    Admission admission = registry.admission(member).orElseThrow(() -> new RejectedException(
        Rejection.UNKNOWN_MEMBER, who + " " + member.shortHex() + " is not an admitted member"));
    if (!admission.has(role)) {
      throw new RejectedException(Rejection.NOT_PERMITTED,
          who + " " + member.shortHex() + " lacks the " + role + " role");
    }
    return admission;
  }

  private long lastNonce(MemberKey requester) {
    Long pending = nonces.get(requester);
    if (pending != null) {
      return pending;
    }
    byte[] stored = db.get(LedgerKeys.nonce(requester));
    return stored == null ? -1 : ChainIndexesFormat.decodeNumber(stored, () -> "nonce of " + requester.shortHex());
  }

  private void putEntries(WriteBatch batch, AnchorTransaction anchor, long height, int transactionIndex) {
    List<AnchorEntry> entries = anchor.entries();
    for (int j = 0; j < entries.size(); j++) {
      candidates.add(new AnchorCandidate(entries.get(j).recordHash(), anchor, height, transactionIndex, j));
    }
    // The entries serve block reassembly, all under one key; each path is kept once, in the anchor index.
    ByteWriter values = buffers.values();
    int from = ChainIndexesFormat.writeEntries(values, anchor);
    batch.put(LedgerKeys.entries(height, transactionIndex), values.buffer(), from, values.size() - from);
  }

  /** An entry of the block that may become its record's anchor: where it is, in which transaction. */
  private record AnchorCandidate(Hash32 recordHash, AnchorTransaction anchor, long height, int transaction,
      int entry) {}

  /**
   * Writes the anchor index value of each record that the block anchors first: the first entry
   * (in block order) of a hash that has no anchor on the ledger yet; every other entry's hash goes
   * to {@link #anchoredElsewhere}. The candidates are sorted by hash once (stably, so the first in
   * block order leads its run of equal hashes), looked up in that order with one {@link
   * Db#multiGet} and put in that order: the engine walks its memtable once per block instead of
   * searching it from the top twice per entry. The write's contents do not depend on the order.
   */
  private void putAnchors(WriteBatch batch) {
    if (candidates.isEmpty()) {
      return;
    }
    candidates.sort((a, b) -> a.recordHash().compareTo(b.recordHash()));
    List<AnchorCandidate> firsts = new ArrayList<>(candidates.size());
    Hash32 previous = null;
    for (AnchorCandidate candidate : candidates) {
      if (candidate.recordHash().equals(previous)) {
        anchoredElsewhere.add(candidate.recordHash()); // a later entry of this block: the first wins
      } else {
        firsts.add(candidate);
      }
      previous = candidate.recordHash();
    }
    byte[][] keys = new byte[firsts.size()][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = LedgerKeys.anchor(firsts.get(i).recordHash());
    }
    byte[][] stored = db.multiGet(keys, ReadOptions.DEFAULT);
    for (int i = 0; i < keys.length; i++) {
      AnchorCandidate candidate = firsts.get(i);
      if (stored[i] != null) {
        anchoredElsewhere.add(candidate.recordHash()); // anchored by an earlier block
        continue;
      }
      AnchorEntry entry = candidate.anchor().entries().get(candidate.entry());
      ByteWriter values = buffers.values();
      int from = ChainIndexesFormat.writeAnchor(values, candidate.height(), candidate.transaction(),
          candidate.entry(), candidate.anchor(), buffers.entry(entry.encodedBytes()));
      batch.put(keys[i], values.buffer(), from, values.size() - from);
    }
  }
}
