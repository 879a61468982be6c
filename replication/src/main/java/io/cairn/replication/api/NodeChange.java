package io.cairn.replication.api;

import io.cairn.chain.api.Admission;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.MemberKey;
import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.wire.ByteReader;
import io.cairn.replication.codec.Sealed;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A change to the cluster's node list ({@code docs/formats/node-change.md}): a node joins ({@link
 * Kind#ADD}) or leaves ({@link Kind#REMOVE}), signed by the regulator (the admission key of the
 * genesis), or is one of the founding members written by the bootstrap ({@link Kind#FOUNDER},
 * unsigned, accepted only before the first block). It names the node completely: its number, its
 * Ed25519 identity, its transport address and its client API URL. An addition may carry the
 * node's {@link Admission}, which the ledger then records at the same log index.
 *
 * <p>It travels as one ordinary KRaft log entry ({@link #logEntry()}): the magic {@code "CNOD"}
 * sets it apart from the ledger's entries ({@code "CLEN"}).
 *
 * <p>Thread-safety: immutable.
 *
 * @param kind add, remove or founder
 * @param clusterId the cluster it is meant for (signed, so it cannot be replayed elsewhere)
 * @param number the node's number: its member id, unique for the cluster's lifetime
 * @param key the node's Ed25519 public key
 * @param peer the node's transport address
 * @param http the node's client API base URL
 * @param admission the node's admission (additions only), or null
 * @param signature the regulator's signature (empty for a founder)
 */
public record NodeChange(Kind kind, String clusterId, int number, MemberKey key, InetSocketAddress peer, URI http,
    Admission admission, byte[] signature) {
  /** What happens to the node. */
  public enum Kind {
    /** A new node joins: learner first, voter once caught up. */
    ADD(1),
    /** A node leaves: demoted to learner, then dropped. */
    REMOVE(2),
    /** A founding member, written by the bootstrap. */
    FOUNDER(3);

    final int code;

    Kind(int code) {
      this.code = code;
    }
  }

  /** The encoding's version. */
  public static final int VERSION = 1;
  /** "CNOD" read little-endian: the first four bytes of the log entry. */
  public static final int MAGIC = 0x444f4e43;
  private static final byte[] DOMAIN = "cairn-node-change/1".getBytes(StandardCharsets.US_ASCII);
  private static final int TEXT_BYTES_MAX = 256;

  /** Checks the components. */
  public NodeChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(http, "http");
    signature = signature.clone();
    if (number < 1) {
      throw new InvalidArgumentException("a node number is at least 1, was " + number);
    }
    if (admission != null && (kind != Kind.ADD || !admission.member().equals(key))) {
      throw new InvalidArgumentException("only an addition carries an admission, and only of the node it adds");
    }
  }

  /** An addition of node {@code number}, signed by {@code regulator}. */
  public static NodeChange add(Identity regulator, String clusterId, int number, MemberKey key,
      InetSocketAddress peer, URI http, Admission admission) {
    return signed(regulator, new NodeChange(Kind.ADD, clusterId, number, key, peer, http, admission, new byte[0]));
  }

  /** The removal of {@code node} (as the node list holds it), signed by {@code regulator}. */
  public static NodeChange remove(Identity regulator, NodeChange node) {
    return signed(regulator, new NodeChange(Kind.REMOVE, node.clusterId, node.number, node.key, node.peer, node.http,
        null, new byte[0]));
  }

  /** A founding member of cluster {@code clusterId}, as its configuration lists it. */
  public static NodeChange founder(String clusterId, NodeConfig.Member member) {
    return new NodeChange(Kind.FOUNDER, clusterId, member.id(), member.key(), member.peer(), member.http(), null,
        new byte[0]);
  }

  private static NodeChange signed(Identity regulator, NodeChange unsigned) {
    byte[] message = unsigned.signedMessage();
    return new NodeChange(unsigned.kind, unsigned.clusterId, unsigned.number, unsigned.key, unsigned.peer,
        unsigned.http, unsigned.admission, regulator.sign(message));
  }

  /** KRaft's identifier of the node: SHA-256 of its key. */
  public NodeId nodeId() {
    return NodeId.fromPublicKey(key.bytes());
  }

  /** Whether {@code regulator}'s signature is valid (a founder is never signed). */
  public boolean signedBy(MemberKey regulator) {
    return kind != Kind.FOUNDER && signature.length > 0 && regulator.verify(signedMessage(), signature);
  }

  /** The same node as {@code other}: number, key and addresses (kind, admission and signature aside). */
  public boolean sameNode(NodeChange other) {
    return number == other.number && key.equals(other.key) && peer.equals(other.peer) && http.equals(other.http);
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  private byte[] signedMessage() {
    ByteWriter out = new ByteWriter(256).raw(DOMAIN);
    writeFields(out);
    return out.toByteArray();
  }

  private void writeFields(ByteWriter out) {
    out.u8(kind.code).bytesVarint(clusterId.getBytes(StandardCharsets.UTF_8)).varint(number).raw(key.bytes())
        .bytesVarint(text(peer.getHostString() + ":" + peer.getPort())).bytesVarint(text(http.toString()))
        .bytesVarint(admission == null ? new byte[0] : admission.encode());
  }

  private static byte[] text(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical encoding: version, the fields, the signature, a masked CRC32C. */
  public byte[] encode() {
    ByteWriter out = new ByteWriter(512).u8(VERSION);
    writeFields(out);
    out.bytesVarint(signature);
    return out.crcFrom(0).toByteArray();
  }

  /** The KRaft log entry: {@code "CNOD"}, then {@link #encode()}. */
  public byte[] logEntry() {
    byte[] body = encode();
    return new ByteWriter(4 + body.length).u32(MAGIC).raw(body).toByteArray();
  }

  /** Whether log entry data {@code data} holds a node change (by its magic). */
  public static boolean isLogEntry(byte[] data) {
    return data.length >= 4 && (data[0] & 0xFF | (data[1] & 0xFF) << 8 | (data[2] & 0xFF) << 16
        | (data[3] & 0xFF) << 24) == MAGIC;
  }

  /** Decodes a log entry written by {@link #logEntry()}. */
  public static NodeChange fromLogEntry(byte[] data) {
    if (!isLogEntry(data)) {
      throw CorruptionException.at("node change entry", 0, "bad magic");
    }
    return decode(Arrays.copyOfRange(data, 4, data.length));
  }

  /**
   * Decodes {@link #encode()}'s bytes, checking the envelope, every field and canonical form.
   *
   * @throws CorruptionException naming the offset and the failed check
   */
  public static NodeChange decode(byte[] bytes) {
    ByteReader in = Sealed.open(bytes, "node change", VERSION);
    int code = in.u8();
    Kind kind = null;
    for (Kind candidate : Kind.values()) {
      kind = candidate.code == code ? candidate : kind;
    }
    if (kind == null) {
      throw in.corrupt(1, "unknown kind " + code);
    }
    String cluster = string(in, "cluster id");
    long number = in.varint(Integer.MAX_VALUE, "number");
    byte[] rawKey = new byte[MemberKey.BYTES];
    for (int i = 0; i < rawKey.length; i++) {
      rawKey[i] = (byte) in.u8();
    }
    InetSocketAddress peer = address(in, string(in, "peer"));
    String http = string(in, "http");
    byte[] admissionBytes = in.bytes("admission");
    byte[] signature = in.bytes("signature");
    in.expectEnd();
    try {
      NodeChange change = new NodeChange(kind, cluster, (int) number, MemberKey.of(rawKey), peer, URI.create(http),
          admissionBytes.length == 0 ? null : Admission.decode(admissionBytes), signature);
      if (!Arrays.equals(change.encode(), bytes)) {
        throw in.corrupt(0, "not the canonical encoding");
      }
      return change;
    } catch (InvalidArgumentException | IllegalArgumentException e) {
      throw in.corrupt(0, e.getMessage());
    }
  }

  private static String string(ByteReader in, String field) {
    byte[] raw = in.bytes(field);
    if (raw.length > TEXT_BYTES_MAX) {
      throw in.corrupt(in.position(), field + " of " + raw.length + " bytes exceeds " + TEXT_BYTES_MAX);
    }
    return new String(raw, StandardCharsets.UTF_8);
  }

  private static InetSocketAddress address(ByteReader in, String text) {
    int colon = text.lastIndexOf(':');
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (colon <= 0 || port < 1 || port > 65_535) {
        throw in.corrupt(in.position(), "peer address " + text + " is not host:port");
      }
      return InetSocketAddress.createUnresolved(text.substring(0, colon), port);
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw in.corrupt(in.position(), "peer address " + text + " is not host:port");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NodeChange c && Arrays.equals(encode(), c.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "NodeChange[" + kind + " node " + number + " " + key.shortHex() + " " + peer.getHostString() + ":"
        + peer.getPort() + " " + http + "]";
  }
}
