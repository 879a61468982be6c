package io.cairn.replication.node;

import io.cairn.chain.api.Hash32;
import io.cairn.common.ByteWriter;
import io.cairn.kraft.wire.ByteReader;
import io.cairn.replication.transport.Frame;
import java.nio.charset.StandardCharsets;

/**
 * The payloads of the frames the node exchanges besides KRaft messages ({@code
 * docs/formats/replication-frame.md}, "Types and payloads"): a forwarded transaction's refusal,
 * and requests between members with their responses. Decoding is strict and throws {@link
 * io.cairn.common.CorruptionException}.
 *
 * <p>Thread-safety: stateless.
 */
final class Wire {
  /** Request kind: an off-chain record by store name and key. */
  static final int KIND_RECORD = 1;
  /** Request kind: a verification request to answer with a signed verdict. */
  static final int KIND_VERIFY = 2;
  /** Request kind: blocks from a height, for a PBFT/SBFT member whose ledger missed decisions. */
  static final int KIND_BLOCKS = 3;
  /** Response status: no result (a record the store does not hold). */
  static final int STATUS_NONE = 0;
  /** Response status: the body is the result. */
  static final int STATUS_OK = 1;
  /** Response status: the request failed; the body says why (UTF-8). */
  static final int STATUS_FAILED = 2;

  private Wire() {}

  /** Refusal kind: the receiver is not the leader; the sender resends to the leader it learns of. */
  static final int REFUSAL_NOT_LEADER = 0;
  /** Refusal kind: the transaction breaks a ledger rule; the write fails. */
  static final int REFUSAL_DEFINITIVE = 1;
  /** Refusal kind: its nonce is stale (a copy may already have committed). */
  static final int REFUSAL_STALE = 2;

  /** Why the leader did not take a forwarded transaction ({@code kind}: a REFUSAL_ constant). */
  record Refusal(Hash32 transactionId, int kind, String reason) {}

  /** Request {@code id} of kind {@code kind}. */
  record Request(long id, int kind, byte[] body) {}

  /** The answer to request {@code id}. */
  record Response(long id, int status, byte[] body) {}

  /** A record request's body. */
  record RecordQuery(String store, byte[] key) {}

  static Frame refuse(Refusal refusal) {
    ByteWriter out = new ByteWriter(64).raw(refusal.transactionId().bytes()).u8(refusal.kind())
        .bytesVarint(refusal.reason().getBytes(StandardCharsets.UTF_8));
    return new Frame(Frame.Type.REFUSE, out.toByteArray());
  }

  static Refusal refusal(byte[] payload) {
    if (payload.length < Hash32.BYTES) {
      throw new ByteReader(payload, 0, payload.length, "refusal").corrupt(0, "truncated transaction id");
    }
    Hash32 id = Hash32.of(payload, 0);
    ByteReader in = new ByteReader(payload, Hash32.BYTES, payload.length, "refusal");
    int at = in.position();
    int kind = in.u8();
    if (kind > REFUSAL_STALE) {
      throw in.corrupt(at, "unknown refusal kind " + kind);
    }
    String reason = new String(in.bytes("reason"), StandardCharsets.UTF_8);
    in.expectEnd();
    return new Refusal(id, kind, reason);
  }

  static Frame request(Request request) {
    ByteWriter out = new ByteWriter(request.body().length + 16).varint(request.id()).u8(request.kind())
        .bytesVarint(request.body());
    return new Frame(Frame.Type.REQUEST, out.toByteArray());
  }

  static Request request(byte[] payload) {
    ByteReader in = new ByteReader(payload, 0, payload.length, "request");
    long id = in.varint();
    int at = in.position();
    int kind = in.u8();
    if (kind != KIND_RECORD && kind != KIND_VERIFY && kind != KIND_BLOCKS) {
      throw in.corrupt(at, "unknown request kind " + kind);
    }
    byte[] body = in.bytes("body");
    in.expectEnd();
    return new Request(id, kind, body);
  }

  static Frame response(Response response) {
    ByteWriter out = new ByteWriter(response.body().length + 16).varint(response.id()).u8(response.status())
        .bytesVarint(response.body());
    return new Frame(Frame.Type.RESPONSE, out.toByteArray());
  }

  static Response response(byte[] payload) {
    ByteReader in = new ByteReader(payload, 0, payload.length, "response");
    long id = in.varint();
    int at = in.position();
    int status = in.u8();
    if (status > STATUS_FAILED) {
      throw in.corrupt(at, "unknown response status " + status);
    }
    byte[] body = in.bytes("body");
    in.expectEnd();
    return new Response(id, status, body);
  }

  /** A blocks request's answer: the answering member's decided sequence number, its block count, blocks from the asked height. */
  record BlocksAnswer(long decidedSeq, long blockCount, java.util.List<byte[]> blocks) {
    BlocksAnswer {
      blocks = java.util.List.copyOf(blocks);
    }
  }

  /** A blocks request's body: {@code varint fromHeight}. */
  static byte[] blocksQuery(long fromHeight) {
    return new ByteWriter(10).varint(fromHeight).toByteArray();
  }

  static long blocksQuery(byte[] body) {
    ByteReader in = new ByteReader(body, 0, body.length, "blocks query");
    long from = in.varint();
    in.expectEnd();
    return from;
  }

  /** {@code varint decidedSeq, varint blockCount, varint n, n × bytes block}. */
  static byte[] blocksAnswer(BlocksAnswer answer) {
    int size = 32 + answer.blocks().stream().mapToInt(block -> block.length + 5).sum();
    ByteWriter out = new ByteWriter(size).varint(answer.decidedSeq()).varint(answer.blockCount())
        .varint(answer.blocks().size());
    answer.blocks().forEach(out::bytesVarint);
    return out.toByteArray();
  }

  static BlocksAnswer blocksAnswer(byte[] body) {
    ByteReader in = new ByteReader(body, 0, body.length, "blocks answer");
    long seq = in.varint();
    long count = in.varint();
    int n = in.count(1, "blocks");
    java.util.List<byte[]> blocks = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      blocks.add(in.bytes("block"));
    }
    in.expectEnd();
    return new BlocksAnswer(seq, count, blocks);
  }

  static byte[] recordQuery(RecordQuery query) {
    return new ByteWriter(query.key().length + 80).bytesVarint(query.store().getBytes(StandardCharsets.UTF_8))
        .bytesVarint(query.key()).toByteArray();
  }

  static RecordQuery recordQuery(byte[] body) {
    ByteReader in = new ByteReader(body, 0, body.length, "record query");
    String store = new String(in.bytes("store"), StandardCharsets.UTF_8);
    byte[] key = in.bytes("key");
    in.expectEnd();
    return new RecordQuery(store, key);
  }
}
