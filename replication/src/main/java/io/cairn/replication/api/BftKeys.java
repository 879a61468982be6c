package io.cairn.replication.api;

import io.cairn.bft.api.Signer;
import io.cairn.bft.api.Verifier;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.MemberKey;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bft core's {@link Signer} and {@link Verifier} over the members' chain Ed25519 identities:
 * replica {@code i} is the {@code i}-th member of the configuration (ascending member id), and its
 * replica key is that member's identity key. Every signed byte string is prefixed with the domain
 * {@code "cairn-bft/1\0"}, so a BFT signature can never be taken for a transaction's, a block's or
 * the handshake's signature made with the same key.
 *
 * <p>Thread-safety: immutable; the verifier may be called from any thread.
 */
public final class BftKeys {
  private static final byte[] DOMAIN = "cairn-bft/1\0".getBytes(StandardCharsets.US_ASCII);

  private BftKeys() {}

  /** Signs as {@code identity}. */
  public static Signer signer(Identity identity) {
    return payload -> identity.sign(domain(payload));
  }

  /** Checks replica {@code i}'s signatures with {@code replicas.get(i)}; false for an unknown replica. */
  public static Verifier verifier(List<MemberKey> replicas) {
    List<MemberKey> keys = List.copyOf(replicas);
    return (replica, payload, signature) ->
        replica >= 0 && replica < keys.size() && keys.get(replica).verify(domain(payload), signature);
  }

  /**
   * A verifier that starts with {@code replicas} and learns added replicas' keys ({@link
   * Ring#learn}); it accepts an {@code AddReplica} transaction signed by {@code admission} (the
   * regulator, with {@link #signer}), or none when {@code admission} is null.
   */
  public static Ring ring(List<MemberKey> replicas, MemberKey admission) {
    return new Ring(replicas, admission);
  }

  /**
   * Replica keys that grow as replicas are added (docs/bft.md §9, §10): replica {@code i}'s key is
   * the {@code i}-th; the admission key checks add-replica transactions.
   *
   * <p>Thread-safety: thread-safe; {@link #learn} from one thread, {@link #verify} from any.
   */
  public static final class Ring implements Verifier {
    /** Fewest votes checked as one batch: below, single checks are cheaper (docs/bft.md §7). */
    static final int BATCH_MIN = 4;
    private static final java.security.SecureRandom WEIGHTS = new java.security.SecureRandom();
    private final java.util.concurrent.CopyOnWriteArrayList<MemberKey> keys;
    private final MemberKey admission;

    private Ring(List<MemberKey> replicas, MemberKey admission) {
      this.keys = new java.util.concurrent.CopyOnWriteArrayList<>(replicas);
      this.admission = admission;
    }

    /**
     * Learns replica {@code replica}'s key: the next one, or one already known with the same key.
     *
     * @throws IllegalStateException when it skips a number or changes a known key (a broken invariant)
     */
    public synchronized void learn(int replica, MemberKey key) {
      if (replica < keys.size()) {
        if (!keys.get(replica).equals(key)) {
          throw new IllegalStateException("replica " + replica + " already has another key");
        }
        return;
      }
      if (replica != keys.size()) {
        throw new IllegalStateException("replica " + replica + " added after " + keys.size() + " replicas");
      }
      keys.add(key);
    }

    /** Replicas whose keys are known. */
    public int size() {
      return keys.size();
    }

    @Override
    public boolean verify(int replica, byte[] payload, byte[] signature) {
      return replica >= 0 && replica < keys.size() && keys.get(replica).verify(domain(payload), signature);
    }

    /** A certificate's votes: one Ed25519 batch from {@link #BATCH_MIN} signatures on (cheaper then). */
    @Override
    public boolean verifyAll(int[] replicas, byte[][] payloads, byte[][] signatures) {
      if (replicas.length < BATCH_MIN) {
        return Verifier.super.verifyAll(replicas, payloads, signatures);
      }
      List<MemberKey> signers = new java.util.ArrayList<>(replicas.length);
      List<byte[]> messages = new java.util.ArrayList<>(replicas.length);
      for (int i = 0; i < replicas.length; i++) {
        if (replicas[i] < 0 || replicas[i] >= keys.size()) {
          return false;
        }
        signers.add(keys.get(replicas[i]));
        messages.add(domain(payloads[i]));
      }
      // The batch's weights must be unpredictable to a signer: a cryptographic generator.
      return MemberKey.verifyAll(signers, messages, List.of(signatures), WEIGHTS);
    }

    @Override
    public boolean verifyAdmission(byte[] payload, byte[] signature) {
      return admission != null && admission.verify(domain(payload), signature);
    }
  }

  /** The replica keys of {@code config}: its members' keys in member order. */
  public static List<MemberKey> replicas(NodeConfig config) {
    return config.members().stream().map(NodeConfig.Member::key).toList();
  }

  private static byte[] domain(byte[] payload) {
    byte[] bytes = new byte[DOMAIN.length + payload.length];
    System.arraycopy(DOMAIN, 0, bytes, 0, DOMAIN.length);
    System.arraycopy(payload, 0, bytes, DOMAIN.length, payload.length);
    return bytes;
  }
}
