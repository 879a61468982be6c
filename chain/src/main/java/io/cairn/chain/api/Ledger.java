package io.cairn.chain.api;

import io.cairn.chain.codec.BlockFormat;
import io.cairn.chain.codec.LedgerEntryFormat;
import io.cairn.chain.codec.LimitExceededException;
import io.cairn.chain.codec.TransactionFormat;
import io.cairn.chain.store.ApplyBuffers;
import io.cairn.chain.store.BlockApplier;
import io.cairn.chain.contract.BlockExecutor;
import io.cairn.chain.contract.CodeBook;
import io.cairn.chain.contract.ContractStore;
import io.cairn.chain.contract.builtin.BuiltIns;
import io.cairn.chain.store.ChainIndexesFormat;
import io.cairn.chain.store.ContractApplier;
import io.cairn.chain.store.ChainIndexesFormat.LedgerState;
import io.cairn.chain.store.LedgerKeys;
import io.cairn.chain.store.LedgerReader;
import io.cairn.chain.store.TrustedChain;
import io.cairn.chain.store.Verifier;
import io.cairn.common.ClosedException;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.lsm.api.WriteOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ledger stored in a Cairn engine {@link Db}: the genesis, the regulator-admitted members, the
 * chain of blocks with their transactions, and the indexes (block by height, block by hash,
 * record hash to anchor position). Layout in {@code docs/formats/chain-indexes.md}.
 *
 * <p>State changes only by {@link #apply} of a {@link LedgerEntry}, one at a time, in order: the
 * entry is checked against the state (deterministically: no clock, no randomness), then written in
 * one atomic engine batch, or rejected with nothing written. So a replicated log can drive the
 * ledgers of many nodes to the same state ({@link #apply(long, byte[])} is the log-facing form).
 *
 * <p>Queries and {@link #verify} read the engine directly and may run on any number of threads,
 * concurrently with {@code apply}.
 *
 * <p>The ledger does not own the {@code Db}: closing the ledger leaves the database open.
 */
public final class Ledger implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
  /** Contract state values kept in memory (the hot state blocks execute against). */
  private static final int CONTRACT_CACHE_ENTRIES = 100_000;

  private final Db db;
  private final LedgerOptions options;
  private final WriteOptions writeOptions;
  private final LedgerReader reader;
  /** The record sources by store name; the verifier reads this live map ({@link #addSource}). */
  private final Map<String, RecordSource> sources = new java.util.concurrent.ConcurrentHashMap<>();
  private final Object applyLock = new Object();
  /** Most blocks {@link #proposed} and not yet applied that the ledger holds. */
  private static final int PROPOSED_BLOCKS_MAX = 64;
  /** Blocks this node proposed, by height, until their entries apply ({@link #proposed}). */
  private final Map<Long, Block> proposedBlocks = new java.util.concurrent.ConcurrentHashMap<>();
  /** The batch and value buffers each block's apply reuses (under {@link #applyLock}). */
  private final ApplyBuffers applyBuffers = new ApplyBuffers();
  private volatile Genesis genesis;
  private volatile MemberRegistry registry = MemberRegistry.empty();
  private volatile LedgerState state;
  private volatile TrustedChain chain;
  private volatile Verifier verifier;
  private final ContractApplier contracts;
  private volatile boolean closed;

  private Ledger(Db db, LedgerOptions options) {
    this.db = db;
    this.options = options;
    this.writeOptions = options.syncWrites() ? WriteOptions.SYNC : WriteOptions.DEFAULT;
    this.reader = new LedgerReader(db);
    CodeBook code = BuiltIns.codeBook();
    this.contracts = new ContractApplier(new ContractStore(db, writeOptions, CONTRACT_CACHE_ENTRIES),
        options.contractThreads() == 1 ? BlockExecutor.serial(code)
            : BlockExecutor.optimistic(code, options.contractThreads()));
    for (RecordSource source : options.sources()) {
      sources.put(source.name(), source);
    }
  }

  /**
   * Opens the ledger held in {@code db} (an empty database is an empty ledger awaiting its
   * genesis). Admissions whose bytes or regulator signature fail are left out of the registry and
   * logged; records anchored by such members then fail verification.
   *
   * @throws CorruptionException when the ledger's state record or genesis fails its checks
   * @throws InvalidArgumentException when {@code options.regulator()} is set and the stored
   *     genesis names another regulator
   */
  public static Ledger open(Db db, LedgerOptions options) {
    Ledger ledger = new Ledger(db, options);
    ledger.load();
    return ledger;
  }

  private void load() {
    byte[] stateBytes = db.get(LedgerKeys.state());
    byte[] genesisBytes = db.get(LedgerKeys.genesis());
    state = stateBytes == null
        ? new LedgerState(0, 0, Hash32.ZERO.bytes(), 0)
        : ChainIndexesFormat.decodeState(stateBytes);
    if (genesisBytes == null) {
      if (state.blockCount() > 0) {
        throw new CorruptionException("ledger has " + state.blockCount() + " blocks but no genesis");
      }
      return;
    }
    Genesis stored = Genesis.decode(genesisBytes);
    if (options.regulator() != null && !options.regulator().equals(stored.regulator())) {
      throw new InvalidArgumentException("this ledger's genesis names regulator " + stored.regulator().shortHex()
          + ", this node trusts " + options.regulator().shortHex());
    }
    MemberRegistry members = MemberRegistry.empty();
    try (var iterator = db.newIterator()) {
      for (iterator.seek(new byte[] {LedgerKeys.MEMBER}); iterator.isValid(); iterator.next()) {
        byte[] key = iterator.key();
        if (key[0] != LedgerKeys.MEMBER) {
          break;
        }
        members = withAdmission(members, iterator.value(), stored.regulator());
      }
    }
    registry = members;
    installGenesis(stored, state.blockCount(), state.headHash());
  }

  private static MemberRegistry withAdmission(MemberRegistry members, byte[] bytes, MemberKey regulator) {
    try {
      Admission admission = Admission.decode(bytes);
      if (!admission.member().usable()) {
        LOG.warn("ignoring the admission of {}: {}", admission.member(), admission.member().weakness());
        return members;
      }
      if (admission.signedBy(regulator)) {
        return members.with(admission);
      }
      LOG.warn("ignoring the admission of {}: its regulator signature does not verify", admission.member());
    } catch (CorruptionException e) {
      LOG.warn("ignoring a stored admission: {}", e.getMessage());
    }
    return members;
  }

  private void installGenesis(Genesis value, long blockCount, byte[] headHash) {
    TrustedChain trusted = new TrustedChain(value.hash().bytes(), blockCount, headHash);
    chain = trusted;
    verifier = new Verifier(() -> registry, java.util.Collections.unmodifiableMap(sources), trusted, reader);
    genesis = value;
  }

  /**
   * Applies {@code entry} as the next log entry.
   *
   * @throws RejectedException naming the broken rule; the ledger is unchanged
   * @throws ClosedException after {@link #close()}
   */
  public void apply(LedgerEntry entry) {
    apply(entry, () -> {});
  }

  /**
   * {@link #apply(LedgerEntry)} that runs {@code beforeWrite} between checking the entry (and
   * preparing its write) and writing it: the node waits there for its records to be durable, so
   * the checks overlap the records' write. When {@code beforeWrite} throws, nothing is written.
   * Returns the record hashes of a block's entries whose first anchor is elsewhere (see {@link
   * Prepared}), so the node can hand out receipts without reading back the index it just wrote.
   */
  Set<Hash32> apply(LedgerEntry entry, Runnable beforeWrite) {
    synchronized (applyLock) {
      checkOpen();
      Prepared prepared = prepare(entry, state.lastAppliedIndex() + 1);
      beforeWrite.run();
      write(prepared);
      return prepared.anchoredElsewhere;
    }
  }

  /**
   * Applies the log entry {@code bytes} at log index {@code logIndex}, for a replicated log: an
   * index at or below {@link #lastAppliedIndex()} is skipped (replay after a restart), a rejected
   * entry only advances the applied index, and no rejection throws.
   *
   * @throws InvalidArgumentException when {@code logIndex} leaves a gap after the applied index
   */
  public ApplyResult apply(long logIndex, byte[] bytes) {
    return apply(logIndex, bytes, null);
  }

  /**
   * {@link #apply(long, byte[])} of {@code bytes} that the caller holds decoded as {@code block}
   * (the leader that cut it): when {@code bytes} are that block's entry ({@link Block#isEntry}), the
   * ledger checks and writes the object instead of decoding the bytes again, with the same outcome
   * (every check is a function of the block's content); otherwise, or when {@code block} is null,
   * it decodes {@code bytes} (also looking among the blocks announced by {@link #proposed}).
   *
   * @throws InvalidArgumentException when {@code logIndex} leaves a gap after the applied index
   */
  public ApplyResult apply(long logIndex, byte[] bytes, Block block) {
    synchronized (applyLock) {
      checkOpen();
      long applied = state.lastAppliedIndex();
      if (logIndex <= applied) {
        return new ApplyResult(logIndex, ApplyResult.Outcome.SKIPPED, null, "already applied up to " + applied);
      }
      if (logIndex != applied + 1) {
        throw new InvalidArgumentException("log index " + logIndex + " leaves a gap after " + applied);
      }
      try {
        Block known = knownBlock(bytes, block, state.blockCount());
        Prepared prepared = prepare(known != null ? known : decodeEntry(bytes), logIndex);
        write(prepared);
        return new ApplyResult(logIndex, ApplyResult.Outcome.APPLIED, null, prepared.description,
            prepared.anchoredElsewhere);
      } catch (RejectedException rejected) {
        return rejected(logIndex, rejected);
      }
    }
  }

  /**
   * Applies the log entries {@code entries} at log indexes {@code firstIndex}, {@code firstIndex +
   * 1}, ... in order, for a replicated log that hands over several committed entries at once: the
   * results, and what the engine holds after them, are those of {@link #apply(long, byte[])} of
   * each entry in turn (blocks announced by {@link #proposed} are taken as there). Consecutive
   * blocks without contract transactions, with the rejected entries between them, are checked one
   * after the other against the state the earlier ones leave and written as one engine batch,
   * their anchor index rows in one sorted pass: the engine's memtable is walked once per run of
   * blocks instead of once per block (docs/replication.md, "session 14"). Their results are
   * returned once the run is written; a run is all or nothing in the engine, and an error while
   * writing it leaves the ledger as it was before the run (the entries are applied again from
   * the log).
   *
   * @throws InvalidArgumentException when an entry's index leaves a gap after the applied index
   */
  public List<ApplyResult> applyAll(long firstIndex, List<byte[]> entries) {
    synchronized (applyLock) {
      checkOpen();
      List<ApplyResult> results = new ArrayList<>(entries.size());
      Run run = null;
      long logIndex = firstIndex - 1;
      for (int i = 0; i < entries.size(); i++) {
        byte[] bytes = entries.get(i);
        logIndex++;
        LedgerState current = run == null ? state : run.state;
        long applied = current.lastAppliedIndex();
        if (logIndex <= applied) {
          results.add(new ApplyResult(logIndex, ApplyResult.Outcome.SKIPPED, null, "already applied up to " + applied));
          continue;
        }
        if (logIndex != applied + 1) {
          if (run != null) {
            run.write(results);
          }
          throw new InvalidArgumentException("log index " + logIndex + " leaves a gap after " + applied);
        }
        LedgerEntry entry;
        try {
          Block known = knownBlock(bytes, null, current.blockCount());
          entry = known != null ? known : decodeEntry(bytes);
        } catch (RejectedException rejected) {
          if (run == null) {
            run = new Run(entries, i);
          }
          run.reject(logIndex, rejected);
          continue;
        }
        if (entry instanceof Block block && (!BlockApplier.executesContracts(block) || genesis == null)) {
          if (run == null) {
            run = new Run(entries, i);
          }
          run.add(block, logIndex);
          continue;
        }
        if (run != null) {
          run.write(results);
          run = null;
        }
        results.add(applyChecked(logIndex, entry));
      }
      if (run != null) {
        run.write(results);
      }
      return results;
    }
  }

  /** {@link #apply(long, byte[], Block)} of the decoded {@code entry}, the next one (under the lock). */
  private ApplyResult applyChecked(long logIndex, LedgerEntry entry) {
    try {
      Prepared prepared = prepare(entry, logIndex);
      write(prepared);
      return new ApplyResult(logIndex, ApplyResult.Outcome.APPLIED, null, prepared.description,
          prepared.anchoredElsewhere);
    } catch (RejectedException rejected) {
      return rejected(logIndex, rejected);
    }
  }

  /** Records entry {@code logIndex} as rejected: only the applied index moves. */
  private ApplyResult rejected(long logIndex, RejectedException rejected) {
    LedgerState next = new LedgerState(logIndex, state.blockCount(), state.headHash(), state.headTimestampMillis());
    db.put(LedgerKeys.state(), ChainIndexesFormat.encodeState(next), writeOptions);
    state = next;
    return new ApplyResult(logIndex, ApplyResult.Outcome.REJECTED, rejected.reason(), rejected.getMessage());
  }

  /**
   * A run of consecutive entries of {@link #applyAll}: blocks without contract transactions and
   * rejected entries, checked against {@link #state} (the ledger's state after the run so far)
   * and written as one batch by {@link #write}. Under the apply lock.
   */
  private final class Run {
    private final BlockApplier applier;
    private LedgerState state;
    /** Per entry of the run, in order: its result, with the anchored-elsewhere hashes still to come for a block. */
    private final List<ApplyResult> results = new ArrayList<>();
    /** The accepted blocks, in order, with what their check made of them. */
    private final List<Block> blocks = new ArrayList<>();
    private final List<BlockApplier.Added> added = new ArrayList<>();

    /** A run starting at {@code entries.get(from)}, sized for the entries from there on. */
    Run(List<byte[]> entries, int from) {
      long bytes = 4096;
      for (int i = from; i < entries.size(); i++) {
        bytes += 4L * entries.get(i).length;
      }
      this.applier = new BlockApplier(db, contracts, applyBuffers, (int) Math.min(bytes, 64 << 20));
      this.state = Ledger.this.state;
    }

    void add(Block block, long logIndex) {
      try {
        if (genesis == null) {
          throw new RejectedException(Rejection.NOT_INITIALIZED, "this ledger has no genesis yet");
        }
        BlockApplier.Added checked = applier.add(block, logIndex, registry, state);
        blocks.add(block);
        added.add(checked);
        state = checked.state();
        results.add(new ApplyResult(logIndex, ApplyResult.Outcome.APPLIED, null, block.toString()));
      } catch (RejectedException rejected) {
        reject(logIndex, rejected);
      }
    }

    void reject(long logIndex, RejectedException rejected) {
      state = new LedgerState(logIndex, state.blockCount(), state.headHash(), state.headTimestampMillis());
      results.add(new ApplyResult(logIndex, ApplyResult.Outcome.REJECTED, rejected.reason(), rejected.getMessage()));
    }

    /** Writes the run, publishes its blocks and appends its results to {@code to}. */
    void write(List<ApplyResult> to) {
      BlockApplier.Result result = applier.finish(state);
      try {
        db.write(result.batch(), writeOptions);
      } catch (RuntimeException e) {
        contracts.forget();
        throw e;
      }
      for (int b = 0; b < blocks.size(); b++) {
        publish(blocks.get(b), added.get(b));
      }
      Ledger.this.state = state;
      int b = 0;
      for (ApplyResult applied : results) {
        to.add(applied.outcome() != ApplyResult.Outcome.APPLIED ? applied : new ApplyResult(applied.logIndex(),
            applied.outcome(), null, applied.detail(), result.anchoredElsewhere().get(b++)));
      }
    }
  }

  /**
   * Announces {@code block}, which this node proposed to the log: when its entry comes to {@link
   * #apply(long, byte[])}, the ledger takes this object instead of decoding the entry (and its
   * transactions' signature verdicts, checked when they arrived, with it). Blocks at heights the
   * ledger has passed are forgotten; at most {@value #PROPOSED_BLOCKS_MAX} are held.
   */
  public void proposed(Block block) {
    if (proposedBlocks.size() < PROPOSED_BLOCKS_MAX) {
      proposedBlocks.put(block.height(), block);
    }
  }

  /**
   * The block {@code bytes} carry without decoding them: {@code given} or the announced block at
   * height {@code next} (the ledger's next) when the bytes are its entry and would decode as they are; else null.
   */
  private Block knownBlock(byte[] bytes, Block given, long next) {
    Block candidate = given;
    if (candidate == null) {
      if (proposedBlocks.isEmpty()) {
        return null;
      }
      proposedBlocks.keySet().removeIf(height -> height < next);
      candidate = proposedBlocks.remove(next);
    }
    if (candidate == null || bytes.length > LedgerEntryFormat.PREFIX_BYTES + BlockFormat.BLOCK_BYTES_MAX
        || !candidate.isEntry(bytes)) {
      return null;
    }
    for (Transaction transaction : candidate.transactions()) {
      if (transaction.encodedBytes() > TransactionFormat.TRANSACTION_BYTES_MAX) {
        return null; // decoding rejects it: let it
      }
    }
    assert java.util.Arrays.equals(LedgerEntry.encode(candidate), bytes) : "entry is not the block " + candidate;
    return candidate;
  }

  private void write(Prepared prepared) {
    try {
      db.write(prepared.batch, writeOptions);
    } catch (RuntimeException e) {
      contracts.forget(); // whether the block's contract state is in the engine is unknown
      throw e;
    }
    prepared.publish.run();
  }

  private static LedgerEntry decodeEntry(byte[] bytes) {
    if (bytes.length > io.cairn.chain.codec.BlockFormat.BLOCK_BYTES_MAX + 64) {
      throw new RejectedException(Rejection.OVERSIZED, "entry of " + bytes.length + " bytes exceeds the limit");
    }
    try {
      return LedgerEntry.decode(bytes);
    } catch (LimitExceededException e) {
      throw new RejectedException(Rejection.OVERSIZED, e.getMessage(), e);
    } catch (CorruptionException e) {
      throw new RejectedException(Rejection.MALFORMED, e.getMessage(), e);
    }
  }

  /**
   * An entry's checked write, what to publish once it is written, and, for a block, the record
   * hashes among its entries whose first anchor is elsewhere (an earlier block, or an earlier entry
   * of this block): every other entry is its record's anchor.
   */
  private record Prepared(WriteBatch batch, Runnable publish, String description, Set<Hash32> anchoredElsewhere) {
    Prepared(WriteBatch batch, Runnable publish, String description) {
      this(batch, publish, description, Set.of());
    }
  }

  private Prepared prepare(LedgerEntry entry, long logIndex) {
    return switch (entry) {
      case Genesis value -> prepareGenesis(value, logIndex);
      case Admission admission -> prepareAdmission(admission, logIndex);
      case Block block -> prepareBlock(block, logIndex);
    };
  }

  private Prepared prepareGenesis(Genesis value, long logIndex) {
    if (genesis != null) {
      throw new RejectedException(Rejection.ALREADY_INITIALIZED, "this ledger already has a genesis");
    }
    if (options.regulator() != null && !options.regulator().equals(value.regulator())) {
      throw new RejectedException(Rejection.NOT_PERMITTED, "the genesis names regulator "
          + value.regulator().shortHex() + ", this node trusts " + options.regulator().shortHex());
    }
    if (!value.regulator().usable()) {
      throw new RejectedException(Rejection.BAD_KEY, "the genesis names regulator "
          + value.regulator().shortHex() + ", which cannot sign: " + value.regulator().weakness());
    }
    LedgerState next = new LedgerState(logIndex, 0, value.hash().bytes(), value.timestampMillis());
    WriteBatch batch = new WriteBatch()
        .put(LedgerKeys.genesis(), value.encode())
        .put(LedgerKeys.state(), ChainIndexesFormat.encodeState(next));
    return new Prepared(batch, () -> {
      installGenesis(value, 0, value.hash().bytes());
      state = next;
    }, value.toString());
  }

  private Prepared prepareAdmission(Admission admission, long logIndex) {
    Genesis current = requireGenesis();
    if (!admission.signedBy(current.regulator())) {
      throw new RejectedException(Rejection.BAD_SIGNATURE, "the admission of " + admission.member().shortHex()
          + " is not signed by the regulator " + current.regulator().shortHex());
    }
    MemberKey member = admission.member();
    if (!member.usable()) {
      throw new RejectedException(Rejection.BAD_KEY, "the admission of " + member.shortHex()
          + " admits a key that cannot sign: " + member.weakness());
    }
    LedgerState next = new LedgerState(logIndex, state.blockCount(), state.headHash(), state.headTimestampMillis());
    WriteBatch batch = new WriteBatch()
        .put(LedgerKeys.member(admission.member()), admission.encode())
        .put(LedgerKeys.state(), ChainIndexesFormat.encodeState(next));
    return new Prepared(batch, () -> {
      registry = registry.with(admission);
      state = next;
    }, admission.toString());
  }

  private Prepared prepareBlock(Block block, long logIndex) {
    requireGenesis();
    BlockApplier applier = new BlockApplier(db, contracts, applyBuffers, BlockApplier.expectedWriteBytes(block));
    BlockApplier.Added added = applier.add(block, logIndex, registry, state);
    BlockApplier.Result result = applier.finish(added.state());
    assert applier.withinExpectedBytes() : "block " + block.height() + " outgrew its batch's size";
    return new Prepared(result.batch(), () -> publish(block, added), block.toString(),
        result.anchoredElsewhere().getFirst());
  }

  /** Publishes {@code block}, whose write (checked as {@code added}) is in the engine. */
  private void publish(Block block, BlockApplier.Added added) {
    contracts.committed(added.contracts());
    chain.appended(block.height(), block.hash().bytes(), block.header().previousHash().bytes());
    state = added.state();
  }

  private Genesis requireGenesis() {
    Genesis current = genesis;
    if (current == null) {
      throw new RejectedException(Rejection.NOT_INITIALIZED, "this ledger has no genesis yet");
    }
    return current;
  }

  /** The genesis, once applied. */
  public Optional<Genesis> genesis() {
    return Optional.ofNullable(genesis);
  }

  /** The current member registry. */
  public MemberRegistry members() {
    return registry;
  }

  /** Index of the last log entry applied (or rejected), 0 for none. */
  public long lastAppliedIndex() {
    return state.lastAppliedIndex();
  }

  /** Number of blocks: the next block's height. */
  public long blockCount() {
    return state.blockCount();
  }

  /** The hash the next block must name as its previous hash (the genesis hash before block 0). */
  public Hash32 headHash() {
    return Hash32.of(state.headHash());
  }

  /** The timestamp the next block must not go below. */
  public long headTimestampMillis() {
    return state.headTimestampMillis();
  }

  /** The header of the last block, if any. */
  public Optional<BlockHeader> head() {
    long count = state.blockCount();
    return count == 0 ? Optional.empty() : Optional.ofNullable(reader.header(count - 1));
  }

  /**
   * Block {@code height}, reassembled from the engine and checked against its header's Merkle
   * root.
   *
   * @throws CorruptionException when its stored pieces fail their checks
   */
  public Optional<Block> block(long height) {
    checkOpen();
    return Optional.ofNullable(reader.block(height));
  }

  /**
   * The block with hash {@code hash}, through the block-by-hash index.
   *
   * @throws CorruptionException when the index points to a block with another hash
   */
  public Optional<Block> block(Hash32 hash) {
    checkOpen();
    Long height = reader.heightOf(hash);
    if (height == null) {
      return Optional.empty();
    }
    Block block = reader.block(height);
    if (block == null || !block.hash().equals(hash)) {
      throw new CorruptionException("the block-by-hash index maps " + hash.shortHex() + " to height " + height
          + ", which holds " + (block == null ? "no block" : "block " + block.hash().shortHex()));
    }
    return Optional.of(block);
  }

  /** Where {@code recordKey} is first anchored, from the record-hash index. */
  public Optional<AnchorPosition> anchorOf(Hash32 recordKey) {
    ChainIndexesFormat.Anchor anchor = reader.anchor(recordKey);
    if (anchor == null) {
      return Optional.empty();
    }
    ChainIndexesFormat.Position at = anchor.position();
    return Optional.of(new AnchorPosition(at.height(), at.transaction(), at.entry()));
  }

  /**
   * The inclusion proof of {@code recordKey}; empty when it is not anchored.
   *
   * @throws CorruptionException with the verdict's detail when the stored anchor is damaged
   */
  public Optional<InclusionProof> proof(Hash32 recordKey) {
    Verifier.Loaded loaded = requireVerifier().load(recordKey);
    if (loaded.proof() != null) {
      return Optional.of(loaded.proof());
    }
    if (loaded.failure().code() == VerdictCode.UNKNOWN_ANCHOR) {
      return Optional.empty();
    }
    throw new CorruptionException(loaded.failure().toString());
  }

  /**
   * Reflection verification of the record {@code recordKey}: the verdict names the first check
   * that failed, or says where it verified. Never throws for damaged ledger data: damage is a
   * verdict.
   */
  public Verdict verify(Hash32 recordKey) {
    checkOpen();
    Verifier current = verifier;
    if (current == null) {
      return new Verdict(recordKey, VerdictCode.UNKNOWN_ANCHOR, "the ledger has no genesis and no blocks", null);
    }
    return current.verify(recordKey);
  }

  /** The nonce {@code requester}'s next transaction should use. */
  public long nextNonce(MemberKey requester) {
    return reader.lastNonce(requester) + 1;
  }

  /** {@code organization}'s latest state record, if it has published one. */
  public Optional<StateRecord> latestState(String organization) {
    ChainIndexesFormat.Position at = reader.organizationState(organization);
    if (at == null) {
      return Optional.empty();
    }
    var piece = reader.transaction(at.height(), at.transaction());
    if (piece == null || !(Transaction.decode(piece.bytes()) instanceof StateTransaction transaction)) {
      throw new CorruptionException("the state index of " + organization + " points to " + at
          + ", which holds no state transaction");
    }
    return Optional.of(new StateRecord(transaction, at.height(), at.transaction()));
  }

  /**
   * The receipt of contract transaction {@code transactionId}: where it was applied and what its
   * call produced; empty when no applied block holds it.
   *
   * @throws CorruptionException when the stored receipt fails its checks
   */
  public Optional<ContractReceipt> receipt(Hash32 transactionId) {
    checkOpen();
    byte[] stored = db.get(LedgerKeys.receipt(transactionId));
    if (stored == null) {
      return Optional.empty();
    }
    var decoded = ChainIndexesFormat.decodeReceipt(stored, () -> "receipt of " + transactionId.shortHex());
    return Optional.of(new ContractReceipt(transactionId, decoded.height(), decoded.transaction(), decoded.receipt()));
  }

  /**
   * The value of {@code key} in contract {@code contract}'s namespace as of the last applied
   * block; empty when absent. The code name a contract runs is {@link #contractCode}.
   */
  public Optional<byte[]> contractValue(String contract, byte[] key) {
    checkOpen();
    return Optional.ofNullable(contracts.store().get(contract, key));
  }

  /** The code name contract {@code contract} runs; empty when it is not deployed. */
  public Optional<String> contractCode(String contract) {
    checkOpen();
    return Optional.ofNullable(contracts.store().codeOf(contract));
  }

  private Verifier requireVerifier() {
    checkOpen();
    Verifier current = verifier;
    if (current == null) {
      throw new InvalidArgumentException("the ledger has no genesis yet");
    }
    return current;
  }

  private void checkOpen() {
    if (closed) {
      throw new ClosedException("ledger is closed");
    }
  }

  /**
   * Adds {@code source} to the stores verification reads records back from, for a store that
   * became known after this ledger was opened (a member that joined a running cluster); a source
   * of the same name is replaced. Verifications from then on read through it.
   */
  public void addSource(RecordSource source) {
    sources.put(source.name(), java.util.Objects.requireNonNull(source, "source"));
  }

  /** Stops accepting calls; the {@code Db} stays open (its owner closes it). Idempotent. */
  @Override
  public void close() {
    closed = true;
    synchronized (applyLock) {
      contracts.close();
    }
  }
}
