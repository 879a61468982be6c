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
 * Checks blocks against the ledger's state and turns consecutive ones into one atomic engine
 * write: each block's header, transaction headers with their Merkle paths and entries values, and
 * the index updates. Every rule is deterministic (no clock, no randomness), so every node that
 * applies the same blocks to the same state accepts or rejects each the same way. A block that
 * breaks a rule adds nothing.
 *
 * <p>A run of blocks ({@link #add} each, then {@link #finish}) writes what applying them one at a
 * time would leave in the engine (tested against exactly that, {@code GroupApplyTest}): each
 * block is checked against the state the blocks added before it leave (their nonces, their
 * anchors, the head), and the run's anchor index rows are put in one sorted pass at the end, so
 * the memtable walks its skiplist once per run instead of once per block (docs/replication.md,
 * "session 14"). A block with contract transactions executes against the engine's state, so it
 * must be the only block of its run ({@link #add} refuses it otherwise).
 *
 * <p>Thread-safety: one instance per run; the ledger applies one run at a time.
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
  private final ContractApplier contracts;
  /** The batch and the buffers the blocks' values are encoded into, kept by the ledger across runs. */
  private final ApplyBuffers buffers;
  private final WriteBatch batch;
  private final int expectedBytes;
  /** The last nonce of each requester among the run's accepted blocks. */
  private final Map<MemberKey, Long> nonces = new HashMap<>();
  /** The run's anchor index candidates, in log order until {@link #putAnchors} sorts them. */
  private final List<AnchorCandidate> candidates = new ArrayList<>();
  /** Per accepted block of the run, in order: the record hashes whose first anchor is elsewhere. */
  private final List<Set<Hash32>> anchoredElsewhere = new ArrayList<>();
  /** Whether an accepted block of the run executed contracts (it is then the run's only block). */
  private boolean executedContracts;
  private boolean finished;

  /**
   * An applier of one run of blocks to the ledger in {@code db}, executing contract transactions
   * with {@code contracts}, whose write is about {@code expectedBytes} (see {@link
   * #expectedWriteBytes}; the batch grows past it when needed).
   */
  public BlockApplier(Db db, ContractApplier contracts, ApplyBuffers buffers, int expectedBytes) {
    this.db = db;
    this.contracts = contracts;
    this.buffers = buffers;
    this.expectedBytes = expectedBytes;
    this.batch = buffers.batch(expectedBytes);
  }

  /** Whether {@code block} executes contracts, so that it must be a run of its own. */
  public static boolean executesContracts(Block block) {
    for (Transaction transaction : block.transactions()) {
      if (transaction instanceof ContractTransaction) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks {@code block}, the entry at log index {@code logIndex}, against {@code state} (the
   * ledger's state after the run's blocks so far) and {@code registry}, and adds its writes to the
   * run; returns the state after it and its contract execution (null when it has none), whose
   * cached state follows once the run's batch is written.
   *
   * @throws RejectedException naming the first rule the block breaks; nothing was added
   * @throws IllegalStateException when the block executes contracts and the run is not empty, or
   *     the run executed contracts already, or it is finished
   */
  public Added add(Block block, long logIndex, MemberRegistry registry, ChainIndexesFormat.LedgerState state) {
    if (finished) {
      throw new IllegalStateException("the run is finished");
    }
    if (executedContracts || (!anchoredElsewhere.isEmpty() && executesContracts(block))) {
      throw new IllegalStateException("a block that executes contracts is a run of its own");
    }
    BlockHeader header = block.header();
    long height = header.height();
    checkHeader(block, header, height, registry, state);
    List<Transaction> transactions = block.transactions();
    boolean[] signed = signaturesValid(transactions);
    Map<MemberKey, Long> blockNonces = new HashMap<>();
    byte[][] leaves = new byte[transactions.size()][];
    for (int i = 0; i < leaves.length; i++) {
      Transaction transaction = transactions.get(i);
      checkTransaction(transaction, signed[i], height, i, registry, blockNonces);
      leaves[i] = transaction.id().bytes();
    }
    // Accepted: from here on nothing throws a rejection.
    nonces.putAll(blockNonces);
    int ordinal = anchoredElsewhere.size(); // this block among the run's accepted ones
    anchoredElsewhere.add(new HashSet<>());
    byte[][][] levels = MerkleTree.levels(leaves);
    for (int i = 0; i < leaves.length; i++) {
      Transaction transaction = transactions.get(i);
      batch.put(LedgerKeys.transaction(height, i),
          ChainIndexesFormat.encodePiece(transaction.header(), MerkleTree.path(levels, i), false));
      switch (transaction) {
        case AnchorTransaction anchor -> putEntries(anchor, height, i, ordinal);
        case StateTransaction stateTransaction -> batch.put(
            LedgerKeys.organizationState(stateTransaction.organization()),
            ChainIndexesFormat.encodeStatePosition(height, i));
        case ContractTransaction contract -> { } // executed below, after every check
      }
    }
    BlockResult executed = contracts.stage(transactions, height, batch);
    executedContracts = executed != null;
    Hash32 hash = header.hash();
    batch.put(LedgerKeys.header(height), header.encode());
    batch.put(LedgerKeys.byHash(hash), ChainIndexesFormat.encodeNumber(height));
    ChainIndexesFormat.LedgerState next = new ChainIndexesFormat.LedgerState(
        logIndex, height + 1, hash.bytes(), header.timestampMillis());
    return new Added(next, executed);
  }

  /** What {@link #add} made of an accepted block: the ledger state after it and its contract execution (or null). */
  public record Added(ChainIndexesFormat.LedgerState state, BlockResult contracts) {}

  /**
   * Ends the run: puts the anchor index values of the records its blocks anchor first (in one
   * sorted pass), the requesters' last nonces and the ledger state {@code last} (after the run's
   * last entry, a rejected one included); returns the batch to write and, per accepted block in
   * order, the record hashes of its entries whose first anchor is elsewhere (an earlier block, of
   * the run or before it, or an earlier entry of the same block); every other entry is its
   * record's anchor.
   */
  public Result finish(ChainIndexesFormat.LedgerState last) {
    if (finished) {
      throw new IllegalStateException("the run is finished");
    }
    finished = true;
    putAnchors();
    for (Map.Entry<MemberKey, Long> nonce : nonces.entrySet()) {
      batch.put(LedgerKeys.nonce(nonce.getKey()), ChainIndexesFormat.encodeNumber(nonce.getValue()));
    }
    batch.put(LedgerKeys.state(), ChainIndexesFormat.encodeState(last));
    List<Set<Hash32>> elsewhere = new ArrayList<>(anchoredElsewhere.size());
    for (Set<Hash32> hashes : anchoredElsewhere) {
      elsewhere.add(hashes.isEmpty() ? Set.of() : Set.copyOf(hashes));
    }
    return new Result(batch, elsewhere);
  }

  /**
   * Whether the run's batch stayed within the bytes it was sized for (contract execution aside):
   * what {@link #expectedWriteBytes} promises for a run of one block, asserted by the ledger.
   */
  public boolean withinExpectedBytes() {
    return executedContracts || batch.approximateBytes() <= WriteBatch.HEADER_BYTES + expectedBytes;
  }

  /**
   * The write of a run and, per accepted block in order, the record hashes of its entries whose
   * first anchor is elsewhere.
   */
  public record Result(WriteBatch batch, List<Set<Hash32>> anchoredElsewhere) {}

  /**
   * About the bytes {@code block}'s writes take in a batch (the batch of a run of blocks is sized
   * with their sum).
   */
  public static int expectedWriteBytes(Block block) {
    return expectedWriteBytes(block.transactions());
  }

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

  private static void checkHeader(Block block, BlockHeader header, long height, MemberRegistry registry,
      ChainIndexesFormat.LedgerState state) {
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
    requireRole(registry, header.proposer(), Role.PROPOSE, "proposer of block " + height);
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

  private void checkTransaction(Transaction transaction, boolean signatureValid, long height, int index,
      MemberRegistry registry, Map<MemberKey, Long> blockNonces) {
    String where = "block " + height + " transaction " + index;
    Admission admission = requireRole(registry, transaction.requester(), Role.SUBMIT, "requester of " + where);
    if (!signatureValid) {
      throw new RejectedException(Rejection.BAD_SIGNATURE,
          where + " signature does not verify with requester " + transaction.requester().shortHex());
    }
    long last = lastNonce(transaction.requester(), blockNonces);
    if (transaction.nonce() <= last) {
      throw new RejectedException(Rejection.STALE_NONCE, where + " nonce " + transaction.nonce()
          + " is not above requester " + transaction.requester().shortHex() + "'s last nonce " + last);
    }
    blockNonces.put(transaction.requester(), transaction.nonce());
    if (transaction instanceof StateTransaction stateTransaction
        && !stateTransaction.organization().equals(admission.organization())) {
      throw new RejectedException(Rejection.NOT_PERMITTED, where + " publishes state for '"
          + stateTransaction.organization() + "', its requester is admitted for '" + admission.organization() + "'");
    }
  }

  private static Admission requireRole(MemberRegistry registry, MemberKey member, Role role, String who) {
    Admission admission = registry.admission(member).orElseThrow(() -> new RejectedException(
        Rejection.UNKNOWN_MEMBER, who + " " + member.shortHex() + " is not an admitted member"));
    if (!admission.has(role)) {
      throw new RejectedException(Rejection.NOT_PERMITTED,
          who + " " + member.shortHex() + " lacks the " + role + " role");
    }
    return admission;
  }

  /** The requester's last nonce: this block's, else the run's earlier blocks', else the engine's. */
  private long lastNonce(MemberKey requester, Map<MemberKey, Long> blockNonces) {
    Long pending = blockNonces.get(requester);
    if (pending == null) {
      pending = nonces.get(requester);
    }
    if (pending != null) {
      return pending;
    }
    byte[] stored = db.get(LedgerKeys.nonce(requester));
    return stored == null ? -1 : ChainIndexesFormat.decodeNumber(stored, () -> "nonce of " + requester.shortHex());
  }

  private void putEntries(AnchorTransaction anchor, long height, int transactionIndex, int block) {
    List<AnchorEntry> entries = anchor.entries();
    for (int j = 0; j < entries.size(); j++) {
      Hash32 recordHash = entries.get(j).recordHash();
      candidates.add(new AnchorCandidate(recordHash, recordHash.prefix(), anchor, height, transactionIndex, j, block));
    }
    // The entries serve block reassembly, all under one key; each path is kept once, in the anchor index.
    ByteWriter values = buffers.values();
    int from = ChainIndexesFormat.writeEntries(values, anchor);
    batch.put(LedgerKeys.entries(height, transactionIndex), values.buffer(), from, values.size() - from);
  }

  /**
   * An entry of the run that may become its record's anchor: where it is, in which transaction, and
   * which of the run's accepted blocks holds it.
   */
  private record AnchorCandidate(Hash32 recordHash, long prefix, AnchorTransaction anchor, long height,
      int transaction, int entry, int block) {
    /** By hash: the prefix held in the candidate first (no pointer to follow), the whole hash on a tie. */
    static int byHash(AnchorCandidate a, AnchorCandidate b) {
      int order = Long.compareUnsigned(a.prefix, b.prefix);
      return order != 0 ? order : a.recordHash.compareTo(b.recordHash);
    }
  }

  /**
   * Writes the anchor index value of each record that the run anchors first: the first entry (in
   * log order) of a hash that has no anchor on the ledger yet; every other entry's hash goes to
   * its block's {@link #anchoredElsewhere}. The candidates are sorted by hash once (stably, so the
   * first in log order leads its run of equal hashes), looked up in that order with one {@link
   * Db#multiGet} and put in that order: the engine walks its memtable once per run of blocks
   * instead of searching it from the top twice per entry. The write's contents do not depend on
   * the order.
   */
  private void putAnchors() {
    if (candidates.isEmpty()) {
      return;
    }
    candidates.sort(AnchorCandidate::byHash);
    List<AnchorCandidate> firsts = new ArrayList<>(candidates.size());
    Hash32 previous = null;
    for (AnchorCandidate candidate : candidates) {
      if (candidate.recordHash().equals(previous)) {
        // a later entry of this block or a later block of the run: the first wins
        anchoredElsewhere.get(candidate.block()).add(candidate.recordHash());
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
        anchoredElsewhere.get(candidate.block()).add(candidate.recordHash()); // anchored before the run
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
