package io.cairn.replication.node;

import io.cairn.chain.api.AnchorEntry;
import io.cairn.chain.api.AnchorPosition;
import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.Genesis;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.InclusionProof;
import io.cairn.chain.api.KeyFiles;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.LedgerOptions;
import io.cairn.chain.api.ContractReceipt;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.ContractTransaction;
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
import io.cairn.bft.api.AddReplica;
import io.cairn.bft.api.BftConfig;
import io.cairn.chain.api.LedgerEntry;
import io.cairn.kraft.api.AckPath;
import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.KraftConfig;
import io.cairn.kraft.api.RawKraft;
import io.cairn.replication.api.BftKeys;
import io.cairn.replication.api.BftRunner;
import io.cairn.replication.api.NodeChange;
import io.cairn.replication.api.NodeConfig;
import io.cairn.replication.api.NodeOptions;
import io.cairn.replication.dag.DagChain;
import io.cairn.replication.dag.DagGossip;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
  /**
   * Threads that execute a block's contract transactions (Block-STM above 1); the result equals
   * serial execution, so members may differ in it.
   */
  static final int CONTRACT_THREADS = Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 4);
  /**
   * Ledger snapshots go to a catching-up member in chunks of 1 MiB, eight in flight: a transfer is
   * not bound by one round trip per chunk, and 8 MiB stays well inside a peer link's backlog (32
   * MiB), so no chunk is dropped for want of room (the frame limit is 16 MiB; docs/replication.md).
   */
  static final int SNAPSHOT_CHUNK_BYTES = 1 << 20;
  static final int SNAPSHOT_CHUNKS_IN_FLIGHT = 8;
  /**
   * In KRaft mode, members of a cluster founded with at most this many nodes acknowledge appends
   * to the leader directly ({@link AckPath#DIRECT}) rather than through their group's relay: the
   * relay answers only once every member it fed did, so a relayed acknowledgement waits for the
   * slowest member's fsync plus two hops, where a direct one takes the first member to persist. It
   * costs the leader N-1 small incoming messages, negligible at this size (docs/replication.md).
   */
  static final int DIRECT_ACKS_MEMBERS_MAX = 9;

  private final NodeConfig config;
  private final Identity identity;
  private final NodeStores stores;
  private final RecordStore records;
  private final MemberRecordSources sources;
  private final LedgerMachine machine;
  /** The KRaft driver; null in a PBFT/SBFT cluster. */
  private final Driver driver;
  private final Thread driverThread;
  /** The BFT replica and its ledger application; null in a KRaft/Raft cluster. */
  private BftRunner bftRunner;
  private BftLedger bftLedger;
  private BftMembership bftMembership;
  private BftKeys.Ring bftKeys;
  private final NodeNetwork network;
  private final ExecutorService workers;
  private Verifications verifications;
  private final AtomicLong requestIds = new AtomicLong(System.currentTimeMillis() * 1000);
  private AnchorBatcher batcher;
  private volatile boolean closed;
  private volatile DagChain dag;

  private NodeRuntime(NodeConfig config, Identity identity, NodeStores stores, RecordStore records,
      MemberRecordSources sources, LedgerMachine machine, Driver driver, NodeNetwork network,
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
    this.driverThread = driver == null ? null
        : Thread.ofPlatform().name("cairn-driver-" + config.nodeId()).daemon().unstarted(driver);
  }

  /** The store name of {@code member}'s off-chain records: what its anchors' read parameters name. */
  public static String storeName(MemberKey member) {
    return "cairn:" + member.hex();
  }

  /**
   * Submits {@code change} to the node list; see {@code LedgerNode.changeNodes}. Checked here:
   * the cluster id and the regulator's signature.
   */
  public CompletableFuture<Void> changeNodes(NodeChange change) {
    if (!change.clusterId().equals(config.clusterId())) {
      return CompletableFuture.failedFuture(new InvalidArgumentException("the node change is for another cluster"));
    }
    MemberKey regulator = machine.ledger().genesis().map(Genesis::regulator).orElse(null);
    if (change.kind() == NodeChange.Kind.FOUNDER || regulator == null || !change.signedBy(regulator)) {
      return CompletableFuture.failedFuture(new InvalidArgumentException(
          "the node change is not signed by the regulator of this cluster's genesis"));
    }
    CompletableFuture<Void> future = new CompletableFuture<>();
    long deadline = System.nanoTime() + Membership.TIMEOUT_NANOS;
    if (bftRunner != null) {
      BftMembership membership = bftMembership;
      bftRunner.execute(() -> membership.changeNodes(change, future, deadline));
      return future;
    }
    driver.execute(() -> driver.changeNodes(change, future, deadline));
    return future;
  }

  /**
   * Submits a regulator-signed {@link AddReplica} to a PBFT/SBFT group ({@code docs/bft.md} §11);
   * completes once this member entered the configuration epoch that has the new replica. Checked
   * here: the admission signature (the core checks it again when it executes).
   */
  public CompletableFuture<Void> addReplica(AddReplica add) {
    if (bftRunner == null) {
      return CompletableFuture.failedFuture(new io.cairn.common.NotSupportedException(
          "this cluster runs KRaft/Raft: add nodes with a node change"));
    }
    if (!bftKeys.verifyAdmission(add.signedBytes(), add.signature())) {
      return CompletableFuture.failedFuture(new InvalidArgumentException(
          "the add-replica transaction is not signed by the regulator of this cluster's genesis"));
    }
    CompletableFuture<Void> future = new CompletableFuture<>();
    long deadline = System.nanoTime() + Membership.TIMEOUT_NANOS;
    BftMembership membership = bftMembership;
    bftRunner.execute(() -> membership.addReplica(add, future, deadline));
    return future;
  }

  /** The cluster's node list (ledger state), by ascending number. */
  public List<NodeChange> nodes() {
    return machine.nodes().nodes();
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
    if (config.byzantine()) {
      return startBft(config, options, identity, genesis, stores, workers);
    }
    try {
      EngineLogStorage storage = EngineLogStorage.open(stores.log(), config.dataDir().resolve("snapshots"));
      if (!config.join() && storage.lastIndex() == 0 && storage.snapshotMetadata().index() == 0) {
        ClusterBootstrap.write(storage, config, genesis);
      }
      RecordStore records = RecordStore.sequential(storeName(identity.key()), stores.records(),
          io.cairn.lsm.api.WriteOptions.SYNC);
      NodeNetwork network = new NodeNetwork(config, identity, records, workers);
      MemberRecordSources sources = new MemberRecordSources(network.calls(), records, config);
      // The log is the durable source: the ledger's writes are not synced one by one; after a
      // crash it replays from the log, or installs the stored snapshot when it fell behind it.
      LedgerOptions ledgerOptions = LedgerOptions.defaults().withSyncWrites(false)
          .withSources(sources.all().toArray(RecordSource[]::new)).withRegulator(genesis.regulator())
          .withContractThreads(CONTRACT_THREADS);
      LedgerMachine machine = new LedgerMachine(stores.ledger(), ledgerOptions,
          config.join() ? Configuration.EMPTY : ClusterBootstrap.configuration(config));
      if (machine.appliedIndex() < storage.snapshotMetadata().index()) {
        machine.install(storage.snapshot());
      }
      long applied = Math.min(machine.appliedIndex(), storage.hardState().commit());
      KraftConfig kraft = KraftConfig.builder(ClusterBootstrap.nodeId(config.self())).mode(config.mode())
          .electionTicks(options.electionTicks()).heartbeatTicks(options.heartbeatTicks()).appliedIndex(applied)
          .snapshotChunkBytes(SNAPSHOT_CHUNK_BYTES).snapshotChunksInFlight(SnapshotPace.chunksInFlight(SNAPSHOT_CHUNKS_IN_FLIGHT))
          .snapshotSentOutside(true) // the driver's SnapshotSender streams the chunks (and keeps the pace)
          .leaderMatchAtPersist(Driver.SYNC_BESIDE) // the driver's LogSyncer reports the leader's durable log
          .ackPath(config.members().size() <= DIRECT_ACKS_MEMBERS_MAX ? AckPath.DIRECT : AckPath.VIA_RELAY).build();
      RawKraft raft = RawKraft.start(kraft, storage, new SplittableRandom(new SecureRandom().nextLong()));
      BlockCutter cutter = new BlockCutter(identity, System::currentTimeMillis);
      Submissions submissions = new Submissions(workers, options.writeTimeoutMillis() * 1_000_000L);
      Membership membership = new Membership(raft, machine, network, sources);
      Driver driver = new Driver(raft, storage, machine, cutter, submissions, network, membership, options,
          config.nodeId());
      network.attach(driver);
      NodeRuntime runtime = new NodeRuntime(config, identity, stores, records, sources, machine, driver,
          network, workers);
      runtime.verifications = new Verifications(config, identity, machine::ledger, sources::all,
          () -> machine.nodes().nodes(), network.calls());
      runtime.batcher = new AnchorBatcher(identity, records, runtime::submitChecked, runtime::firstNonce,
          "cairn-anchors-" + config.nodeId(), driver.trace());
      driver.trace().watch("ledger", stores.ledger());
      driver.trace().watch("log", stores.log());
      driver.trace().watch("records", stores.records());
      network.start();
      runtime.driverThread.start();
      runtime.batcher.start();
      BackgroundNice.startOnce(); // session 19: the engines' background threads at a lower CPU priority
      return runtime;
    } catch (RuntimeException e) {
      workers.shutdownNow();
      stores.close();
      throw e;
    }
  }

  /**
   * A PBFT/SBFT member ({@code docs/bft.md} §9): no KRaft log; the ledger is the BFT group's state
   * machine, bootstrapped with the same genesis and admissions, written synced (there is no log
   * to replay it from).
   */
  private static NodeRuntime startBft(NodeConfig config, NodeOptions options, Identity identity, Genesis genesis,
      NodeStores stores, ExecutorService workers) {
    try {
      RecordStore records = RecordStore.sequential(storeName(identity.key()), stores.records(),
          io.cairn.lsm.api.WriteOptions.SYNC);
      NodeNetwork network = new NodeNetwork(config, identity, records, workers);
      MemberRecordSources sources = new MemberRecordSources(network.calls(), records, config);
      LedgerOptions ledgerOptions = LedgerOptions.defaults().withSyncWrites(true)
          .withSources(sources.all().toArray(RecordSource[]::new)).withRegulator(genesis.regulator());
      // A joiner (cluster add-node) lists the founding members and itself last (docs/bft.md §11).
      List<NodeConfig.Member> founders = config.join() ? config.peers() : config.members();
      LedgerMachine machine = new LedgerMachine(stores.ledger(), ledgerOptions,
          ClusterBootstrap.configuration(founders));
      if (machine.appliedIndex() == 0) {
        ClusterBootstrap.entries(config.clusterId(), founders, genesis).forEach(machine::apply);
        if (config.join() && config.self().admission() != null) {
          machine.apply(machine.appliedIndex() + 1, LedgerEntry.encode(config.self().admission()));
        }
      }
      int replica = network.replicaOf(config.nodeId());
      BftLedger ledger = new BftLedger(machine, new BlockCutter(identity, System::currentTimeMillis),
          new Submissions(workers, options.writeTimeoutMillis() * 1_000_000L), network, stores.log(), replica,
          config.nodeId());
      BftKeys.Ring keys = BftKeys.ring(BftKeys.replicas(config), genesis.regulator());
      BftConfig group = BftRunner.networkConfig(config.consensus(), founders.size());
      BftRunner runner = config.join()
          ? BftRunner.join(group, replica, BftKeys.signer(identity), keys, network.bftLink(), ledger,
              options.tickMillis(), "cairn-bft-" + config.nodeId())
          : BftRunner.create(group, replica, BftKeys.signer(identity), keys, network.bftLink(), ledger,
              options.tickMillis(), "cairn-bft-" + config.nodeId());
      BftMembership membership = new BftMembership(machine, network, keys, config.nodeId());
      membership.attach(runner);
      ledger.attach(runner, new BftLedgerSync(network.calls(), workers, network::peerIds, runner.config().f()),
          membership);
      BftLedgerSync.serve(network.calls(), machine::ledger, ledger::decidedSeq);
      network.attach(ledger, runner);
      NodeRuntime runtime = new NodeRuntime(config, identity, stores, records, sources, machine, null,
          network, workers);
      runtime.bftRunner = runner;
      runtime.bftLedger = ledger;
      runtime.bftMembership = membership;
      runtime.bftKeys = keys;
      runtime.verifications = new Verifications(config, identity, machine::ledger, sources::all,
          () -> machine.nodes().nodes(), network.calls());
      runtime.batcher = new AnchorBatcher(identity, records, runtime::submitChecked, runtime::firstNonce,
          "cairn-anchors-" + config.nodeId());
      network.start();
      runner.start();
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

  /**
   * The receipts of committed records: where each one's first anchor is on this node's ledger.
   * A record is its own transaction's entry unless its block named its hash as anchored elsewhere
   * (or did not say): only then is the anchor index read.
   */
  private List<AnchorReceipt> receipts(AnchorBatcher.Committed committed) {
    Ledger ledger = machine.ledger();
    List<AnchorReceipt> receipts = new ArrayList<>(committed.records().size());
    for (int i = 0; i < committed.records().size(); i++) {
      StoredRecord record = committed.records().get(i);
      TransactionReceipt transaction = committed.transactionOf(i);
      Set<Hash32> elsewhere = transaction.anchoredElsewhere();
      if (elsewhere != null && !elsewhere.contains(record.key())) {
        receipts.add(new AnchorReceipt(record.key(), record.algorithm(), new AnchorPosition(transaction.height(),
            transaction.transactionIndex(), committed.entryOf(i)), transaction.blockHash()));
        continue;
      }
      var position = ledger.anchorOf(record.key()).orElseThrow(() -> new IllegalStateException(
          "record " + record.key().shortHex() + " was committed but has no anchor"));
      // An earlier anchor of the same bytes wins: its block is read only then.
      Hash32 blockHash = position.height() == transaction.height() ? transaction.blockHash()
          : ledger.block(position.height()).map(Block::hash).orElseThrow();
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

  /** Signs {@code call} (whose caller must be this node's key) and submits it; see {@code LedgerNode.execute}. */
  public CompletableFuture<ContractReceipt> execute(ContractCall call) {
    CompletableFuture<Transaction> signed = new CompletableFuture<>();
    return batcher.submit(nonce -> ContractTransaction.sign(identity, nonce, call), signed)
        .thenApply(receipt -> {
          Hash32 id = signed.join().id();
          return machine.ledger().receipt(id).orElseThrow(() -> new IllegalStateException(
              "contract transaction " + id.shortHex() + " was applied but has no receipt"));
        });
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
    return submitChecked(transaction, null);
  }

  /**
   * Submits a transaction whose checks were made; {@code committed} (may be null) is completed
   * when the transaction is known committed ahead of its apply (a KRaft leader's own proposals;
   * the {@link AnchorBatcher} completes it with the receipt otherwise).
   */
  private CompletableFuture<TransactionReceipt> submitChecked(Transaction transaction, CompletableFuture<Void> committed) {
    CompletableFuture<TransactionReceipt> future = new CompletableFuture<>();
    if (closed) {
      future.completeExceptionally(new io.cairn.common.ClosedException("the node is closed"));
      return future;
    }
    if (bftRunner != null) {
      BftLedger ledger = bftLedger;
      bftRunner.execute(() -> ledger.submit(transaction, future));
    } else {
      driver.execute(() -> driver.submit(transaction, future, committed));
    }
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

  /**
   * Starts this member's DAG chain (gossip over this node's transport, checkpoints into its
   * ledger); see {@code LedgerNode.startDag}. Once per node.
   */
  public synchronized DagChain startDag(DagGossip.Options options, int confirmDepth) {
    if (dag != null || closed) {
      throw new InvalidArgumentException(closed ? "the node is closed" : "the dag chain is already running");
    }
    List<Integer> ids = config.members().stream().map(NodeConfig.Member::id).toList();
    DagGossip gossip = new DagGossip(config.nodeId(), ids, DagGossip.genesis(), network.dagNetwork(), options);
    network.attachDag(gossip::received);
    dag = new DagChain(gossip, new DagChain.Consortium() {
      @Override
      public Ledger ledger() {
        return machine.ledger();
      }

      @Override
      public boolean leads() {
        return !closed && "leader".equals(status().role());
      }

      @Override
      public CompletableFuture<List<AnchorReceipt>> anchor(List<byte[]> raws) {
        return NodeRuntime.this.anchor(raws);
      }

      @Override
      public Verdict verify(Hash32 key) {
        return NodeRuntime.this.verify(key);
      }
    }, records, confirmDepth);
    return dag;
  }

  /** The DAG chain, once {@link #startDag} ran. */
  public Optional<DagChain> dag() {
    return Optional.ofNullable(dag);
  }

  /** This node's view of itself and the cluster. */
  public NodeStatus status() {
    if (bftRunner != null) {
      return network.bftStatus(bftRunner.status(), machine);
    }
    SnapshotIntake.Received received = driver.snapshotReceived();
    return network.status(driver.status(), driver.match(), machine)
        .withSnapshotReceived(received.bytes(), received.millis())
        .withSnapshotTimelines(driver.snapshotReceivedSteps(), driver.snapshotSender().sent());
  }

  /** The KRaft candidate layer and relay groups this node runs on (see {@code LedgerNode.kraftView}). */
  public io.cairn.replication.api.KraftView kraftView() {
    return TopologyView.of(config.mode(), driver.detail(), network::memberOf);
  }

  /** The counters of this node's engine databases (see {@code LedgerNode.storeStats}). */
  public List<io.cairn.replication.api.StoreStats> storeStats() {
    return stores.stats(config);
  }

  /** Stops the driver, the transport and the databases. Idempotent. */
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    batcher.close();
    if (dag != null) {
      dag.close();
    }
    if (bftRunner != null) {
      bftRunner.close();
      bftLedger.closeAll();
    } else {
      driver.stop();
      try {
        driverThread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    network.close();
    machine.close();
    workers.shutdown();
    stores.close();
  }
}
