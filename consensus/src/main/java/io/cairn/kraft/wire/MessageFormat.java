package io.cairn.kraft.wire;

/**
 * Constants of the KRaft message wire format (version 1). Prose: {@code docs/formats/kraft-message.md}.
 *
 * <pre>
 * offset  width  field
 * 0       4      magic   0x4d52424b ("KBRM" little-endian: bytes 'K' 'B' 'R' 'M')
 * 4       1      version 1
 * 5       1      type    (TYPE_* below)
 * 6       32     from    node id, big-endian
 * 38      32     to      node id, big-endian
 * 70      var    term    unsigned varint (0 for READ_INDEX_REQUEST and RELAY_BUNDLE)
 * ...     var    body    per type, see the page
 * end-4   4      crc     masked CRC32C (little-endian) of bytes [0, end-4)
 * </pre>
 *
 * <p>Every varint is in its shortest form, every boolean is one byte 0 or 1, node-id lists in a
 * configuration are strictly ascending and nothing follows the CRC: one message has exactly one
 * encoding, and the decoder rejects anything else.
 */
public final class MessageFormat {
  /** Magic number at offset 0. */
  public static final int MAGIC = 0x4d52424b;
  /** The only version this code writes and reads. */
  public static final int VERSION = 1;
  /** Bytes before the body: magic, version, type. */
  public static final int HEADER_BYTES = 6;
  /** Bytes of the trailing checksum. */
  public static final int CRC_BYTES = 4;
  /** Smallest possible message: header, two ids, a one-byte term, the CRC. */
  public static final int MIN_BYTES = HEADER_BYTES + 2 * 32 + 1 + CRC_BYTES;

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

  /** Upper bound on any index or term: they are signed longs in memory. */
  public static final long MAX_POSITION = Long.MAX_VALUE;

  private MessageFormat() {}
}
