package io.cairn.replication.node;

import io.cairn.chain.api.AnchorEntry;
import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.Genesis;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.InclusionProof;
import io.cairn.chain.api.KeyFiles;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.LedgerOptions;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.api.RecordSource;
import io.cairn.chain.api.RecordStore;
import io.cairn.chain.api.Role;
import io.cairn.chain.api.ConsensusOutcome;
import io.cairn.chain.api.VerificationRequest;
import io.cairn.chain.api.StateRecord;
import io.cairn.chain.api.StateTransaction;
import io.cairn.chain.api.StoredRecord;
import io.cairn.chain.api.Transaction;
import io.cairn.chain.api.Verdict;
import io.cairn.common.CairnIoException;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.api.KraftConfig;
import io.cairn.kraft.api.RawKraft;
import io.cairn.replication.api.NodeConfig;
import io.cairn.replication.api.NodeOptions;
import io.cairn.replication.api.NodeStatus;
import io.cairn.replication.api.TransactionReceipt;
import io.cairn.replication.api.VerificationRecord;
import io.cairn.replication.api.VerificationResult;
import io.cairn.replication.ledger.LedgerMachine;
import io.cairn.replication.log.EngineLogStorage;
import io.cairn.replication.transport.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The running node behind {@link io.cairn.replication.api.LedgerNode}: it opens the databases
 * ({@link NodeStores}), bootstraps a founding member's log, wires the ledger machine, the KRaft
 * node, the transport ({@link NodeNetwork}) and the driver thread, and serves the API calls.
 *
 * <p>Thread-safety: every public method may be called from any thread.
 */
public final class NodeRuntime {
  private final NodeConfig config;
  private final Identity identity;
  private final NodeStores stores;
  private final RecordStore records;
  private final Map<String, RecordSource> sources;
  private final LedgerMachine machine;
  private final Driver driver;
  private final Thread driverThread;
  private final NodeNetwork network;
  private final ExecutorService workers;
  private Verifications verifications;
  private final AtomicLong requestIds = new AtomicLong(System.currentTimeMillis() * 1000);
  private AnchorBatcher batcher;
  private volatile boolean closed;

  private NodeRuntime(NodeConfig config, Identity identity, NodeStores stores, RecordStore records,
      Map<String, RecordSource> sources, LedgerMachine machine, Driver driver, NodeNetwork network,
      ExecutorService workers) {
    this.config = config;
    this.identity = identity;
    this.stores = stores;
    this.records = records;
    this.sources = sources;
    this.machine = machine;
    this.driver = driver;
    this.network = network;
    this.workers = workers;
    this.driverThread = Thread.ofPlatform().name("cairn-driver-" + config.nodeId()).daemon().unstarted(driver);
  }

  /** The store name of {@code member}'s off-chain records: what its anchors' read parameters name. */
  public static String storeName(MemberKey member) {
    return "cairn:" + member.hex();
  }

  /** Starts the node of {@code config} with {@code options}; see {@code LedgerNode.start}. */
  public static NodeRuntime start(NodeConfig config, NodeOptions options) {
    Identity identity = KeyFiles.read(config.nodeKey());
    if (!identity.key().equals(config.self().key())) {
      throw new InvalidArgumentException("node.key " + config.nodeKey() + " holds key " + identity.key().shortHex()
          + ", but member." + config.nodeId() + ".key is " + config.self().key().shortHex());
    }
    Genesis genesis = readGenesis(config);
    NodeStores stores = NodeStores.open(config);
    ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    try {
      EngineLogStorage storage = EngineLogStorage.open(stores.log());
      if (storage.lastIndex() == 0 && storage.snapshotMetadata().index() == 0) {
        ClusterBootstrap.write(storage, config, genesis);
      }
      RecordStore records = new RecordStore(storeName(identity.key()), stores.records(),
          io.cairn.lsm.api.WriteOptions.SYNC);
      NodeNetwork network = new NodeNetwork(config, identity, records, workers);
      Map<String, RecordSource> sources = new HashMap<>();
      sources.put(records.name(), records);
      for (NodeConfig.Member peer : config.peers()) {
        sources.put(storeName(peer.key()), RecordSources.remote(network.calls(), storeName(peer.key()), peer.id()));
      }
      // The log is the durable source: the ledger's writes are not synced one by one; after a
      // crash it replays from the log, or installs the stored snapshot when it fell behind it.
      LedgerOptions ledgerOptions = LedgerOptions.defaults().withSyncWrites(false)
          .withSources(sources.values().toArray(RecordSource[]::new)).withRegulator(genesis.regulator());
      LedgerMachine machine = new LedgerMachine(stores.ledger(), ledgerOptions, ClusterBootstrap.configuration(config));
      if (machine.appliedIndex() < storage.snapshotMetadata().index()) {
        machine.install(storage.snapshot());
      }
      long applied = Math.min(machine.appliedIndex(), storage.hardState().commit());
      KraftConfig kraft = KraftConfig.builder(ClusterBootstrap.nodeId(config.self())).mode(config.mode())
          .electionTicks(options.electionTicks()).heartbeatTicks(options.heartbeatTicks()).appliedIndex(applied).build();
      RawKraft raft = RawKraft.start(kraft, storage, new SplittableRandom(new SecureRandom().nextLong()));
      BlockCutter cutter = new BlockCutter(identity, System::currentTimeMillis);
      Submissions submissions = new Submissions(workers, options.writeTimeoutMillis() * 1_000_000L);
      Driver driver = new Driver(raft, storage, machine, cutter, submissions, network, options, config.nodeId());
      network.attach(driver);
      NodeRuntime runtime = new NodeRuntime(config, identity, stores, records, Map.copyOf(sources), machine, driver,
          network, workers);
      runtime.verifications = new Verifications(config, identity, machine::ledger, List.copyOf(sources.values()),
          network.calls());
      runtime.batcher = new AnchorBatcher(identity, records, runtime::submitChecked, runtime::firstNonce,
          "cairn-anchors-" + config.nodeId());
      network.start();
      runtime.driverThread.start();
      runtime.batcher.start();
      return runtime;
    } catch (RuntimeException e) {
      workers.shutdownNow();
      stores.close();
      throw e;
    }
  }

  private static Genesis readGenesis(NodeConfig config) {
    try {
      return Genesis.decode(Files.readAllBytes(config.genesis()));
    } catch (IOException e) {
      throw CairnIoException.wrap("read the genesis " + config.genesis(), e);
    } catch (CorruptionException e) {
      throw new InvalidArgumentException("genesis " + config.genesis() + " is not a genesis: " + e.getMessage(), e);
    }
  }

  /** The configuration. */
  public NodeConfig config() {
    return config;
  }

  /** This node's public key. */
  public MemberKey key() {
    return identity.key();
  }

  /** This node's ledger (replaced when a snapshot is installed: do not keep it). */
  public Ledger ledger() {
    return machine.ledger();
  }

  /** The transport (tests and status). */
  Transport transport() {
    return network.transport();
  }

  /** Stores {@code raws} and anchors them; see {@code LedgerNode.anchor}. */
  public CompletableFuture<List<AnchorReceipt>> anchor(List<byte[]> raws) {
    if (raws.isEmpty()) {
      return CompletableFuture.failedFuture(new InvalidArgumentException("nothing to anchor"));
    }
    return batcher.anchor(raws).thenApplyAsync(this::receipts, workers);
  }

  /** The receipts of committed records: where each one's first anchor is on this node's ledger. */
  private List<AnchorReceipt> receipts(AnchorBatcher.Committed committed) {
    Ledger ledger = machine.ledger();
    Map<Long, Hash32> blockHashes = new HashMap<>(committed.blockHashes());
    List<AnchorReceipt> receipts = new ArrayList<>(committed.records().size());
    for (StoredRecord record : committed.records()) {
      var position = ledger.anchorOf(record.key()).orElseThrow(() -> new IllegalStateException(
          "record " + record.key().shortHex() + " was committed but has no anchor"));
      // An earlier anchor of the same bytes wins: its block is read only then.
      Hash32 blockHash = blockHashes.computeIfAbsent(position.height(),
          height -> ledger.block(height).map(Block::hash).orElseThrow());
      receipts.add(new AnchorReceipt(record.key(), record.algorithm(), position, blockHash));
    }
    return receipts;
  }

  /** Publishes a state record signed by this node. */
  public CompletableFuture<StateRecord> publishState(String organization, byte[] state) {
    CompletableFuture<Transaction> signed = new CompletableFuture<>();
    return batcher.submit(nonce -> StateTransaction.sign(identity, nonce, organization, state), signed)
        .thenApply(receipt -> new StateRecord((StateTransaction) signed.join(), receipt.height(),
            receipt.transactionIndex()));
  }

  /** Submits a transaction signed by any admitted member. */
  public CompletableFuture<TransactionReceipt> submit(Transaction transaction) {
    if (!transaction.signatureValid()) {
      return CompletableFuture.failedFuture(new InvalidArgumentException(
          "transaction " + transaction.id().shortHex() + ": the signature does not verify"));
    }
    Ledger ledger = machine.ledger();
    if (!ledger.members().has(transaction.requester(), Role.SUBMIT)) {
      return CompletableFuture.failedFuture(new InvalidArgumentException(
          "requester " + transaction.requester().shortHex() + " is not admitted with the SUBMIT role"));
    }
    long next = ledger.nextNonce(transaction.requester());
    if (transaction.nonce() < next) {
      return CompletableFuture.failedFuture(new InvalidArgumentException("transaction " + transaction.id().shortHex()
          + " has nonce " + transaction.nonce() + ", the requester's next is " + next + " (a replay?)"));
    }
    return submitChecked(transaction);
  }

  private CompletableFuture<TransactionReceipt> submitChecked(Transaction transaction) {
    CompletableFuture<TransactionReceipt> future = new CompletableFuture<>();
    if (closed) {
      future.completeExceptionally(new io.cairn.common.ClosedException("the node is closed"));
      return future;
    }
    driver.execute(() -> driver.submit(transaction, future));
    return future;
  }

  /** The first nonce of this run: above the ledger's, and above any earlier run's (a clock in microseconds). */
  private long firstNonce() {
    return Math.max(machine.ledger().nextNonce(identity.key()), System.currentTimeMillis() * 1000);
  }

  /** A linearizable read point on this node; see {@code LedgerNode.readBarrier}. */
  public CompletableFuture<Void> readBarrier() {
    CompletableFuture<Void> future = new CompletableFuture<>();
    if (closed) {
      future.completeExceptionally(new io.cairn.common.ClosedException("the node is closed"));
      return future;
    }
    driver.execute(() -> driver.read(future));
    return future;
  }

  /** The raw record {@code key}, local or fetched from its owner. */
  public Optional<byte[]> readRecord(Hash32 key) {
    byte[] local = records.read(key);
    if (local != null) {
      return Optional.of(local);
    }
    Optional<InclusionProof> proof = machine.ledger().proof(key);
    if (proof.isEmpty()) {
      return Optional.empty();
    }
    AnchorEntry entry = proof.get().entry();
    RecordSource source = sources.get(entry.read().store());
    return source == null ? Optional.empty() : Optional.ofNullable(source.read(entry.read().key()));
  }

  /**
   * Verification between members: reads the record (locally or from its owner), signs a
   * verification request, collects every member's signed verdict, and anchors the outcome record.
   */
  public CompletableFuture<VerificationResult> requestVerification(Hash32 key) {
    return CompletableFuture.supplyAsync(() -> {
      InclusionProof proof = machine.ledger().proof(key).orElseThrow(() ->
          new InvalidArgumentException("record " + key.shortHex() + " is not anchored"));
      byte[] raw = readRecord(key).orElseThrow(() ->
          new InvalidArgumentException("record " + key.shortHex() + " cannot be read from its owner"));
      AnchorEntry entry = proof.entry();
      VerificationRequest request = VerificationRequest.sign(identity, requestIds.getAndIncrement(), entry.algorithm(), raw, entry.read());
      return new Round(request, verifications.run(request));
    }, workers).thenCompose(round -> {
      byte[] record = new VerificationRecord(round.request(), round.outcome().verdicts()).encode();
      return anchor(List.of(record)).thenApply(receipts ->
          new VerificationResult(round.request(), round.outcome(), receipts.getFirst()));
    });
  }

  private record Round(VerificationRequest request, ConsensusOutcome outcome) {}

  /** Reflection verification of {@code key} by this node. */
  public Verdict verify(Hash32 key) {
    return machine.ledger().verify(key);
  }

  /** This node's view of itself and the cluster. */
  public NodeStatus status() {
    return network.status(driver.status(), driver.match(), machine);
  }

  /** Stops the driver, the transport and the databases. Idempotent. */
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    batcher.close();
    driver.stop();
    try {
      driverThread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    network.close();
    machine.close();
    workers.shutdown();
    stores.close();
  }
}
