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
import io.cairn.common.ByteWriter;
import java.util.List;

/** Writes the {@link BftFormat} layout. Thread-safety: stateless. */
public final class BftEncoder {
  private BftEncoder() {}

  /** The framed encoding: magic, version, body with signature, CRC. */
  public static byte[] encode(BftMessage message) {
    ByteWriter writer = new ByteWriter(96);
    writer.u32(MAGIC).u8(VERSION);
    body(writer, message, true);
    writer.crcFrom(0);
    return writer.toByteArray();
  }

  /** The bytes a signature covers: the body without the signature. */
  public static byte[] signedBytes(BftMessage message) {
    ByteWriter writer = new ByteWriter(64);
    body(writer, message, false);
    return writer.toByteArray();
  }

  /** The canonical encoding of a batch (its count and requests), which {@code batchDigest} hashes. */
  public static byte[] batchBytes(List<Request> batch) {
    ByteWriter writer = new ByteWriter(16 + 24 * batch.size());
    batch(writer, batch);
    return writer.toByteArray();
  }

  private static void body(ByteWriter w, BftMessage message, boolean withSignature) {
    switch (message) {
      case Request r -> w.u8(TYPE_REQUEST).varint(r.client()).varint(r.timestamp()).bytesVarint(r.operation());
      case PrePrepare p -> {
        w.u8(TYPE_PRE_PREPARE).varint(p.sender()).varint(p.view()).varint(p.seq()).bytesVarint(p.digest());
        batch(w, p.batch());
      }
      case Prepare p -> w.u8(TYPE_PREPARE).varint(p.sender()).varint(p.view()).varint(p.seq()).bytesVarint(p.digest());
      case Commit c -> w.u8(TYPE_COMMIT).varint(c.sender()).varint(c.view()).varint(c.seq()).bytesVarint(c.digest());
      case Checkpoint c -> w.u8(TYPE_CHECKPOINT).varint(c.sender()).varint(c.seq()).bytesVarint(c.stateDigest());
      case Certificate c -> {
        w.u8(TYPE_CERTIFICATE).varint(c.sender()).u8(c.kind().ordinal()).varint(c.view()).varint(c.seq())
            .bytesVarint(c.digest());
        votes(w, c.votes());
      }
      case ViewChange v -> viewChange(w, v);
      case NewView v -> {
        w.u8(TYPE_NEW_VIEW).varint(v.sender()).varint(v.view()).varint(v.viewChanges().size());
        for (ViewChange change : v.viewChanges()) {
          body(w, change, true);
        }
        w.varint(v.prePrepares().size());
        for (PrePrepare prePrepare : v.prePrepares()) {
          body(w, prePrepare, true);
        }
      }
      case FetchState f -> w.u8(TYPE_FETCH_STATE).varint(f.sender()).varint(f.seq());
      case StateSnapshot s -> w.u8(TYPE_STATE).varint(s.sender()).varint(s.seq()).bytesVarint(s.state());
      case Reply r -> w.u8(TYPE_REPLY).varint(r.sender()).varint(r.view()).varint(r.client()).varint(r.timestamp())
          .varint(r.seq());
    }
    if (withSignature && !(message instanceof Request) && !(message instanceof Certificate)) {
      w.bytesVarint(message.signature());
    }
  }

  private static void viewChange(ByteWriter w, ViewChange v) {
    CheckpointProof checkpoint = v.checkpoint();
    w.u8(TYPE_VIEW_CHANGE).varint(v.sender()).varint(v.newView()).varint(checkpoint.seq())
        .bytesVarint(checkpoint.stateDigest());
    votes(w, checkpoint.votes());
    w.varint(v.prepared().size());
    for (PreparedProof proof : v.prepared()) {
      body(w, proof.prePrepare(), true);
      votes(w, proof.votes());
    }
    w.varint(v.accepted().size());
    for (PrePrepare prePrepare : v.accepted()) {
      body(w, prePrepare, true);
    }
  }

  private static void batch(ByteWriter w, List<Request> batch) {
    w.varint(batch.size());
    for (Request request : batch) {
      w.varint(request.client()).varint(request.timestamp()).bytesVarint(request.operation());
    }
  }

  private static void votes(ByteWriter w, List<Vote> votes) {
    w.varint(votes.size());
    for (Vote vote : votes) {
      w.varint(vote.replica()).bytesVarint(vote.signature());
    }
  }
}
