package io.cairn.kraft.wire;

import static io.cairn.kraft.wire.MessageFormat.*;

import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import io.cairn.kraft.api.AppendRequest;
import io.cairn.kraft.api.AppendResponse;
import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.kraft.api.HeartbeatRequest;
import io.cairn.kraft.api.HeartbeatResponse;
import io.cairn.kraft.api.Message;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.ReadIndexRequest;
import io.cairn.kraft.api.ReadIndexResponse;
import io.cairn.kraft.api.RelayBundle;
import io.cairn.kraft.api.SnapshotChunk;
import io.cairn.kraft.api.SnapshotMetadata;
import io.cairn.kraft.api.SnapshotResponse;
import io.cairn.kraft.api.TimeoutNow;
import io.cairn.kraft.api.VoteRequest;
import io.cairn.kraft.api.VoteResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@link MessageFormat} layout strictly: any input that {@link MessageEncoder} would
 * not produce for some message raises {@link io.cairn.common.CorruptionException}. Thread-safety:
 * stateless.
 */
public final class MessageDecoder {
  private static final String WHAT = "kraft message";

  private MessageDecoder() {}

  /**
   * Decodes one message occupying all of {@code bytes}.
   *
   * @throws io.cairn.common.CorruptionException on a bad magic, version, checksum, type, field or length
   */
  public static Message decode(byte[] bytes) {
    return decodeSplit(bytes).message();
  }

  /**
   * A decoded message and where its body starts in the bytes it came from: {@code
   * bytes[bodyOffset, bytes.length)} is exactly the body encoding, which a relay's forwarded
   * copies share.
   */
  public record Split(Message message, int bodyOffset) {}

  /** Decodes like {@link #decode} and says where the body starts. */
  public static Split decodeSplit(byte[] bytes) {
    ByteReader envelope = new ByteReader(bytes, 0, bytes.length, WHAT);
    if (bytes.length < MIN_BYTES) {
      throw envelope.corrupt(0, "message of " + bytes.length + " bytes is shorter than " + MIN_BYTES);
    }
    if (envelope.fixed32() != MAGIC) {
      throw envelope.corrupt(0, "bad magic");
    }
    int version = envelope.u8();
    if (version != VERSION) {
      throw envelope.corrupt(4, "KRaft message version " + version + " is not supported: this node reads only version "
          + VERSION + " (every member of a cluster must run the same wire version)");
    }
    NodeId to = envelope.nodeId();
    List<NodeId> fanout = readIds(envelope);
    int relayAt = envelope.position();
    NodeId relay = envelope.optionalNodeId();
    int envelopeCrcAt = envelope.position();
    checkCrc(envelope, bytes, 0, envelopeCrcAt, envelope.fixed32(), "envelope");
    int bodyOffset = envelope.position();
    int bodyCrcAt = bytes.length - CRC_BYTES;
    if (bodyCrcAt - bodyOffset < MIN_BODY_BYTES - CRC_BYTES) {
      throw envelope.corrupt(bodyOffset, "body of " + (bytes.length - bodyOffset) + " bytes is too short");
    }
    checkCrc(envelope, bytes, bodyOffset, bodyCrcAt, Varints.getFixed32(bytes, bodyCrcAt), "body");
    ByteReader body = new ByteReader(bytes, bodyOffset, bodyCrcAt, WHAT);
    int type = bytes[bodyOffset] & 0xff;
    if (!fanout.isEmpty() && !hasFanout(type)) {
      throw envelope.corrupt(ENVELOPE_FIXED_BYTES, "type " + type + " cannot carry a fanout");
    }
    if (relay != null && !hasRelay(type)) {
      throw envelope.corrupt(relayAt, "type " + type + " cannot name a relay");
    }
    Message message = readTyped(body, to, fanout, relay);
    body.expectEnd();
    return new Split(message, bodyOffset);
  }

  private static void checkCrc(ByteReader reader, byte[] bytes, int from, int crcAt, int stored, String part) {
    if (Crc32c.unmask(stored) != Crc32c.of(bytes, from, crcAt - from)) {
      throw reader.corrupt(crcAt, part + " checksum mismatch");
    }
  }

  private static Message readTyped(ByteReader reader, NodeId to, List<NodeId> fanout, NodeId relay) {
    int typeOffset = reader.position();
    int type = reader.u8();
    NodeId from = reader.nodeId();
    long term = reader.varint(MAX_POSITION, "term");
    if ((type == TYPE_READ_INDEX_REQUEST || type == TYPE_RELAY_BUNDLE) && term != 0) {
      throw reader.corrupt(typeOffset, "type " + type + " must carry term 0");
    }
    return switch (type) {
      case TYPE_APPEND_REQUEST -> readAppend(reader, from, to, term, fanout, relay);
      case TYPE_APPEND_RESPONSE -> new AppendResponse(from, to, term, reader.varint(MAX_POSITION, "index"),
          reader.bool(), reader.varint(MAX_POSITION, "reject hint"), reader.varint(MAX_POSITION, "hint term"), relay);
      case TYPE_HEARTBEAT_REQUEST -> new HeartbeatRequest(from, to, term, reader.varint(MAX_POSITION, "commit"),
          reader.bytes("context"), fanout, relay, reader.bool());
      case TYPE_HEARTBEAT_RESPONSE -> new HeartbeatResponse(from, to, term, reader.bytes("context"), relay);
      case TYPE_VOTE_REQUEST -> new VoteRequest(from, to, term, reader.bool(),
          reader.varint(MAX_POSITION, "last index"), reader.varint(MAX_POSITION, "last term"), reader.bool(),
          fanout, relay);
      case TYPE_VOTE_RESPONSE -> new VoteResponse(from, to, term, reader.bool(), reader.bool(), relay);
      case TYPE_SNAPSHOT_CHUNK -> readSnapshotChunk(reader, from, to, term);
      case TYPE_SNAPSHOT_RESPONSE -> new SnapshotResponse(from, to, term,
          reader.varint(MAX_POSITION, "snapshot index"), reader.varint(MAX_POSITION, "next offset"));
      case TYPE_TIMEOUT_NOW -> new TimeoutNow(from, to, term);
      case TYPE_READ_INDEX_REQUEST -> new ReadIndexRequest(from, to, reader.bytes("context"));
      case TYPE_READ_INDEX_RESPONSE -> new ReadIndexResponse(from, to, term,
          reader.varint(MAX_POSITION, "index"), reader.bytes("context"));
      case TYPE_RELAY_BUNDLE -> readBundle(reader, from, to);
      default -> throw reader.corrupt(typeOffset, "unknown message type " + type);
    };
  }

  private static AppendRequest readAppend(ByteReader reader, NodeId from, NodeId to, long term,
      List<NodeId> fanout, NodeId relay) {
    long prevIndex = reader.varint(MAX_POSITION, "prev index");
    long prevTerm = reader.varint(MAX_POSITION, "prev term");
    long commit = reader.varint(MAX_POSITION, "commit");
    int countOffset = reader.position();
    int count = reader.count(3, "entry count");
    if (prevIndex > MAX_POSITION - count) {
      throw reader.corrupt(countOffset, "entry indexes overflow");
    }
    List<Entry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long entryTerm = reader.varint(MAX_POSITION, "entry term");
      int typeOffset = reader.position();
      EntryType type = EntryType.ofCode(reader.u8());
      if (type == null) {
        throw reader.corrupt(typeOffset, "unknown entry type");
      }
      entries.add(new Entry(prevIndex + 1 + i, entryTerm, type, reader.bytes("entry data")));
    }
    return new AppendRequest(from, to, term, prevIndex, prevTerm, entries, commit, fanout, relay, reader.bool());
  }

  private static SnapshotChunk readSnapshotChunk(ByteReader reader, NodeId from, NodeId to, long term) {
    long index = reader.varint(MAX_POSITION, "snapshot index");
    long snapshotTerm = reader.varint(MAX_POSITION, "snapshot term");
    Configuration configuration = Configuration.readFrom(reader);
    long totalBytes = reader.varint(MAX_POSITION, "total bytes");
    int checksum = reader.fixed32();
    int offsetAt = reader.position();
    long offset = reader.varint(MAX_POSITION, "offset");
    byte[] data = reader.bytes("chunk");
    boolean last = reader.bool();
    if (offset > totalBytes || data.length > totalBytes - offset) {
      throw reader.corrupt(offsetAt, "chunk runs past the snapshot's " + totalBytes + " bytes");
    }
    if (last != (offset + data.length == totalBytes)) {
      throw reader.corrupt(offsetAt, "last flag disagrees with the chunk's end");
    }
    return new SnapshotChunk(from, to, term, new SnapshotMetadata(index, snapshotTerm, configuration),
        totalBytes, checksum, offset, data, last);
  }

  private static RelayBundle readBundle(ByteReader reader, NodeId from, NodeId to) {
    int count = reader.count(1 + NodeId.BYTES + 2, "bundle size");
    List<Message> responses = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      responses.add(readBundled(reader, from, to));
    }
    return new RelayBundle(from, to, responses);
  }

  /** A bundled response: its destination is the bundle's {@code to}, its relay the bundle's sender. */
  private static Message readBundled(ByteReader reader, NodeId relay, NodeId to) {
    int typeOffset = reader.position();
    int type = reader.u8();
    NodeId from = reader.nodeId();
    long term = reader.varint(MAX_POSITION, "term");
    return switch (type) {
      case TYPE_APPEND_RESPONSE -> new AppendResponse(from, to, term, reader.varint(MAX_POSITION, "index"),
          reader.bool(), reader.varint(MAX_POSITION, "reject hint"), reader.varint(MAX_POSITION, "hint term"), relay);
      case TYPE_HEARTBEAT_RESPONSE -> new HeartbeatResponse(from, to, term, reader.bytes("context"), relay);
      case TYPE_VOTE_RESPONSE -> new VoteResponse(from, to, term, reader.bool(), reader.bool(), relay);
      default -> throw reader.corrupt(typeOffset, "type " + type + " cannot be bundled");
    };
  }

  private static List<NodeId> readIds(ByteReader reader) {
    int count = reader.count(NodeId.BYTES, "fanout size");
    List<NodeId> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(reader.nodeId());
    }
    return ids;
  }
}
