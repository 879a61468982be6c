package io.cairn.consortium;

import io.cairn.bft.api.BftCodec;
import io.cairn.chain.codec.ByteReader;
import io.cairn.common.ByteWriter;

/**
 * The wire form of an {@link HqMessage}, so HQ nodes can talk over any byte link (a process per HQ
 * node over the member transport, for example): a frame with magic {@code CSHM} holding the sender,
 * the receiver, the body's kind and the body's own encoding (the consortium formats, the Byzantine
 * core's codec for {@link HqMessage.Bft}, the 32-byte block hash for {@link HqMessage.Fetch}).
 * Format: docs/formats/consortium.md. The transport must authenticate the sender; every body that
 * matters is signed as well.
 */
public final class HqMessageCodec {
  static final int MESSAGE = 0x4d485343; // "CSHM"
  private static final int DATA_SET = 1;
  private static final int PROPOSAL = 2;
  private static final int RESULT = 3;
  private static final int REPLY = 4;
  private static final int FETCH = 5;
  private static final int BFT = 6;
  private static final int SYNC_REQUEST = 7;
  private static final int SYNC_ANSWER = 8;
  /** Longest body: a block of data sets. */
  private static final int MAX_BODY = 256 << 20;

  private HqMessageCodec() {}

  public static byte[] encode(HqMessage message) {
    int kind;
    byte[] body;
    switch (message.body()) {
      case HqMessage.DataSetBody(DataSet dataSet) -> {
        kind = DATA_SET;
        body = dataSet.encode();
      }
      case HqMessage.Proposal(ConsortiumBlock block) -> {
        kind = PROPOSAL;
        body = block.encode();
      }
      case HqMessage.Result(VerificationResult result) -> {
        kind = RESULT;
        body = result.encode();
      }
      case HqMessage.Reply(VerificationReply reply) -> {
        kind = REPLY;
        body = reply.encode();
      }
      case HqMessage.Fetch(byte[] hash) -> {
        kind = FETCH;
        body = hash.clone();
      }
      case HqMessage.Bft(io.cairn.bft.api.BftMessage bft) -> {
        kind = BFT;
        body = BftCodec.encode(bft);
      }
      case HqMessage.SyncRequest(long fromHeight) -> {
        kind = SYNC_REQUEST;
        body = new ByteWriter(8).u64(fromHeight).toByteArray();
      }
      case HqMessage.SyncAnswer answer -> {
        kind = SYNC_ANSWER;
        body = syncAnswer(answer);
      }
    }
    ByteWriter writer = Wire.begin(MESSAGE, 16 + body.length).u16(message.from()).u16(message.to()).u8(kind)
        .bytes32(body);
    return Wire.finish(writer);
  }

  public static HqMessage decode(byte[] bytes) {
    ByteReader reader = Wire.open(bytes, MESSAGE, "hq message");
    int from = reader.u16("from");
    int to = reader.u16("to");
    int kind = reader.u8("kind");
    byte[] body = Wire.bytes32(reader, MAX_BODY, "body");
    Wire.close(reader);
    HqMessage.Body decoded = switch (kind) {
      case DATA_SET -> new HqMessage.DataSetBody(DataSet.decode(body));
      case PROPOSAL -> new HqMessage.Proposal(ConsortiumBlock.decode(body));
      case RESULT -> new HqMessage.Result(VerificationResult.decode(body));
      case REPLY -> new HqMessage.Reply(VerificationReply.decode(body));
      case FETCH -> {
        if (body.length != Wire.HASH_BYTES) {
          throw reader.error("a fetch carries a 32-byte hash, not " + body.length + " bytes");
        }
        yield new HqMessage.Fetch(body);
      }
      case BFT -> new HqMessage.Bft(BftCodec.decode(body));
      case SYNC_REQUEST -> new HqMessage.SyncRequest(syncRequest(body));
      case SYNC_ANSWER -> syncAnswer(body);
      default -> throw reader.error("unknown message kind " + kind);
    };
    return new HqMessage(from, to, decoded);
  }

  private static byte[] syncAnswer(HqMessage.SyncAnswer answer) {
    ByteWriter writer = new ByteWriter(64).u64(answer.height()).u32(answer.blocks().size());
    for (int i = 0; i < answer.blocks().size(); i++) {
      writer.bytes32(answer.blocks().get(i).encode()).bytes32(answer.commits().get(i).encode());
    }
    return writer.toByteArray();
  }

  private static long syncRequest(byte[] body) {
    ByteReader reader = new ByteReader(body, "sync request");
    long from = reader.u64("from height");
    reader.expectEnd();
    if (from < 0) {
      throw reader.error("negative height " + from);
    }
    return from;
  }

  private static HqMessage.SyncAnswer syncAnswer(byte[] body) {
    ByteReader reader = new ByteReader(body, "sync answer");
    long height = reader.u64("height");
    int count = Wire.count(reader, Wire.MAX_ITEMS, "blocks");
    java.util.List<ConsortiumBlock> blocks = new java.util.ArrayList<>();
    java.util.List<CommitRecord> commits = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      blocks.add(ConsortiumBlock.decode(Wire.nested(reader, "block")));
      commits.add(CommitRecord.decode(Wire.nested(reader, "commit")));
    }
    reader.expectEnd();
    if (height < 0) {
      throw reader.error("negative height " + height);
    }
    return new HqMessage.SyncAnswer(height, blocks, commits);
  }
}
