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
      default -> throw reader.error("unknown message kind " + kind);
    };
    return new HqMessage(from, to, decoded);
  }
}
