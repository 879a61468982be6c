package io.cairn.replication.transport;

import java.util.Arrays;
import java.util.Objects;

/**
 * One unit on a member-to-member connection: a type and its payload ({@code
 * docs/formats/replication-frame.md}). The payload's own layout depends on the type.
 *
 * <p>A frame to send may carry its payload in two parts: {@code payload}, then a {@link Tail} of
 * bytes shared with other frames (one KRaft append body sent to several peers), which the
 * transport writes after it without first copying the two together. On the wire the payload is
 * their concatenation; a received frame has no tail.
 *
 * <p>Thread-safety: immutable as long as nobody writes into {@code payload} (owned by the frame)
 * or the tail's array.
 *
 * @param type what the payload holds
 * @param payload the bytes (the first part of them when there is a tail)
 * @param tail the rest of the payload, or null
 */
public record Frame(Type type, byte[] payload, Tail tail) {
  /** Bytes {@code [offset, offset + length)} of {@code array}, shared and never written. */
  public record Tail(byte[] array, int offset, int length) {
    /** Checks the bounds. */
    public Tail {
      Objects.checkFromIndexSize(offset, length, array.length);
    }
  }

  /** A frame whose payload is all in {@code payload}. */
  public Frame(Type type, byte[] payload) {
    this(type, payload, null);
  }

  /** Frame types and their codes on the wire. */
  public enum Type {
    /** Handshake opening: cluster id, the sender's public key, a fresh nonce. */
    HELLO(1),
    /** Handshake proof: the sender's signature over the session transcript. */
    PROOF(2),
    /** One KRaft message in {@code MessageCodec}'s encoding. */
    RAFT(3),
    /** A transaction (chain encoding) a follower forwards to the leader. */
    FORWARD(4),
    /** The leader's refusal of a forwarded transaction: its id and the reason. */
    REFUSE(5),
    /** A request to a member: an id, a kind (record fetch, verification) and its body. */
    REQUEST(6),
    /** The answer to a {@link #REQUEST}: its id, a status and a body. */
    RESPONSE(7),
    /** One PBFT/SBFT message in the bft codec's encoding ({@code docs/formats/bft-messages.md}). */
    BFT(8),
    /** DAG chain gossip: a block, transactions, tips or a request for blocks ({@code DagWire}). */
    DAG(16),
    /** A message between consortium HQ nodes ({@code HqMessageCodec}, docs/formats/consortium.md). */
    CONSORTIUM(24);

    private final int code;

    Type(int code) {
      this.code = code;
    }

    /** The code on the wire. */
    public int code() {
      return code;
    }

    /** The type of {@code code}, or null when there is none. */
    public static Type ofCode(int code) {
      for (Type type : values()) {
        if (type.code == code) {
          return type;
        }
      }
      return null;
    }
  }

  /** Checks the components. */
  public Frame {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    long length = payload.length + (tail == null ? 0L : tail.length());
    if (length > FrameFormat.PAYLOAD_BYTES_MAX) {
      throw new IllegalArgumentException("frame payload of " + length + " bytes exceeds "
          + FrameFormat.PAYLOAD_BYTES_MAX);
    }
  }

  /** Bytes of the whole payload on the wire (both parts). */
  public int payloadLength() {
    return payload.length + (tail == null ? 0 : tail.length());
  }

  /** The whole payload in one new array when there is a tail, else {@code payload} itself. */
  public byte[] wholePayload() {
    if (tail == null) {
      return payload;
    }
    byte[] whole = Arrays.copyOf(payload, payloadLength());
    System.arraycopy(tail.array(), tail.offset(), whole, payload.length, tail.length());
    return whole;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Frame frame && type == frame.type && Arrays.equals(wholePayload(), frame.wholePayload());
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + Arrays.hashCode(wholePayload());
  }

  @Override
  public String toString() {
    return type + "[" + payloadLength() + "B]";
  }
}
