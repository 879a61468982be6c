package io.cairn.consortium;

import io.cairn.bft.api.BftReplica;
import io.cairn.chain.api.Identity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * One headquarters (HQ) node of the consortium chain as a pure state machine driven by messages and
 * a clock (in the style of {@code BftReplica}): {@link #upload} for enterprises, {@link #step} for
 * messages from other HQ nodes, {@link #tick} with the driver's time, {@link #drainOutbox} for what
 * to send. It owns its record pool, its registry of admissions, its copy of the chain and its
 * Byzantine replica, which orders commits and admissions. See docs/consortium.md for the workflow.
 *
 * <p>Thread-safety: {@link #upload} may be called from any thread (the pool is thread-safe);
 * everything else from one driver thread.
 */
public final class HqNode {
  private final ConsortiumSettings settings;
  private final int number;
  private final Identity identity;
  private final AdmissionRegistry registry;
  private final ConsortiumStore store;
  private final RecordPool pool;
  private final ConsortiumLedger ledger = new ConsortiumLedger();
  private final BlockChecks checks;
  private final BftReplica replica;
  private final Ordering ordering;
  private final List<HqMessage> outbox = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private final TreeSet<StateUpload> pending = new TreeSet<>(StateUpload.ORDER);
  private final Map<Long, Map<Integer, DataSet>> collecting = new TreeMap<>();
  private final Map<Long, Long> collectDeadline = new TreeMap<>();
  private final Map<String, ConsortiumBlock> blocks = new HashMap<>();
  private final Map<String, SlaveRound> slaveRounds = new HashMap<>();
  private final Map<String, List<VerificationResult>> earlyResults = new HashMap<>();
  /** Blocks this node checked and found valid, with the chain height they were checked at. */
  private final Map<String, Long> checkedValid = new HashMap<>();
  private LeaderRound leaderRound;
  private List<Evidence> dataSetEvidence = List.of();
  private final RecordAudit audit;
  private final CatchUp catchUp;
  private long period = -1;
  private long lastTickMillis = -1;

  /** A node in memory whose audit of committed records runs inline, on the driver's thread (deterministic: the simulation). */
  public HqNode(ConsortiumSettings settings, int number, Identity identity, X25519Key key, RandomGenerator random) {
    this(settings, number, identity, key, random, Runnable::run, null);
  }

  /**
   * A node whose audit of committed records' signatures runs on {@code auditor} (a pool: off the
   * commit path), keeping its chain, admissions and pool in {@code store} (null: in memory only);
   * when the store holds a previous run's state the node starts from it.
   */
  public HqNode(ConsortiumSettings settings, int number, Identity identity, X25519Key key, RandomGenerator random,
      java.util.concurrent.Executor auditor, ConsortiumStore store) {
    if (!settings.hqs().get(number).signingKey().equals(identity.key())) {
      throw new io.cairn.common.InvalidArgumentException("hq " + number + "'s identity is not the one the settings name");
    }
    this.settings = settings;
    this.number = number;
    this.identity = identity;
    this.registry = new AdmissionRegistry(settings.regulator());
    this.store = store;
    this.pool = new RecordPool(number, key, registry, store == null ? record -> { } : store::pooled);
    this.checks = new BlockChecks(settings.hqs(), registry, settings.bookkeeping(), settings.difficulty(),
        ledger::forger);
    this.replica = BftReplica.start(settings.bftConfig(), number, HqKeys.signer(identity), new HqKeys(settings.hqs()),
        random);
    // The core executes a client's request only above its last executed timestamp: a node on a store
    // (a process that restarts) numbers its requests from the clock (microseconds), not from 1.
    this.ordering = new Ordering(this, store == null ? 0 : System.currentTimeMillis() * 1000);
    this.audit = new RecordAudit(number, auditor);
    this.catchUp = new CatchUp(settings.n());
    if (store != null) {
      store.restore(registry, ledger, pool, events, number);
    }
  }

  /** Applies (and stores) the regulator's certificate; null when admitted, else why not. */
  String admit(EnterpriseCertificate certificate) {
    store(certificate.encode());
    return registry.admit(certificate);
  }

  /** Applies (and stores) the regulator's revocation; null when revoked, else why not. */
  String revoke(Revocation revocation) {
    store(revocation.encode());
    return registry.revoke(revocation);
  }

  private void store(byte[] admission) {
    if (store != null) {
      store.admission(admission);
    }
  }

  /** An enterprise's sealed upload; answered at once. Thread-safe. */
  public Receipt upload(byte[] envelope) {
    return pool.accept(envelope);
  }

  /** Submits the regulator's certificate or revocation (encoded) to be ordered and applied by every HQ node. */
  public void submitAdmission(byte[] certificateOrRevocation) {
    ordering.submit(Ordering.ADMISSION_CLIENT_BASE + number, certificateOrRevocation);
  }

  /** A message from another HQ node. */
  public void step(HqMessage message, long nowMillis) {
    switch (message.body()) {
      case HqMessage.DataSetBody(DataSet dataSet) -> onDataSet(dataSet, message.from());
      case HqMessage.Proposal(ConsortiumBlock block) -> onProposal(block, message.from(), nowMillis);
      case HqMessage.Result(VerificationResult result) -> onResult(result);
      case HqMessage.Reply(VerificationReply reply) -> onReply(reply, message.from());
      case HqMessage.Fetch(byte[] hash) -> {
        ConsortiumBlock block = blocks.get(key(hash));
        if (block != null) {
          send(message.from(), new HqMessage.Proposal(block));
        }
      }
      case HqMessage.Bft(io.cairn.bft.api.BftMessage bft) -> ordering.step(bft);
      case HqMessage.SyncRequest(long fromHeight) -> send(message.from(), CatchUp.answer(ledger, fromHeight));
      case HqMessage.SyncAnswer answer -> onSyncAnswer(message.from(), answer);
    }
    advance(nowMillis);
  }

  /** The driver's clock: periods end, waits time out, the Byzantine replica ticks (every {@code bftTickMillis}). */
  public void tick(long nowMillis) {
    if (period < 0) {
      period = nowMillis / settings.periodMillis();
    }
    while (nowMillis >= (period + 1) * settings.periodMillis()) {
      closePeriod(period, nowMillis);
      period++;
    }
    if (lastTickMillis < 0) {
      lastTickMillis = nowMillis;
    }
    long tick = settings.bftTickMillis();
    for (int i = 0; lastTickMillis + tick <= nowMillis && i < 1000; i++) {
      lastTickMillis += tick;
      ordering.tick();
    }
    if (nowMillis - lastTickMillis >= tick) {
      lastTickMillis = nowMillis; // more than 1,000 ticks behind: skip them
    }
    HqMessage.SyncRequest ask = catchUp.tick(nowMillis, ledger.height());
    if (ask != null) {
      broadcast(ask);
    }
    advance(nowMillis);
  }

  /** Everything to send since the last call. */
  public List<HqMessage> drainOutbox() {
    ordering.drain();
    List<HqMessage> out = List.copyOf(outbox);
    outbox.clear();
    return out;
  }

  private void closePeriod(long closing, long now) {
    pending.addAll(pool.drain());
    DataSet dataSet = DataSet.seal(identity, number, closing, List.copyOf(pending));
    if (settings.bookkeeping() == Bookkeeping.PROOF_OF_WORK) {
      broadcast(new HqMessage.DataSetBody(dataSet));
      collectDeadline.put(closing, now + settings.collectMillis());
    } else {
      int leader = checks.roundRobinProposer(closing);
      if (leader != number) {
        send(leader, new HqMessage.DataSetBody(dataSet));
      } else {
        collectDeadline.put(closing, now + settings.collectMillis());
      }
    }
    onDataSet(dataSet, number);
  }

  private void onDataSet(DataSet dataSet, int from) {
    if (dataSet.hq() != from || dataSet.period() < period - 1) {
      return;
    }
    collecting.computeIfAbsent(dataSet.period(), p -> new TreeMap<>()).putIfAbsent(from, dataSet);
  }

  private void advance(long now) {
    audit.collect(events);
    for (Map.Entry<Long, Long> entry : List.copyOf(collectDeadline.entrySet())) {
      Map<Integer, DataSet> got = collecting.getOrDefault(entry.getKey(), Map.of());
      if (got.size() == settings.n() || now >= entry.getValue()) {
        collectDeadline.remove(entry.getKey());
        collecting.remove(entry.getKey());
        propose(entry.getKey(), got.values(), now);
      }
    }
    collecting.keySet().removeIf(p -> p < period - 2);
    for (Map.Entry<String, SlaveRound> entry : slaveRounds.entrySet()) {
      SlaveRound round = entry.getValue();
      if (round.readyToReply(now)) {
        ConsortiumBlock block = blocks.get(entry.getKey());
        send(block.proposer(), new HqMessage.Reply(VerificationReply.sign(identity, number, round.mine(),
            round.received())));
      }
    }
    if (leaderRound != null) {
      lead(now);
    }
    ordering.drain();
  }

  private void propose(long closing, java.util.Collection<DataSet> dataSets, long now) {
    List<DataSet> valid = new ArrayList<>();
    List<Evidence> evidence = new ArrayList<>();
    int records = 0;
    List<DataSet> collected = List.copyOf(dataSets);
    List<BlockChecks.Outcome> outcomes = checks.checkDataSets(collected, ledger::lastSequence);
    for (int i = 0; i < collected.size(); i++) {
      DataSet dataSet = collected.get(i);
      BlockChecks.Outcome outcome = outcomes.get(i);
      if (outcome.valid()) {
        valid.add(dataSet);
        records += dataSet.records().size();
      } else if (dataSet.hq() < settings.n() && dataSet.signedBy(settings.hqs().get(dataSet.hq()).signingKey())
          && !checks.checkDataSet(dataSet, enterprise -> -1L).valid()) {
        evidence.add(new Evidence(Evidence.Kind.FORGED_DATA_SET, dataSet.hq(), ledger.height(), new byte[32],
            List.of(dataSet.encode())));
        events.add("hq" + number + " excluded " + dataSet + ": " + outcome.detail());
      } else {
        events.add("hq" + number + " left out " + dataSet + " for now: " + outcome.detail());
      }
    }
    if (records == 0 && evidence.isEmpty() && audit.pending().isEmpty() || leaderRound != null) {
      return;
    }
    ConsortiumBlock block = ConsortiumBlock.propose(identity, number, ledger.height(), ledger.headHash(), closing,
        (closing + 1) * settings.periodMillis(), valid, settings.bookkeeping() == Bookkeeping.PROOF_OF_WORK
            ? settings.difficulty() : 0);
    startRound(block, evidence, now);
  }

  /** Becomes the leader of {@code block}: verifies it itself and broadcasts it. */
  private void startRound(ConsortiumBlock block, List<Evidence> evidence, long now) {
    blocks.put(key(block.hash()), block);
    // Built here from data sets that passed checkDataSet against this chain: valid by construction.
    checkedValid.put(key(block.hash()), block.height());
    VerificationResult result = VerificationResult.sign(identity, number, block.height(), block.hash(),
        BlockFault.VALID);
    leaderRound = new LeaderRound(block, result, settings.n(), settings.quorum(), now + settings.verifyMillis());
    List<Evidence> all = new ArrayList<>();
    evidence.forEach(e -> all.add(new Evidence(e.kind(), e.suspect(), block.height(), block.hash(), e.items())));
    all.addAll(audit.pending());
    dataSetEvidence = all;
    broadcast(new HqMessage.Proposal(block));
  }

  private void lead(long now) {
    LeaderRound round = leaderRound;
    switch (round.decide(now)) {
      case LeaderRound.Wait() -> { }
      case LeaderRound.Resend(List<Integer> to) -> {
        round.extend(now, settings.verifyMillis());
        to.stream().filter(hq -> hq != number).forEach(hq -> send(hq, new HqMessage.Proposal(round.block())));
        events.add("hq" + number + " resent " + round.block() + " to " + to);
      }
      case LeaderRound.Commit(List<VerificationResult> certificates, List<Evidence> evidence) -> {
        leaderRound = null;
        List<Evidence> all = new ArrayList<>(dataSetEvidence);
        all.addAll(evidence);
        ConsortiumBlock block = round.block();
        ordering.submit(number, CommitRecord.sign(identity, number, block.height(), block.hash(), certificates, all)
            .encode());
      }
      case LeaderRound.GiveUp(String why) -> {
        leaderRound = null;
        events.add("hq" + number + " gave up: " + why);
      }
    }
  }

  private void onProposal(ConsortiumBlock block, int from, long now) {
    String key = key(block.hash());
    blocks.putIfAbsent(key, block);
    ordering.blockArrived();
    if (from == number || block.proposer() != from || block.height() < ledger.height()) {
      return;
    }
    if (block.height() > ledger.height()) {
      // This node missed a commit: it fetches the chain and checks the block when the leader resends it,
      // rather than sign a failing result that would count as dissent against an honest node.
      catchUp.behind();
      return;
    }
    BlockChecks.Outcome outcome = checks.checkBlock(block, ledger.height(), ledger.headHash(), ledger::lastSequence);
    VerificationResult result = VerificationResult.sign(identity, number, block.height(), block.hash(), outcome.fault());
    if (outcome.valid()) {
      checkedValid.put(key, block.height());
    } else {
      events.add("hq" + number + " found " + outcome.fault() + ": " + outcome.detail());
    }
    SlaveRound round = new SlaveRound(result, from, settings.n(), now + settings.verifyMillis() / 2);
    SlaveRound earlier = slaveRounds.put(key, round);
    if (earlier != null) {
      earlier.received().forEach(round::onResult);
    }
    earlyResults.getOrDefault(key, List.of()).forEach(round::onResult);
    earlyResults.remove(key);
    for (int hq = 0; hq < settings.n(); hq++) {
      if (hq != number) {
        send(hq, new HqMessage.Result(result));
      }
    }
  }

  private void onResult(VerificationResult result) {
    if (result.verifier() >= settings.n() || !result.signedBy(settings.hqs().get(result.verifier()).signingKey())) {
      return;
    }
    String key = key(result.blockHash());
    SlaveRound round = slaveRounds.get(key);
    if (round != null) {
      round.onResult(result);
    } else if (earlyResults.size() < 64) {
      earlyResults.computeIfAbsent(key, k -> new ArrayList<>()).add(result);
    }
  }

  private void onReply(VerificationReply reply, int from) {
    if (leaderRound == null || reply.verifier() != from || from >= settings.n()
        || !reply.signedBy(settings.hqs().get(from).signingKey())) {
      return;
    }
    leaderRound.onReply(reply, r -> r.verifier() < settings.n()
        && r.signedBy(settings.hqs().get(r.verifier()).signingKey()));
  }

  /** Called by {@link Ordering} with a committed commit record whose block is known; checks and applies it. */
  void applyCommit(CommitRecord record, ConsortiumBlock block) {
    // A block this node found valid at this height was checked against this very chain state (the
    // state changes only by commits; certificates are never withdrawn): its records need no second check.
    boolean checked = checkedValid.getOrDefault(key(block.hash()), -1L) == ledger.height();
    String refusal = new CommitChecks(settings, checks, ledger).refusal(record, block, checked);
    if (refusal != null) {
      events.add("hq" + number + " refused commit of h" + record.height() + ": " + refusal);
      return;
    }
    if (store != null) {
      store.committed(block, record, settled(block));
    }
    ledger.append(block, record);
    audit.settle(ledger);
    audit.audit(block);
    pending.removeIf(r -> r.sequence() <= ledger.lastSequence(r.enterprise()));
    slaveRounds.keySet().removeIf(k -> blocks.get(k) == null || blocks.get(k).height() < ledger.height());
    blocks.values().removeIf(b -> b.height() < ledger.height() - 1);
    checkedValid.values().removeIf(height -> height < ledger.height());
    events.add("hq" + number + " committed " + block);
  }

  /** This node's records that {@code block}, once appended, puts on chain or makes stale. */
  private List<StateUpload> settled(ConsortiumBlock block) {
    Map<io.cairn.chain.api.MemberKey, Long> newest = new HashMap<>();
    for (DataSet dataSet : block.dataSets()) {
      if (dataSet.hq() == number) {
        dataSet.records().forEach(r -> newest.merge(r.enterprise(), r.sequence(), Math::max));
      }
    }
    return pending.stream().filter(r -> r.sequence() <= Math.max(ledger.lastSequence(r.enterprise()),
        newest.getOrDefault(r.enterprise(), -1L))).toList();
  }

  private void onSyncAnswer(int from, HqMessage.SyncAnswer answer) {
    if (from == number || from >= settings.n()) {
      return;
    }
    for (CatchUp.Confirmed confirmed : catchUp.onAnswer(from, answer, ledger.height())) {
      long before = ledger.height();
      applyCommit(confirmed.commit(), confirmed.block());
      if (ledger.height() == before) {
        break;
      }
      events.add("hq" + number + " caught up to height " + ledger.height());
    }
  }

  /** An ordered commit of a height this node has not reached: its chain is behind. */
  void behind() {
    catchUp.behind();
  }

  /** State-transfer rounds this node started (a restarted node starts one at once). */
  public long catchUpRounds() {
    return catchUp.rounds();
  }

  ConsortiumBlock knownBlock(byte[] hash) {
    return blocks.get(key(hash));
  }

  void fetch(byte[] hash) {
    broadcast(new HqMessage.Fetch(hash));
  }

  void noteEvent(String event) {
    events.add(event);
  }

  void send(int to, HqMessage.Body body) {
    outbox.add(new HqMessage(number, to, body));
  }

  void broadcast(HqMessage.Body body) {
    for (int hq = 0; hq < settings.n(); hq++) {
      if (hq != number) {
        send(hq, body);
      }
    }
  }

  private static String key(byte[] hash) {
    return java.util.HexFormat.of().formatHex(hash);
  }

  BftReplica replica() {
    return replica;
  }

  /** The Byzantine core's current view. */
  public long orderingView() {
    return replica.view();
  }

  /** The HQ number of the Byzantine core's primary in its current view. */
  public int orderingPrimary() {
    return replica.primary();
  }

  /** The Byzantine core's current view and the operations it rejected as forged or invalid. */
  public String orderingStatus() {
    return "view " + replica.view() + " executed " + replica.executed() + " rejected " + replica.rejected();
  }

  public int number() {
    return number;
  }

  public Identity identity() {
    return identity;
  }

  public ConsortiumLedger ledger() {
    return ledger;
  }

  public AdmissionRegistry registry() {
    return registry;
  }

  public RecordPool pool() {
    return pool;
  }

  public ConsortiumSettings settings() {
    return settings;
  }

  /** Records sealed into data sets and not yet committed (kept until they are: nothing honest is lost). */
  public int pendingRecords() {
    return pending.size();
  }

  /** What happened, one line per event (commits, refusals, exclusions, resends). */
  public List<String> events() {
    return List.copyOf(events);
  }
}
