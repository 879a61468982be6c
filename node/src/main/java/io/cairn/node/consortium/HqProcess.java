package io.cairn.node.consortium;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.KeyFiles;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.consortium.ConsortiumSettings;
import io.cairn.consortium.ConsortiumStore;
import io.cairn.consortium.HqMessage;
import io.cairn.consortium.HqMessageCodec;
import io.cairn.consortium.HqNode;
import io.cairn.consortium.Receipt;
import io.cairn.replication.api.MemberLink;
import io.cairn.replication.api.NodeConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consortium HQ node as a process ({@code cairn consortium hq}): the owner of its {@link
 * HqNode}, which it drives on one thread with the wall clock, its {@link ConsortiumStore} (in the
 * node's data folder) and its {@link MemberLink} to the other HQ nodes (HQ node K is member K+1;
 * every message is {@link HqMessageCodec}'s encoding in an authenticated frame). Enterprises'
 * uploads are accepted on the caller's thread (the pool is thread-safe); admissions are handed to
 * the driver thread, which submits them to the Byzantine core.
 *
 * <p>Thread-safety: every public method from any thread.
 */
public final class HqProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HqProcess.class);
  private static final int EVENTS_KEPT = 200;

  /**
   * What the driver thread last saw.
   *
   * @param view the Byzantine core's view
   * @param primary the HQ number of its primary
   * @param height committed blocks
   * @param pooled records in the pool
   * @param pending records sealed into data sets, not yet committed
   * @param connected other HQ nodes with an open authenticated connection
   * @param catchUpRounds state-transfer rounds started
   * @param events the last events, oldest first
   */
  public record Status(long view, int primary, long height, int pooled, int pending, int connected, long catchUpRounds,
      List<String> events) {}

  private final NodeConfig config;
  private final HqNode node;
  private final ConsortiumStore store;
  private final ExecutorService auditor;
  private final ConcurrentLinkedQueue<HqMessage> inbound = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<String> events = new ArrayDeque<>();
  private final Thread driver;
  private final MemberLink link;
  private volatile Status status;
  private volatile boolean stopped;
  private int eventsSeen;

  private HqProcess(NodeConfig config, ConsortiumSettings settings, Identity identity, Path folder) {
    this.config = config;
    int hq = config.nodeId() - 1;
    this.store = ConsortiumStore.open(config.dataDir().resolve("consortium"));
    this.auditor = Executors.newSingleThreadExecutor(task -> Thread.ofPlatform().name("hq-audit").daemon()
        .unstarted(task));
    this.node = new HqNode(settings, hq, identity, ConsortiumFiles.x25519(folder),
        new SplittableRandom(new SecureRandom().nextLong()), auditor, store);
    this.driver = Thread.ofPlatform().name("hq-" + hq + "-driver").unstarted(this::drive);
    this.status = new Status(0, 0, node.ledger().height(), 0, 0, 0, 0, List.of());
    this.link = MemberLink.open(config, identity, this::received);
  }

  /**
   * Opens the HQ node of the cluster member configured in {@code configFile} (its folder holds its
   * keys; the cluster folder above it the consortium's settings) and starts driving it.
   *
   * @throws InvalidArgumentException when the member is not an HQ node of the folder's consortium
   */
  public static HqProcess start(Path configFile) {
    Path file = configFile.toAbsolutePath().normalize();
    NodeConfig config = NodeConfig.load(file);
    Path folder = file.getParent();
    ConsortiumSettings settings = ConsortiumFiles.settings(folder.getParent());
    if (config.nodeId() < 1 || config.nodeId() > settings.n()) {
      throw new InvalidArgumentException("member " + config.nodeId() + " is not one of the " + settings.n()
          + " HQ nodes of " + folder.getParent());
    }
    Identity identity = KeyFiles.read(config.nodeKey());
    HqProcess process = new HqProcess(config, settings, identity, folder);
    process.driver.start();
    return process;
  }

  private void received(int member, byte[] payload) {
    HqMessage message;
    try {
      message = HqMessageCodec.decode(payload);
    } catch (CorruptionException | InvalidArgumentException malformed) {
      LOG.warn("dropping a malformed HQ message from member {}: {}", member, malformed.getMessage());
      return;
    }
    if (message.from() != member - 1 || message.to() != node.number()) {
      LOG.warn("dropping a message from member {} that claims to be from hq{} to hq{}", member, message.from(),
          message.to());
      return;
    }
    inbound.add(message);
    LockSupport.unpark(driver);
  }

  private void drive() {
    long lastStatus = 0;
    try {
      while (!stopped) {
        long now = System.currentTimeMillis();
        boolean busy = false;
        for (Runnable task; (task = tasks.poll()) != null; busy = true) {
          task.run();
        }
        for (HqMessage message; (message = inbound.poll()) != null; busy = true) {
          node.step(message, now);
        }
        node.tick(now);
        for (HqMessage out : node.drainOutbox()) {
          link.send(out.to() + 1, HqMessageCodec.encode(out));
        }
        link.flush();
        if (now - lastStatus >= 20) {
          refreshStatus();
          lastStatus = now;
        }
        if (!busy) {
          LockSupport.parkNanos(1_000_000);
        }
      }
    } catch (RuntimeException | Error e) {
      LOG.error("hq {} stopped on a broken invariant; the process exits", node.number(), e);
      Runtime.getRuntime().halt(70);
    }
  }

  private void refreshStatus() {
    List<String> all = node.events();
    for (int i = Math.min(eventsSeen, all.size()); i < all.size(); i++) {
      LOG.info("{}", all.get(i));
      events.addLast(all.get(i));
      if (events.size() > EVENTS_KEPT) {
        events.removeFirst();
      }
    }
    eventsSeen = all.size();
    int connected = 0;
    for (NodeConfig.Member member : config.members()) {
      connected += member.id() != config.nodeId() && link.connected(member.id()) ? 1 : 0;
    }
    status = new Status(node.orderingView(), node.orderingPrimary(), node.ledger().height(), node.pool().size(),
        node.pendingRecords(), connected, node.catchUpRounds(), List.copyOf(events));
  }

  /** An enterprise's sealed upload (a session envelope or a one-off envelope), answered at once. */
  public Receipt upload(byte[] envelope) {
    return node.upload(envelope);
  }

  /** Hands the regulator's certificate or revocation (encoded) to the Byzantine core for ordering. */
  public void submitAdmission(byte[] operation) {
    tasks.add(() -> node.submitAdmission(operation));
    LockSupport.unpark(driver);
  }

  /** The HQ node (its ledger, registry and settings are safe to read from any thread). */
  public HqNode node() {
    return node;
  }

  public Status status() {
    return status;
  }

  public NodeConfig config() {
    return config;
  }

  /** Stops the driver, the link, the audit and the store. Idempotent. */
  @Override
  public void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    LockSupport.unpark(driver);
    try {
      driver.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    link.close();
    auditor.shutdown();
    try {
      auditor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.close();
  }
}
