package io.cairn.bft.wire;

/**
 * Constants of the BFT message wire format (version 1). Prose: {@code docs/formats/bft-messages.md}.
 *
 * <pre>
 * offset  width  field
 * 0       4      magic   0x4d544642 (bytes 'B' 'F' 'T' 'M')
 * 4       1      version 1
 * 5       var    body    type u8, sender varint, fields per type, signature (signed types)
 * end-4   4      crc     masked CRC32C (little-endian) of bytes [0, end-4)
 * </pre>
 *
 * <p>The signed bytes of a message are its body without the trailing signature. Varints are in
 * their shortest form, digests are exactly 32 bytes, votes are in strictly ascending replica order
 * and nothing follows the CRC: one message has exactly one encoding.
 */
public final class BftFormat {
  /** Magic number at offset 0 (little-endian "BFTM"). */
  public static final int MAGIC = 0x4d544642;
  /** The only version this code writes and reads. */
  public static final int VERSION = 1;
  /** Bytes of the trailing checksum. */
  public static final int CRC_BYTES = 4;
  /** Magic and version. */
  public static final int HEADER_BYTES = 5;
  /** Length of every digest (SHA-256). */
  public static final int DIGEST_BYTES = 32;
  /** Longest signature accepted (Ed25519 signatures are 64 bytes). */
  public static final int MAX_SIGNATURE_BYTES = 255;
  /** Highest replica index. */
  public static final int MAX_REPLICA = 1 << 16;

  public static final int TYPE_REQUEST = 1;
  public static final int TYPE_PRE_PREPARE = 2;
  public static final int TYPE_PREPARE = 3;
  public static final int TYPE_COMMIT = 4;
  public static final int TYPE_CHECKPOINT = 5;
  public static final int TYPE_CERTIFICATE = 6;
  public static final int TYPE_VIEW_CHANGE = 7;
  public static final int TYPE_NEW_VIEW = 8;
  public static final int TYPE_FETCH_STATE = 9;
  public static final int TYPE_STATE = 10;
  public static final int TYPE_REPLY = 11;

  private BftFormat() {}
}
