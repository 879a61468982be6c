package io.cairn.replication.node;

import io.cairn.chain.api.Hash32;
import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.kraft.wire.ByteReader;
import io.cairn.replication.transport.Frame;
import java.nio.charset.StandardCharsets;

/**
 * The payloads of the frames the node exchanges besides KRaft messages ({@code
 * docs/formats/replication-frame.md}, "Payloads"): a forwarded transaction's refusal, a record
 * fetch and its answer. Decoding is strict and throws {@link CorruptionException}.
 *
 * <p>Thread-safety: stateless.
 */
final class Wire {
  private Wire() {}

  /** Why the leader did not take a forwarded transaction. */
  record Refusal(Hash32 transactionId, boolean definitive, String reason) {}

  /** A request for record {@code key} of store {@code store}. */
  record Fetch(long requestId, String store, byte[] key) {}

  /** The answer to fetch {@code requestId}: {@code data} or null when the store has no such record. */
  record Record(long requestId, int status, byte[] data) {
    static final int FOUND = 1;
    static final int MISSING = 0;
    static final int TOO_LARGE = 2;
  }

  static Frame refuse(Refusal refusal) {
    ByteWriter out = new ByteWriter(64).raw(refusal.transactionId().bytes()).bool(refusal.definitive())
        .bytesVarint(refusal.reason().getBytes(StandardCharsets.UTF_8));
    return new Frame(Frame.Type.REFUSE, out.toByteArray());
  }

  static Refusal refusal(byte[] payload) {
    ByteReader in = new ByteReader(payload, 0, payload.length, "refusal");
    if (in.remaining() < Hash32.BYTES) {
      throw in.corrupt(0, "truncated transaction id");
    }
    Hash32 id = Hash32.of(payload, 0);
    ByteReader rest = new ByteReader(payload, Hash32.BYTES, payload.length, "refusal");
    boolean definitive = rest.bool();
    String reason = new String(rest.bytes("reason"), StandardCharsets.UTF_8);
    rest.expectEnd();
    return new Refusal(id, definitive, reason);
  }

  static Frame fetch(Fetch fetch) {
    ByteWriter out = new ByteWriter(96).varint(fetch.requestId())
        .bytesVarint(fetch.store().getBytes(StandardCharsets.UTF_8)).bytesVarint(fetch.key());
    return new Frame(Frame.Type.FETCH, out.toByteArray());
  }

  static Fetch fetch(byte[] payload) {
    ByteReader in = new ByteReader(payload, 0, payload.length, "fetch");
    long id = in.varint();
    String store = new String(in.bytes("store"), StandardCharsets.UTF_8);
    byte[] key = in.bytes("key");
    in.expectEnd();
    return new Fetch(id, store, key);
  }

  static Frame record(Record record) {
    ByteWriter out = new ByteWriter(16 + (record.data() == null ? 0 : record.data().length))
        .varint(record.requestId()).u8(record.status());
    if (record.status() == Record.FOUND) {
      out.bytesVarint(record.data());
    }
    return new Frame(Frame.Type.RECORD, out.toByteArray());
  }

  static Record record(byte[] payload) {
    ByteReader in = new ByteReader(payload, 0, payload.length, "record");
    long id = in.varint();
    int at = in.position();
    int status = in.u8();
    if (status > Record.TOO_LARGE) {
      throw in.corrupt(at, "unknown record status " + status);
    }
    byte[] data = status == Record.FOUND ? in.bytes("record") : null;
    in.expectEnd();
    return new Record(id, status, data);
  }
}
