package io.cairn.consortium;

import io.cairn.chain.api.Identity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * {@code n} HQ nodes and a regulator in one process, driven on the wall clock with messages handed
 * over directly (no network): what {@code cairn bench consortium} runs. Keys are derived from a
 * seed. Admissions given to {@link #admitEverywhere} are applied to every node's registry directly
 * (set-up, not the ordered path, which the simulation and the nodes' own submissions exercise).
 *
 * <p>Thread-safety: {@link HqNode#upload} from any thread; {@link #pump} and {@link #runUntil}
 * from one driver thread.
 */
public final class LocalConsortium {
  private final List<HqNode> nodes = new ArrayList<>();
  private final List<byte[]> encryptionKeys = new ArrayList<>();
  private final List<X25519Key> keys = new ArrayList<>();
  private final Regulator regulator;
  private final Deque<HqMessage> queue = new ArrayDeque<>();
  private final ConsortiumSettings settings;
  private final List<Identity> identities;
  private final java.util.concurrent.Executor auditor;
  private final SplittableRandom random;

  public LocalConsortium(int hqs, long periodMillis, long seed) {
    this(hqs, periodMillis, seed, hq -> null);
  }

  /** As above, HQ {@code i} keeping its state in {@code stores.apply(i)} (null: in memory). */
  public LocalConsortium(int hqs, long periodMillis, long seed, java.util.function.IntFunction<ConsortiumStore> stores) {
    SplittableRandom random = new SplittableRandom(seed);
    this.random = random;
    List<HqInfo> infos = new ArrayList<>();
    List<Identity> identities = new ArrayList<>();
    for (int i = 0; i < hqs; i++) {
      Identity identity = Identity.fromSeed(bytes(random));
      X25519Key key = X25519Key.fromSecret(bytes(random));
      identities.add(identity);
      keys.add(key);
      encryptionKeys.add(key.publicKey());
      infos.add(new HqInfo(i, identity.key(), key.publicKey()));
    }
    regulator = new Regulator(Identity.fromSeed(bytes(random)));
    settings = ConsortiumSettings.defaults(regulator.key(), infos, periodMillis);
    this.identities = identities;
    // The audit of committed records runs off the driver's thread, as in a node process.
    auditor = java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "consortium-audit");
      thread.setDaemon(true);
      return thread;
    });
    for (int i = 0; i < hqs; i++) {
      nodes.add(new HqNode(settings, i, identities.get(i), keys.get(i), new SplittableRandom(random.nextLong()),
          auditor, stores.apply(i)));
    }
  }

  private static byte[] bytes(SplittableRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return bytes;
  }

  /** The regulator admits {@code enterprise} with home HQ {@code homeHq}; every node applies it. */
  public EnterpriseCertificate admitEverywhere(Identity enterprise, String organization, int homeHq) {
    EnterpriseCertificate certificate = regulator.admit(enterprise.key(), organization, homeHq,
        System.currentTimeMillis());
    for (HqNode node : nodes) {
      String refusal = node.admit(certificate);
      if (refusal != null) {
        throw new IllegalStateException("invariant: a fresh certificate was refused: " + refusal);
      }
    }
    return certificate;
  }

  /** Ticks every node at {@code nowMillis} and delivers messages until none is left. */
  public void pump(long nowMillis) {
    for (HqNode node : nodes) {
      node.tick(nowMillis);
      queue.addAll(node.drainOutbox());
    }
    while (!queue.isEmpty()) {
      HqMessage message = queue.poll();
      HqNode to = nodes.get(message.to());
      to.step(message, nowMillis);
      queue.addAll(to.drainOutbox());
    }
  }

  /** Pumps on the wall clock until {@code done} holds or {@code timeoutMillis} pass; whether it held. */
  public boolean runUntil(BooleanSupplier done, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (!done.getAsBoolean()) {
      long now = System.currentTimeMillis();
      if (now > deadline) {
        return false;
      }
      pump(now);
      if (queue.isEmpty()) {
        Thread.sleep(1);
      }
    }
    return true;
  }

  /**
   * Replaces HQ {@code hq} by a new node with the same keys on {@code store} (the previous node's
   * store closed first): a restart. The new node starts from what the store holds.
   */
  public HqNode restart(int hq, ConsortiumStore store) {
    HqNode node = new HqNode(settings, hq, identities.get(hq), keys.get(hq), new SplittableRandom(random.nextLong()),
        auditor, store);
    nodes.set(hq, node);
    return node;
  }

  public List<HqNode> nodes() {
    return nodes;
  }

  public HqNode node(int hq) {
    return nodes.get(hq);
  }

  /** HQ {@code hq}'s X25519 public value, to seal uploads to. */
  public byte[] encryptionKey(int hq) {
    return encryptionKeys.get(hq).clone();
  }

  public Regulator regulator() {
    return regulator;
  }
}
