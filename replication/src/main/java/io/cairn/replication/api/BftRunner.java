package io.cairn.replication.api;

import io.cairn.bft.api.AddReplica;
import io.cairn.bft.api.BftCodec;
import io.cairn.bft.api.BftConfig;
import io.cairn.bft.api.BftMessage;
import io.cairn.bft.api.BftReplica;
import io.cairn.bft.api.Decision;
import io.cairn.bft.api.Envelope;
import io.cairn.bft.api.NewView;
import io.cairn.bft.api.Ready;
import io.cairn.bft.api.Request;
import io.cairn.bft.api.Signer;
import io.cairn.bft.api.Verifier;
import io.cairn.common.CairnException;
import io.cairn.replication.node.TaskInbox;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one replica of a BFT-replicated state machine (PBFT or SBFT, {@code docs/bft.md} §9) over
 * any message link, typically the member transport: one thread owns the pure {@link BftReplica},
 * ticks it every {@code tickMillis}, steps the messages {@link #received} from peers, sends what it
 * produces (encoded with {@link BftCodec}) and hands every {@link Decision} to the {@link
 * StateMachine} in sequence order. Nothing of the core must be durable before sending (§2).
 *
 * <p>Besides the core it does one thing: it sends the {@link NewView} of its current view to every
 * peer every {@link #NEW_VIEW_RESEND_TICKS} ticks, so a replica that restarted in view 0, or was cut
 * off during a view change, checks that self-proving message and joins the view the others are in.
 *
 * <p>Thread-safety: {@link #received}, {@link #submit}, {@link #execute}, {@link #status} and
 * {@link #close} from any thread; the state machine is called on the runner thread only.
 */
public final class BftRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BftRunner.class);
  /** Ticks between two sends of the current view's NewView to every peer. */
  public static final int NEW_VIEW_RESEND_TICKS = 200;

  /** The replicated application. */
  public interface StateMachine {
    /** Applies {@code decision}, the next sequence number (runner thread; never skips one it was given). */
    void apply(Decision decision);

    /** Called after every tick on the runner thread (timers of the application). */
    default void tick() {}

    /**
     * Replica {@code add.replica()} was added (an executed {@link AddReplica}, or one found in an
     * installed state; without its admission signature): the application learns its key and address
     * before this runner sends it anything. Runner thread, once per replica, in order.
     */
    default void replicaAdded(AddReplica add) {}
  }

  /** How encoded BFT messages leave this replica. */
  public interface Link {
    /** Sends one message (its {@link BftCodec} encoding) to replica {@code to}; false when it was dropped. */
    boolean send(int to, byte[] message);

    /** Pushes what {@link #send} queued onto the wire. */
    void flush();
  }

  /**
   * What one replica knows of its group.
   *
   * @param replica this replica's index
   * @param view its current view
   * @param primary the primary of that view (an index)
   * @param viewChanging whether it is between views
   * @param executed the highest sequence number it executed
   * @param lowWatermark its stable checkpoint
   * @param rejected messages dropped as forged, invalid or conflicting
   * @param nodes replicas in the configuration of its view (grows by one with each add)
   * @param member whether it votes (false for an added replica until it synchronized)
   */
  public record Status(int replica, long view, int primary, boolean viewChanging, long executed, long lowWatermark,
      long rejected, int nodes, boolean member) {}

  private final BftReplica core;
  private final BftConfig config;
  private final Link link;
  private final StateMachine machine;
  private final long tickMillis;
  private final TaskInbox inbox = new TaskInbox();
  private final Thread thread;
  private volatile boolean stopped;
  private volatile Status status;
  private NewView currentNewView;
  private long ticks;
  /** Added replicas the state machine has been told of. */
  private int addedKnown;

  private BftRunner(BftConfig config, int replica, boolean joining, Signer signer, Verifier verifier, Link link,
      StateMachine machine, long tickMillis, String name) {
    this.config = config;
    SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());
    this.core = joining ? BftReplica.join(config, replica, signer, verifier, random)
        : BftReplica.start(config, replica, signer, verifier, random);
    this.link = link;
    this.machine = machine;
    this.tickMillis = tickMillis;
    this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    refreshStatus();
  }

  /**
   * A runner for replica {@code replica} of a group with {@code config}; call {@link #start}.
   *
   * @param signer this replica's key ({@link BftKeys#signer})
   * @param verifier every replica's key ({@link BftKeys#verifier})
   * @param tickMillis wall-clock length of one core tick (the config's timeouts are in ticks)
   */
  public static BftRunner create(BftConfig config, int replica, Signer signer, Verifier verifier, Link link,
      StateMachine machine, long tickMillis, String name) {
    return new BftRunner(config, replica, false, signer, verifier, link, machine, tickMillis, name);
  }

  /**
   * A runner for replica {@code replica} admitted to a running group by an {@link AddReplica}
   * transaction ({@link BftReplica#join}): {@code config} is the founding group's ({@code replica}
   * founders plus the adds before it); it votes once it installed a certified state that lists it.
   */
  public static BftRunner join(BftConfig config, int replica, Signer signer, Verifier verifier, Link link,
      StateMachine machine, long tickMillis, String name) {
    return new BftRunner(config, replica, true, signer, verifier, link, machine, tickMillis, name);
  }

  /**
   * The settings used over the network with {@code nodes} replicas and 10 ms ticks: the simulator's
   * defaults with a 3 s view-change timeout (blocks are applied to an engine between decisions).
   */
  public static BftConfig networkConfig(io.cairn.bft.api.Protocol protocol, int nodes) {
    BftConfig base = BftConfig.defaults(protocol, nodes);
    return new BftConfig(protocol, nodes, base.checkpointInterval(), base.window(), base.pipeline(), base.batchMax(),
        300, base.fastPathTicks(), base.collectorTicks(), 50, base.deferredMax());
  }

  /** Starts the runner thread. */
  public void start() {
    thread.start();
  }

  /** A message from replica {@code from} (any thread); one that does not decode is logged and dropped. */
  public void received(int from, byte[] payload) {
    BftMessage message;
    try {
      message = BftCodec.decode(payload);
    } catch (CairnException malformed) {
      LOG.warn("dropping a malformed BFT message from replica {}: {}", from, malformed.getMessage());
      return;
    }
    inbox.add(() -> {
      core.step(message);
      if (message instanceof NewView newView && newView.view() == core.view() && !core.isViewChanging()) {
        currentNewView = newView;
      }
    });
  }

  /** Hands {@code request} to this replica (any thread): it orders it, forwarding to the primary if needed. */
  public void submit(Request request) {
    inbox.add(() -> core.propose(request));
  }

  /** Runs {@code task} on the runner thread, in submission order. */
  public void execute(Runnable task) {
    inbox.add(task);
  }

  /** Starts a view change (runner thread): the application suspects the primary; see {@link BftReplica#suspectPrimary}. */
  public void suspectPrimary() {
    core.suspectPrimary();
  }

  /** The replica's state after the runner's last step. */
  public Status status() {
    return status;
  }

  /** The group's settings. */
  public BftConfig config() {
    return config;
  }

  private void run() {
    long tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
    long nextTick = System.nanoTime() + tickNanos;
    try {
      while (!stopped) {
        inbox.runDue(nextTick);
        long now = System.nanoTime();
        if (now - nextTick >= 0) {
          core.tick();
          machine.tick();
          nextTick = now - nextTick > 50 * tickNanos ? now + tickNanos : nextTick + tickNanos;
          if (++ticks % NEW_VIEW_RESEND_TICKS == 0) {
            resendNewView();
          }
        }
        drain();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("BFT replica {} stopped on an error; it no longer takes part", core.id(), e);
      throw e;
    }
  }

  private void drain() {
    while (core.hasReady()) {
      learnAdded();
      Ready ready = core.ready();
      for (Envelope envelope : ready.messages()) {
        if (envelope.message() instanceof NewView newView) {
          currentNewView = newView;
        }
        link.send(envelope.to(), BftCodec.encode(envelope.message()));
      }
      link.flush();
      for (Decision decision : ready.decisions()) {
        machine.apply(decision);
      }
    }
    refreshStatus();
  }

  /** Tells the state machine of replicas added since the last call, before anything is sent to them. */
  private void learnAdded() {
    List<AddReplica> added = core.added();
    for (int i = addedKnown; i < added.size(); i++) {
      machine.replicaAdded(added.get(i));
    }
    addedKnown = added.size();
  }

  private void resendNewView() {
    NewView newView = currentNewView;
    if (newView == null || newView.view() != core.view()) {
      return;
    }
    byte[] bytes = BftCodec.encode(newView);
    for (int to = 0; to < core.nodes(); to++) {
      if (to != core.id()) {
        link.send(to, bytes);
      }
    }
    link.flush();
  }

  private void refreshStatus() {
    status = new Status(core.id(), core.view(), core.primary(), core.isViewChanging(), core.executed(),
        core.lowWatermark(), core.rejected(), core.nodes(), core.isMember());
  }

  /** Stops the runner thread (waits up to 10 s). Idempotent. */
  @Override
  public void close() {
    stopped = true;
    inbox.add(() -> { });
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
