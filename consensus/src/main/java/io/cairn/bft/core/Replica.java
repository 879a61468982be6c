package io.cairn.bft.core;

import io.cairn.bft.api.BftCodec;
import io.cairn.bft.api.BftConfig;
import io.cairn.bft.api.BftMessage;
import io.cairn.bft.api.Certificate;
import io.cairn.bft.api.Checkpoint;
import io.cairn.bft.api.CheckpointProof;
import io.cairn.bft.api.Commit;
import io.cairn.bft.api.Decision;
import io.cairn.bft.api.Envelope;
import io.cairn.bft.api.FetchState;
import io.cairn.bft.api.NewView;
import io.cairn.bft.api.PrePrepare;
import io.cairn.bft.api.Prepare;
import io.cairn.bft.api.Ready;
import io.cairn.bft.api.Reply;
import io.cairn.bft.api.Request;
import io.cairn.bft.api.Signer;
import io.cairn.bft.api.StateSnapshot;
import io.cairn.bft.api.Verifier;
import io.cairn.bft.api.ViewChange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * One replica of a PBFT or SBFT group: a pure state machine in the etcd-raft style. No I/O, no
 * threads, no clock: the driver calls {@link #step} for every received message, {@link #propose}
 * for a client request, {@link #tick} at a fixed rate, and drains {@link #ready}. The state (view,
 * log of slots, watermarks, service state) has this one owner; the normal case lives in
 * {@link Agreement}, view changes in {@link ViewChangeSteps}, checkpoints and state transfer in
 * {@link CheckpointSteps}.
 *
 * <p>Thread-safety: not thread-safe; one driver thread per replica.
 */
public final class Replica {
  /** A client request's identity. */
  record RequestKey(long client, long timestamp) {
    static RequestKey of(Request request) {
      return new RequestKey(request.client(), request.timestamp());
    }
  }

  final BftConfig config;
  final int id;
  /** Replicas and tolerated faults of the current view's configuration epoch. */
  int n;
  int f;
  final Checks checks;
  final RandomGenerator random;
  private final Signer signer;

  long view;
  /** True between sending a view change for {@link #view} and entering it. */
  boolean changing;
  final TreeMap<Long, Slot> slots = new TreeMap<>();
  /** The stable checkpoint; its seq is the low watermark h. */
  CheckpointProof stable;
  final ServiceState state = new ServiceState();
  /** Unexecuted requests this replica knows, oldest first (they run the view-change timer). */
  final LinkedHashMap<RequestKey, Request> known = new LinkedHashMap<>();
  /** Primary: requests not yet in a pre-prepare of this view. */
  final ArrayDeque<Request> queue = new ArrayDeque<>();
  /** Primary: the highest sequence number assigned in this view. */
  long lastProposed;
  long ticks;
  long viewTimer;
  long viewTimeout;
  private RequestKey timedRequest;
  final List<BftMessage> deferred = new ArrayList<>();
  final Agreement agreement;
  final ViewChangeSteps viewChanges;
  final CheckpointSteps checkpoints;
  final Reconfiguration reconfiguration;
  private final List<Envelope> outbox = new ArrayList<>();
  private final List<Reply> replies = new ArrayList<>();
  private final List<Decision> decisions = new ArrayList<>();
  private long rejected;

  private Replica(BftConfig config, int id, long view, Signer signer, Verifier verifier, RandomGenerator random) {
    this.config = config;
    this.id = id;
    this.view = view;
    this.n = config.nodes(view);
    this.f = config.f(view);
    this.signer = signer;
    this.random = random;
    this.reconfiguration = new Reconfiguration(this, verifier);
    this.checks = new Checks(config, verifier, reconfiguration::nodesAt, reconfiguration::floor);
    this.viewTimeout = config.viewChangeTicks();
    this.agreement = new Agreement(this);
    this.viewChanges = new ViewChangeSteps(this);
    this.checkpoints = new CheckpointSteps(this);
    this.stable = new CheckpointProof(0, ServiceState.genesisDigest(), List.of());
  }

  /** A replica in view 0 at the genesis checkpoint. */
  public static Replica start(BftConfig config, int id, Signer signer, Verifier verifier, RandomGenerator random) {
    if (id < 0 || id >= config.nodes()) {
      throw new IllegalArgumentException("replica " + id + " outside 0.." + (config.nodes() - 1));
    }
    return new Replica(config, id, 0, signer, verifier, random);
  }

  /**
   * A replica admitted by an {@code AddReplica} transaction as number {@code id} (the group had
   * {@code id} replicas before it): not a member until it installed a checkpointed state that
   * makes it one (docs/bft.md §10). It knows only the configuration it joins, epoch
   * {@code id - config.nodes()}.
   */
  public static Replica join(BftConfig config, int id, Signer signer, Verifier verifier, RandomGenerator random) {
    if (id < config.nodes()) {
      throw new IllegalArgumentException("replica " + id + " is an initial member, not an added one");
    }
    return new Replica(config, id, BftConfig.firstView(id - config.nodes()), signer, verifier, random);
  }

  // ---- driver API ----

  /** Handles one message from the network; invalid or unsigned ones are counted and dropped. */
  public void step(BftMessage message) {
    if (!reconfiguration.member() && !Reconfiguration.forNonMember(message)) {
      return;
    }
    switch (message) {
      case Request request -> onRequest(request);
      case Reply ignored -> rejected++;
      case Certificate certificate -> agreement.onCertificate(certificate);
      default -> {
        if (checks.signed(message) && reconfiguration.fromMember(message)) {
          dispatch(message);
        } else {
          rejected++;
        }
      }
    }
  }

  /** A client request handed to this replica directly. */
  public void propose(Request request) {
    onRequest(request);
  }

  /** Advances logical time by one tick: timers for view changes, SBFT paths and state transfer. */
  public void tick() {
    ticks++;
    if (!reconfiguration.member()) {
      checkpoints.tick();
      reconfiguration.tick();
      return;
    }
    if (changing || !known.isEmpty() || reconfiguration.pending()) {
      RequestKey oldest = known.isEmpty() ? null : known.firstEntry().getKey();
      if (!changing && !Objects.equals(oldest, timedRequest)) {
        timedRequest = oldest;
        viewTimer = 0;
      }
      if (++viewTimer >= viewTimeout) {
        viewChanges.start(view + 1);
      }
    } else {
      viewTimer = 0;
    }
    agreement.tick();
    checkpoints.tick();
    agreement.maybePropose();
  }

  /**
   * The driver suspects the primary (an operation it watches was not ordered in time): starts a
   * view change to the next view unless one is under way. One replica alone cannot force a view
   * change; 2f+1 must ask (f+1 make the others join).
   */
  public void suspect() {
    if (!changing && reconfiguration.member()) {
      viewChanges.start(view + 1);
    }
  }

  /** Whether {@link #ready} has anything. */
  public boolean hasReady() {
    return !outbox.isEmpty() || !replies.isEmpty() || !decisions.isEmpty();
  }

  /** Drains what was produced since the last call. */
  public Ready ready() {
    Ready ready = new Ready(outbox, replies, decisions);
    outbox.clear();
    replies.clear();
    decisions.clear();
    return ready;
  }

  public int id() {
    return id;
  }

  public long view() {
    return view;
  }

  /** The primary of the current view. */
  public int primary() {
    return config.primary(view);
  }

  /** Replicas in the current configuration epoch. */
  public int nodes() {
    return n;
  }

  /** Whether this replica votes: false for an added replica until it synchronized. */
  public boolean isMember() {
    return reconfiguration.member();
  }

  /**
   * The replicas added so far by executed {@code AddReplica} transactions (in the replicated state,
   * so also after a state transfer), in order, without their admission signatures.
   */
  public java.util.List<io.cairn.bft.api.AddReplica> added() {
    return state.added().stream()
        .map(m -> new io.cairn.bft.api.AddReplica(m.replica(), m.identity(), m.host(), m.port(), new byte[0]))
        .toList();
  }

  public boolean isViewChanging() {
    return changing;
  }

  public long executed() {
    return state.executed();
  }

  public long lowWatermark() {
    return stable.seq();
  }

  /** Messages dropped for a bad signature, bad certificate or invalid content. */
  public long rejected() {
    return rejected;
  }

  // ---- inside the core ----

  void reject() {
    rejected++;
  }

  void dispatch(BftMessage message) {
    switch (message) {
      case PrePrepare p -> agreement.onPrePrepare(p);
      case Prepare p -> agreement.onPrepare(p);
      case Commit c -> agreement.onCommit(c);
      case Certificate c -> agreement.onCertificate(c);
      case Checkpoint c -> checkpoints.onCheckpoint(c);
      case ViewChange v -> viewChanges.onViewChange(v);
      case NewView v -> viewChanges.onNewView(v);
      case FetchState fetch -> checkpoints.onFetch(fetch);
      case StateSnapshot snapshot -> checkpoints.onSnapshot(snapshot);
      case Request request -> onRequest(request);
      case Reply ignored -> rejected++;
    }
  }

  /** Where a normal-case message for {@code (msgView, seq)} goes now. */
  enum Disposition { HANDLE, DEFER, DROP }

  Disposition disposition(long msgView, long seq) {
    if (msgView < view || seq <= stable.seq()
        || (BftConfig.epochOf(msgView) == BftConfig.epochOf(view) && seq > reconfiguration.epochEnd())) {
      return Disposition.DROP;
    }
    if (msgView > view || changing || seq > stable.seq() + config.window()) {
      return Disposition.DEFER;
    }
    return Disposition.HANDLE;
  }

  void defer(BftMessage message) {
    if (deferred.size() < config.deferredMax()) {
      deferred.add(message);
    }
  }

  /** Re-handles deferred messages after the view or the window moved. */
  void replayDeferred() {
    List<BftMessage> again = new ArrayList<>(deferred);
    deferred.clear();
    for (BftMessage message : again) {
      dispatch(message);
    }
  }

  boolean isPrimary() {
    return config.primary(view) == id;
  }

  Slot slot(long seq) {
    Invariants.check(seq > stable.seq() && seq <= stable.seq() + config.window(), "slot " + seq + " outside window");
    return slots.computeIfAbsent(seq, Slot::new);
  }

  @SuppressWarnings("unchecked")
  <T extends BftMessage> T sign(T unsigned) {
    return (T) unsigned.withSignature(signer.sign(BftCodec.signedBytes(unsigned)));
  }

  void send(int to, BftMessage message) {
    Invariants.check(to != id, "replica " + id + " sending to itself");
    outbox.add(new Envelope(to, message));
  }

  void broadcast(BftMessage message) {
    for (int to = 0; to < n; to++) {
      if (to != id) {
        outbox.add(new Envelope(to, message));
      }
    }
  }

  private void onRequest(Request request) {
    if (state.isDone(request)) {
      long seq = state.seqOf(request);
      if (seq > 0) {
        replies.add(sign(new Reply(id, view, request.client(), request.timestamp(), seq, new byte[0])));
      }
      return;
    }
    RequestKey key = RequestKey.of(request);
    if (known.putIfAbsent(key, request) != null) {
      return;
    }
    if (isPrimary() && !changing) {
      queue.add(request);
      agreement.maybePropose();
    } else if (!isPrimary()) {
      send(config.primary(view), request);
    }
  }

  /** Executes committed slots in sequence order. */
  void execute() {
    while (true) {
      Slot slot = slots.get(state.executed() + 1);
      if (slot == null || !slot.committed() || state.executed() < stable.seq()
          || slot.seq > reconfiguration.epochEnd()) {
        reconfiguration.maybeSwitch();
        if (reconfiguration.pending()) {
          agreement.maybePropose();
        }
        return;
      }
      long seq = slot.seq;
      List<Request> ranRequests = new ArrayList<>();
      for (ServiceState.Executed ran : state.execute(seq, slot.committedDigest(), slot.committedBatch())) {
        replies.add(sign(new Reply(id, view, ran.client(), ran.timestamp(), ran.seq(), new byte[0])));
        ranRequests.add(ran.request());
      }
      reconfiguration.executed(seq, ranRequests);
      for (Request request : slot.committedBatch()) {
        known.remove(RequestKey.of(request));
      }
      decisions.add(new Decision(seq, slot.committedDigest(), slot.committedBatch()));
      viewTimeout = config.viewChangeTicks();
      if (seq % config.checkpointInterval() == 0) {
        checkpoints.take(seq);
      }
    }
  }

  /** Forgets known requests that the state already executed (after a state transfer). */
  void dropExecutedRequests() {
    known.values().removeIf(state::isDone);
    queue.removeIf(state::isDone);
  }
}
