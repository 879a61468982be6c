package io.cairn.kraft.wire;

/**
 * Constants of the KRaft message wire format (version 2). Prose: {@code docs/formats/kraft-message.md}.
 *
 * <p>A message is an <em>envelope</em>, the fields that name where this copy goes, followed by a
 * <em>body</em>, everything else. A leader's append to several peers, and a relay's forwarded
 * copies, differ only in their envelopes, so one body encoding serves them all ({@link BodyCache}).
 *
 * <pre>
 * envelope
 * 0       4      magic   0x4d52424b ("KBRM" little-endian: bytes 'K' 'B' 'R' 'M')
 * 4       1      version 2
 * 5       32     to      node id, big-endian
 * 37      var    fanout  varint count, then that many node ids (requests of types 1, 3, 5 only)
 * ...     var    relay   0x00, or 0x01 and a node id (types 1 to 6 only)
 * ...     4      crc     masked CRC32C (little-endian) of the envelope's bytes before it
 * body
 * b       1      type    (TYPE_* below)
 * b+1     32     from    node id, big-endian
 * b+33    var    term    unsigned varint (0 for READ_INDEX_REQUEST and RELAY_BUNDLE)
 * ...     var    fields  per type, see the page
 * end-4   4      crc     masked CRC32C (little-endian) of the body's bytes before it
 * </pre>
 *
 * <p>Every varint is in its shortest form, every boolean is one byte 0 or 1, node-id lists in a
 * configuration are strictly ascending and nothing follows the CRC: one message has exactly one
 * encoding, and the decoder rejects anything else.
 */
public final class MessageFormat {
  /** Magic number at offset 0. */
  public static final int MAGIC = 0x4d52424b;
  /** The only version this code writes and reads (version 1 carried the destination inside one checksummed unit). */
  public static final int VERSION = 2;
  /** Bytes of the envelope before its variable part: magic, version, {@code to}. */
  public static final int ENVELOPE_FIXED_BYTES = 4 + 1 + 32;
  /** Bytes of each checksum. */
  public static final int CRC_BYTES = 4;
  /** Smallest envelope: fixed part, an empty fanout, no relay, the CRC. */
  public static final int MIN_ENVELOPE_BYTES = ENVELOPE_FIXED_BYTES + 1 + 1 + CRC_BYTES;
  /** Smallest body: type, {@code from}, a one-byte term, the CRC. */
  public static final int MIN_BODY_BYTES = 1 + 32 + 1 + CRC_BYTES;
  /** Smallest possible message. */
  public static final int MIN_BYTES = MIN_ENVELOPE_BYTES + MIN_BODY_BYTES;

  /** {@link io.cairn.kraft.api.AppendRequest}. */
  public static final int TYPE_APPEND_REQUEST = 1;
  /** {@link io.cairn.kraft.api.AppendResponse}. */
  public static final int TYPE_APPEND_RESPONSE = 2;
  /** {@link io.cairn.kraft.api.HeartbeatRequest}. */
  public static final int TYPE_HEARTBEAT_REQUEST = 3;
  /** {@link io.cairn.kraft.api.HeartbeatResponse}. */
  public static final int TYPE_HEARTBEAT_RESPONSE = 4;
  /** {@link io.cairn.kraft.api.VoteRequest}. */
  public static final int TYPE_VOTE_REQUEST = 5;
  /** {@link io.cairn.kraft.api.VoteResponse}. */
  public static final int TYPE_VOTE_RESPONSE = 6;
  /** {@link io.cairn.kraft.api.SnapshotChunk}. */
  public static final int TYPE_SNAPSHOT_CHUNK = 7;
  /** {@link io.cairn.kraft.api.SnapshotResponse}. */
  public static final int TYPE_SNAPSHOT_RESPONSE = 8;
  /** {@link io.cairn.kraft.api.TimeoutNow}. */
  public static final int TYPE_TIMEOUT_NOW = 9;
  /** {@link io.cairn.kraft.api.ReadIndexRequest}. */
  public static final int TYPE_READ_INDEX_REQUEST = 10;
  /** {@link io.cairn.kraft.api.ReadIndexResponse}. */
  public static final int TYPE_READ_INDEX_RESPONSE = 11;
  /** {@link io.cairn.kraft.api.RelayBundle}. */
  public static final int TYPE_RELAY_BUNDLE = 12;

  /** Whether a message of {@code type} may name forwarding targets in its envelope. */
  public static boolean hasFanout(int type) {
    return type == TYPE_APPEND_REQUEST || type == TYPE_HEARTBEAT_REQUEST || type == TYPE_VOTE_REQUEST;
  }

  /** Whether a message of {@code type} may name a relay in its envelope. */
  public static boolean hasRelay(int type) {
    return type >= TYPE_APPEND_REQUEST && type <= TYPE_VOTE_RESPONSE;
  }

  /** Upper bound on any index or term: they are signed longs in memory. */
  public static final long MAX_POSITION = Long.MAX_VALUE;

  private MessageFormat() {}
}
