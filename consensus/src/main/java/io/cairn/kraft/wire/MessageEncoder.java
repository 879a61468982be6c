package io.cairn.kraft.wire;

import static io.cairn.kraft.wire.MessageFormat.*;

import io.cairn.common.ByteWriter;
import io.cairn.common.Varints;
import io.cairn.kraft.api.AppendRequest;
import io.cairn.kraft.api.AppendResponse;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.HeartbeatRequest;
import io.cairn.kraft.api.HeartbeatResponse;
import io.cairn.kraft.api.Message;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.ReadIndexRequest;
import io.cairn.kraft.api.ReadIndexResponse;
import io.cairn.kraft.api.RelayBundle;
import io.cairn.kraft.api.RelayableRequest;
import io.cairn.kraft.api.SnapshotChunk;
import io.cairn.kraft.api.SnapshotResponse;
import io.cairn.kraft.api.TimeoutNow;
import io.cairn.kraft.api.VoteRequest;
import io.cairn.kraft.api.VoteResponse;
import java.util.List;

/**
 * Writes messages in the {@link MessageFormat} layout: an envelope (destination, fanout, relay)
 * and a body (everything else), each with its own checksum. Thread-safety: stateless.
 */
public final class MessageEncoder {
  private MessageEncoder() {}

  /**
   * The full encoding of {@code message}, written into a buffer of exactly its size (a growing
   * buffer copied a 4 KiB append three times over and made encoding cost 3x decoding).
   */
  public static byte[] encode(Message message) {
    ByteWriter writer = new ByteWriter(encodedSize(message));
    writeEnvelope(message, writer);
    writeBody(message, writer);
    return writer.toByteArray();
  }

  /** The envelope of {@code message} alone: what differs between copies of one body. */
  public static byte[] encodeEnvelope(Message message) {
    ByteWriter writer = new ByteWriter(envelopeSize(message));
    writeEnvelope(message, writer);
    return writer.toByteArray();
  }

  /** The body of {@code message} alone: what copies to several destinations share. */
  public static byte[] encodeBody(Message message) {
    ByteWriter writer = new ByteWriter(bodySize(message));
    writeBody(message, writer);
    return writer.toByteArray();
  }

  /** Appends the envelope (magic, version, to, fanout, relay, CRC) of {@code message} to {@code writer}. */
  public static void writeEnvelope(Message message, ByteWriter writer) {
    int start = writer.size();
    message.to().writeTo(writer.u32(MAGIC).u8(VERSION));
    List<NodeId> fanout = message instanceof RelayableRequest request ? request.fanout() : List.of();
    writer.varint(fanout.size());
    fanout.forEach(id -> id.writeTo(writer));
    NodeId.writeOptional(writer, message.relay());
    writer.crcFrom(start);
  }

  /** Appends the body (type, from, term, fields, CRC) of {@code message} to {@code writer}. */
  public static void writeBody(Message message, ByteWriter writer) {
    int start = writer.size();
    writeTyped(message, writer);
    writer.crcFrom(start);
  }

  /** Type byte, sender, term and the type's fields (without to, fanout and relay). */
  private static void writeTyped(Message message, ByteWriter writer) {
    message.from().writeTo(writer.u8(typeOf(message))).varint(message.term());
    switch (message) {
      case AppendRequest m -> {
        writer.varint(m.prevIndex()).varint(m.prevTerm()).varint(m.commit()).varint(m.entries().size());
        for (Entry entry : m.entries()) {
          writer.varint(entry.term()).u8(entry.type().code()).bytesVarint(entry.data());
        }
        writer.bool(m.ackDirect());
      }
      case AppendResponse m ->
          writer.varint(m.index()).bool(m.reject()).varint(m.rejectHint()).varint(m.hintTerm());
      case HeartbeatRequest m -> writer.varint(m.commit()).bytesVarint(m.context()).bool(m.ackDirect());
      case HeartbeatResponse m -> writer.bytesVarint(m.context());
      case VoteRequest m ->
          writer.bool(m.preVote()).varint(m.lastIndex()).varint(m.lastTerm()).bool(m.transfer());
      case VoteResponse m -> writer.bool(m.preVote()).bool(m.reject());
      case SnapshotChunk m -> {
        writer.varint(m.metadata().index()).varint(m.metadata().term());
        m.metadata().configuration().writeTo(writer);
        writer.varint(m.totalBytes()).u32(m.checksum()).varint(m.offset()).bytesVarint(m.data()).bool(m.last());
      }
      case SnapshotResponse m -> writer.varint(m.snapshotIndex()).varint(m.nextOffset());
      case TimeoutNow m -> { }
      case ReadIndexRequest m -> writer.bytesVarint(m.context());
      case ReadIndexResponse m -> writer.varint(m.index()).bytesVarint(m.context());
      case RelayBundle m -> {
        writer.varint(m.responses().size());
        for (Message response : m.responses()) {
          writeBundled(response, writer);
        }
      }
    }
  }

  /**
   * A response inside a bundle: type, sender, term and body, without the destination and relay
   * fields, which are the bundle's own {@code to} and {@code from} for every bundled response.
   */
  private static void writeBundled(Message response, ByteWriter writer) {
    response.from().writeTo(writer.u8(typeOf(response))).varint(response.term());
    switch (response) {
      case AppendResponse m -> writer.varint(m.index()).bool(m.reject()).varint(m.rejectHint()).varint(m.hintTerm());
      case HeartbeatResponse m -> writer.bytesVarint(m.context());
      case VoteResponse m -> writer.bool(m.preVote()).bool(m.reject());
      default -> throw new IllegalArgumentException("cannot bundle " + response.getClass().getSimpleName());
    }
  }

  private static int bundledSize(Message response) {
    int size = 1 + NodeId.BYTES + Varints.sizeOf(response.term());
    return size + switch (response) {
      case AppendResponse m -> Varints.sizeOf(m.index()) + 1 + Varints.sizeOf(m.rejectHint())
          + Varints.sizeOf(m.hintTerm());
      case HeartbeatResponse m -> bytesSize(m.context());
      case VoteResponse m -> 2;
      default -> throw new IllegalArgumentException("cannot bundle " + response.getClass().getSimpleName());
    };
  }

  /** Bytes of the whole encoding, computed without encoding entry payloads. */
  public static int encodedSize(Message message) {
    return envelopeSize(message) + bodySize(message);
  }

  /** Bytes of the envelope of {@code message}. */
  public static int envelopeSize(Message message) {
    List<NodeId> fanout = message instanceof RelayableRequest request ? request.fanout() : List.of();
    return ENVELOPE_FIXED_BYTES + Varints.sizeOf(fanout.size()) + NodeId.BYTES * fanout.size()
        + optionalIdSize(message.relay()) + CRC_BYTES;
  }

  /** Bytes of the body of {@code message}. */
  public static int bodySize(Message message) {
    int size = 1 + NodeId.BYTES + Varints.sizeOf(message.term());
    return size + CRC_BYTES + switch (message) {
      case AppendRequest m -> {
        int body = Varints.sizeOf(m.prevIndex()) + Varints.sizeOf(m.prevTerm()) + Varints.sizeOf(m.commit())
            + Varints.sizeOf(m.entries().size());
        for (Entry entry : m.entries()) {
          body += Varints.sizeOf(entry.term()) + 1 + Varints.sizeOf(entry.data().length) + entry.data().length;
        }
        yield body + 1;
      }
      case AppendResponse m -> Varints.sizeOf(m.index()) + 1 + Varints.sizeOf(m.rejectHint())
          + Varints.sizeOf(m.hintTerm());
      case HeartbeatRequest m -> Varints.sizeOf(m.commit()) + bytesSize(m.context()) + 1;
      case HeartbeatResponse m -> bytesSize(m.context());
      case VoteRequest m -> 1 + Varints.sizeOf(m.lastIndex()) + Varints.sizeOf(m.lastTerm()) + 1;
      case VoteResponse m -> 2;
      case SnapshotChunk m -> Varints.sizeOf(m.metadata().index()) + Varints.sizeOf(m.metadata().term())
          + Varints.sizeOf(m.metadata().configuration().voters().size())
          + Varints.sizeOf(m.metadata().configuration().learners().size())
          + NodeId.BYTES * (m.metadata().configuration().voters().size()
              + m.metadata().configuration().learners().size())
          + Varints.sizeOf(m.totalBytes()) + 4 + Varints.sizeOf(m.offset()) + bytesSize(m.data()) + 1;
      case SnapshotResponse m -> Varints.sizeOf(m.snapshotIndex()) + Varints.sizeOf(m.nextOffset());
      case TimeoutNow m -> 0;
      case ReadIndexRequest m -> bytesSize(m.context());
      case ReadIndexResponse m -> Varints.sizeOf(m.index()) + bytesSize(m.context());
      case RelayBundle m -> {
        int body = Varints.sizeOf(m.responses().size());
        for (Message response : m.responses()) {
          body += bundledSize(response);
        }
        yield body;
      }
    };
  }

  static int typeOf(Message message) {
    return switch (message) {
      case AppendRequest m -> TYPE_APPEND_REQUEST;
      case AppendResponse m -> TYPE_APPEND_RESPONSE;
      case HeartbeatRequest m -> TYPE_HEARTBEAT_REQUEST;
      case HeartbeatResponse m -> TYPE_HEARTBEAT_RESPONSE;
      case VoteRequest m -> TYPE_VOTE_REQUEST;
      case VoteResponse m -> TYPE_VOTE_RESPONSE;
      case SnapshotChunk m -> TYPE_SNAPSHOT_CHUNK;
      case SnapshotResponse m -> TYPE_SNAPSHOT_RESPONSE;
      case TimeoutNow m -> TYPE_TIMEOUT_NOW;
      case ReadIndexRequest m -> TYPE_READ_INDEX_REQUEST;
      case ReadIndexResponse m -> TYPE_READ_INDEX_RESPONSE;
      case RelayBundle m -> TYPE_RELAY_BUNDLE;
    };
  }

  private static int optionalIdSize(NodeId id) {
    return id == null ? 1 : 1 + NodeId.BYTES;
  }

  private static int bytesSize(byte[] bytes) {
    return Varints.sizeOf(bytes.length) + bytes.length;
  }
}
