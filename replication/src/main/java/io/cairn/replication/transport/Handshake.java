package io.cairn.replication.transport;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.MemberKey;
import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.wire.ByteReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;

/**
 * The mutual, signed handshake that opens every member-to-member connection ({@code
 * docs/replication.md}, "Peer authentication"). Both sides send {@code HELLO(cluster id, public
 * key, fresh 32-byte nonce)}; each checks the other's cluster id and that its key is a listed
 * member, then sends {@code PROOF}: its Ed25519 signature over
 *
 * <pre>
 * "cairn-handshake/1" || cluster id || signer key || verifier key || verifier nonce || signer nonce
 * </pre>
 *
 * <p>A proof binds both nonces of this session, so a recorded proof is worthless on any other
 * connection (the verifier's nonce is fresh), and binds both keys and the cluster, so it cannot be
 * reflected back or used in another cluster. A connection whose peer fails any check is refused:
 * {@link #acceptHello} or {@link #acceptProof} throws {@link InvalidArgumentException} saying why.
 *
 * <p>Thread-safety: not thread-safe; one per connection, used on its event loop.
 */
public final class Handshake {
  /** Bytes of a nonce. */
  public static final int NONCE_BYTES = 32;
  private static final byte[] DOMAIN = "cairn-handshake/1".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String clusterId;
  private final Identity self;
  private final Map<MemberKey, Integer> members;
  private final byte[] nonce = new byte[NONCE_BYTES];
  private MemberKey peerKey;
  private byte[] peerNonce;
  private boolean proven;

  /**
   * One side of a handshake for the node {@code self} of cluster {@code clusterId}, accepting the
   * peers in {@code members} (key to member id).
   */
  public Handshake(String clusterId, Identity self, Map<MemberKey, Integer> members) {
    this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
    this.self = Objects.requireNonNull(self, "self");
    this.members = Map.copyOf(members);
    RANDOM.nextBytes(nonce);
  }

  /** This side's opening frame. */
  public Frame hello() {
    ByteWriter out = new ByteWriter(128)
        .bytesVarint(clusterId.getBytes(StandardCharsets.UTF_8))
        .bytesVarint(self.key().bytes())
        .bytesVarint(nonce);
    return new Frame(Frame.Type.HELLO, out.toByteArray());
  }

  /**
   * Checks the peer's opening and returns its member id.
   *
   * @throws InvalidArgumentException when it is malformed, of another cluster, from an unknown key,
   *     or from this node's own key
   */
  public int acceptHello(Frame frame) {
    expect(frame, Frame.Type.HELLO);
    if (peerKey != null) {
      throw new InvalidArgumentException("a second HELLO on one connection");
    }
    byte[] cluster;
    byte[] key;
    byte[] theirNonce;
    try {
      ByteReader in = new ByteReader(frame.payload(), 0, frame.payload().length, "hello");
      cluster = in.bytes("cluster id");
      key = in.bytes("public key");
      theirNonce = in.bytes("nonce");
      in.expectEnd();
    } catch (CorruptionException e) {
      throw new InvalidArgumentException("malformed HELLO: " + e.getMessage(), e);
    }
    String theirCluster = new String(cluster, StandardCharsets.UTF_8);
    if (!theirCluster.equals(clusterId)) {
      throw new InvalidArgumentException("peer belongs to cluster " + abbreviate(theirCluster) + ", not "
          + abbreviate(clusterId));
    }
    if (key.length != MemberKey.BYTES || theirNonce.length != NONCE_BYTES) {
      throw new InvalidArgumentException("malformed HELLO: key of " + key.length + " bytes, nonce of "
          + theirNonce.length);
    }
    MemberKey candidate = MemberKey.of(key);
    Integer id = members.get(candidate);
    if (id == null) {
      throw new InvalidArgumentException("peer key " + candidate.shortHex() + " is not a member of this cluster");
    }
    if (candidate.equals(self.key())) {
      throw new InvalidArgumentException("peer presents this node's own key");
    }
    peerKey = candidate;
    peerNonce = theirNonce;
    return id;
  }

  /** This side's proof; only after {@link #acceptHello}. */
  public Frame proof() {
    if (peerKey == null) {
      throw new IllegalStateException("no HELLO accepted yet");
    }
    return new Frame(Frame.Type.PROOF, self.sign(transcript(self.key(), peerKey, peerNonce, nonce)));
  }

  /**
   * Checks the peer's proof: its signature over this session's transcript.
   *
   * @throws InvalidArgumentException when it does not verify (or comes before a HELLO)
   */
  public void acceptProof(Frame frame) {
    expect(frame, Frame.Type.PROOF);
    if (peerKey == null || proven) {
      throw new InvalidArgumentException("PROOF out of order");
    }
    if (!peerKey.verify(transcript(peerKey, self.key(), nonce, peerNonce), frame.payload())) {
      throw new InvalidArgumentException("peer " + peerKey.shortHex() + "'s handshake signature does not verify");
    }
    proven = true;
  }

  /** True once the peer proved its key. */
  public boolean authenticated() {
    return proven;
  }

  /** The peer's key once its HELLO was accepted, else null. */
  public MemberKey peerKey() {
    return peerKey;
  }

  private byte[] transcript(MemberKey signer, MemberKey verifier, byte[] verifierNonce, byte[] signerNonce) {
    return new ByteWriter(256).raw(DOMAIN).bytesVarint(clusterId.getBytes(StandardCharsets.UTF_8))
        .raw(signer.bytes()).raw(verifier.bytes()).raw(verifierNonce).raw(signerNonce).toByteArray();
  }

  private static void expect(Frame frame, Frame.Type type) {
    if (frame.type() != type) {
      throw new InvalidArgumentException("expected " + type + " during the handshake, got " + frame.type());
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 16 ? text : text.substring(0, 16) + "...";
  }
}
