package io.cairn.bft.wire;

import static io.cairn.bft.wire.BftFormat.*;

import io.cairn.bft.api.BftMessage;
import io.cairn.bft.api.Certificate;
import io.cairn.bft.api.Checkpoint;
import io.cairn.bft.api.CheckpointProof;
import io.cairn.bft.api.Commit;
import io.cairn.bft.api.FetchState;
import io.cairn.bft.api.NewView;
import io.cairn.bft.api.PrePrepare;
import io.cairn.bft.api.Prepare;
import io.cairn.bft.api.PreparedProof;
import io.cairn.bft.api.Reply;
import io.cairn.bft.api.Request;
import io.cairn.bft.api.StateSnapshot;
import io.cairn.bft.api.ViewChange;
import io.cairn.bft.api.Vote;
import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import io.cairn.kraft.wire.ByteReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@link BftFormat} layout strictly: whatever {@link BftEncoder} would not produce for
 * some message raises {@link io.cairn.common.CorruptionException}. Thread-safety: stateless.
 */
public final class BftDecoder {
  private static final String WHAT = "bft message";
  private static final Certificate.Kind[] KINDS = Certificate.Kind.values();

  private BftDecoder() {}

  /** Decodes one framed message occupying all of {@code bytes}. */
  public static BftMessage decode(byte[] bytes) {
    ByteReader reader = new ByteReader(bytes, 0, bytes.length, WHAT);
    if (bytes.length < HEADER_BYTES + 2 + CRC_BYTES) {
      throw reader.corrupt(0, "message of " + bytes.length + " bytes is too short");
    }
    int crcOffset = bytes.length - CRC_BYTES;
    if (Crc32c.unmask(Varints.getFixed32(bytes, crcOffset)) != Crc32c.of(bytes, 0, crcOffset)) {
      throw reader.corrupt(crcOffset, "checksum mismatch");
    }
    ByteReader body = new ByteReader(bytes, 0, crcOffset, WHAT);
    if (body.fixed32() != MAGIC) {
      throw body.corrupt(0, "bad magic");
    }
    int version = body.u8();
    if (version != VERSION) {
      throw body.corrupt(4, "unsupported version " + version);
    }
    BftMessage message = body(body, -1);
    body.expectEnd();
    return message;
  }

  /** One body; {@code expectedType} is -1 for any type. */
  private static BftMessage body(ByteReader r, int expectedType) {
    int at = r.position();
    int type = r.u8();
    if (expectedType >= 0 && type != expectedType) {
      throw r.corrupt(at, "type " + type + " where type " + expectedType + " belongs");
    }
    if (type == TYPE_REQUEST) {
      return request(r, r.varint());
    }
    int sender = (int) r.varint(MAX_REPLICA, "sender");
    return switch (type) {
      case TYPE_PRE_PREPARE -> {
        long view = r.varint();
        long seq = r.varint();
        byte[] digest = digest(r);
        int count = r.count(3, "batch size");
        List<Request> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          batch.add(request(r, r.varint()));
        }
        yield new PrePrepare(sender, view, seq, digest, batch, signature(r));
      }
      case TYPE_PREPARE -> new Prepare(sender, r.varint(), r.varint(), digest(r), signature(r));
      case TYPE_COMMIT -> new Commit(sender, r.varint(), r.varint(), digest(r), signature(r));
      case TYPE_CHECKPOINT -> new Checkpoint(sender, r.varint(), digest(r), signature(r));
      case TYPE_CERTIFICATE -> {
        int kindAt = r.position();
        int kind = r.u8();
        if (kind >= KINDS.length) {
          throw r.corrupt(kindAt, "certificate kind " + kind);
        }
        yield new Certificate(sender, KINDS[kind], r.varint(), r.varint(), digest(r), votes(r));
      }
      case TYPE_VIEW_CHANGE -> viewChange(r, sender);
      case TYPE_NEW_VIEW -> {
        long view = r.varint();
        int changes = r.count(8, "view changes");
        List<ViewChange> viewChanges = new ArrayList<>(changes);
        for (int i = 0; i < changes; i++) {
          viewChanges.add((ViewChange) body(r, TYPE_VIEW_CHANGE));
        }
        yield new NewView(sender, view, viewChanges, prePrepares(r), signature(r));
      }
      case TYPE_FETCH_STATE -> new FetchState(sender, r.varint(), signature(r));
      case TYPE_STATE -> new StateSnapshot(sender, r.varint(), r.bytes("state"), signature(r));
      case TYPE_REPLY -> new Reply(sender, r.varint(), r.varint(), r.varint(), r.varint(), signature(r));
      default -> throw r.corrupt(at, "unknown message type " + type);
    };
  }

  private static ViewChange viewChange(ByteReader r, int sender) {
    long newView = r.varint();
    CheckpointProof checkpoint = new CheckpointProof(r.varint(), digest(r), votes(r));
    int preparedCount = r.count(8, "prepared proofs");
    List<PreparedProof> prepared = new ArrayList<>(preparedCount);
    for (int i = 0; i < preparedCount; i++) {
      prepared.add(new PreparedProof((PrePrepare) body(r, TYPE_PRE_PREPARE), votes(r)));
    }
    return new ViewChange(sender, newView, checkpoint, prepared, prePrepares(r), signature(r));
  }

  private static List<PrePrepare> prePrepares(ByteReader r) {
    int count = r.count(8, "pre-prepares");
    List<PrePrepare> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add((PrePrepare) body(r, TYPE_PRE_PREPARE));
    }
    return list;
  }

  private static Request request(ByteReader r, long client) {
    int at = r.position();
    long timestamp = r.varint();
    if (timestamp < 1 || client < 0) {
      throw r.corrupt(at, "request needs client >= 0 and timestamp >= 1");
    }
    return new Request(client, timestamp, r.bytes("operation"));
  }

  private static byte[] digest(ByteReader r) {
    int at = r.position();
    byte[] digest = r.bytes("digest");
    if (digest.length != DIGEST_BYTES) {
      throw r.corrupt(at, "digest of " + digest.length + " bytes");
    }
    return digest;
  }

  private static byte[] signature(ByteReader r) {
    int at = r.position();
    byte[] signature = r.bytes("signature");
    if (signature.length > MAX_SIGNATURE_BYTES) {
      throw r.corrupt(at, "signature of " + signature.length + " bytes");
    }
    return signature;
  }

  private static List<Vote> votes(ByteReader r) {
    int count = r.count(2, "votes");
    List<Vote> votes = new ArrayList<>(count);
    int previous = -1;
    for (int i = 0; i < count; i++) {
      int at = r.position();
      int replica = (int) r.varint(MAX_REPLICA, "voter");
      if (replica <= previous) {
        throw r.corrupt(at, "votes not in strictly ascending replica order");
      }
      previous = replica;
      votes.add(new Vote(replica, signature(r)));
    }
    return votes;
  }
}
