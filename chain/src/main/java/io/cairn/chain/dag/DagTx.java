package io.cairn.chain.dag;

import java.util.Arrays;
import java.util.Objects;

/**
 * A transaction as the DAG orders it: its {@code id} (two transactions with the same id are the
 * same transaction: a later copy is a duplicate) and its {@code key}, the anchored key it claims
 * (two transactions with different ids and the same key conflict: the later one in the total order
 * is dropped). For an anchoring transaction the key is the record hash and the id the hash of the
 * whole transaction, so "first anchor of a key wins". The {@code payload} is empty for Cairn's
 * anchoring transactions (the record stays off-chain); it carries the record itself when a record
 * is kept wholly on chain (the comparison of seed 004 §5.3-5.4).
 *
 * @param id the transaction's identity
 * @param key the anchored key it claims
 * @param payload bytes carried on chain with it, at most {@link #PAYLOAD_MAX} (copied in and out)
 */
public record DagTx(DagId id, DagId key, byte[] payload) {
  /** The largest payload, bytes. */
  public static final int PAYLOAD_MAX = 1 << 20;

  private static final byte[] NONE = new byte[0];

  public DagTx {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
    payload = payload.length == 0 ? NONE : payload.clone();
    if (payload.length > PAYLOAD_MAX) {
      throw new io.cairn.common.InvalidArgumentException("a payload is at most " + PAYLOAD_MAX + " bytes, got " + payload.length);
    }
  }

  /** A transaction without payload. */
  public DagTx(DagId id, DagId key) {
    this(id, key, NONE);
  }

  /** A transaction that is its own key: it can be a duplicate but never conflicts with another. */
  public static DagTx of(DagId id) {
    return new DagTx(id, id, NONE);
  }

  /** Whether id and key are the same (the form {@link #of} makes). */
  public boolean selfKeyed() {
    return id.equals(key);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** Payload length, bytes. */
  public int payloadLength() {
    return payload.length;
  }

  /** The payload itself, for encoders in this package that only read it. */
  byte[] sharedPayload() {
    return payload;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DagTx other && id.equals(other.id) && key.equals(other.key)
        && Arrays.equals(payload, other.payload);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * id.hashCode() + key.hashCode()) + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "DagTx[" + id + (selfKeyed() ? "" : " key " + key) + (payload.length == 0 ? "" : ", " + payload.length + " payload bytes") + "]";
  }
}
