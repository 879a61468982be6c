package io.cairn.chain.codec;

import io.cairn.common.ByteWriter;

/**
 * The canonical encoding of blocks (see {@code docs/formats/block.md}). All integers are
 * little-endian. The header has a fixed size; the block hash is {@code SHA-256(header)}, 189
 * bytes, signature and CRC included, and block {@code h + 1} names it as its previous hash.
 *
 * <pre>
 * header (189 bytes)
 * +0   u32  magic 0x4b4c4243 ("CBLK")
 * +4   u8   version (1)
 * +5   u64  height (0 for the first block)
 * +13  [32] previous hash: hash of block height-1, or of the genesis for block 0
 * +45  [32] Merkle root over the transactions' identifiers, in block order
 * +77  u64  timestamp, milliseconds since the Unix epoch (never below the previous block's)
 * +85  [32] proposer: Ed25519 public key of an admitted member with the PROPOSE role
 * +117 u32  transaction count (1..65,536)
 * +121 [64] signature: Ed25519 over "cairn.block.v1" 0x00 || bytes [0, 121)
 * +185 u32  masked CRC32C of bytes [0, 185)
 *
 * block = header, then transaction count times: u32 length (1..8 MiB), transaction bytes
 * </pre>
 */
public final class BlockFormat {
  /** "CBLK" read little-endian. */
  public static final int MAGIC = 0x4b4c4243;
  /** The version this code writes and reads. */
  public static final int VERSION = 1;

  public static final int OFFSET_HEIGHT = 5;
  public static final int OFFSET_PREVIOUS_HASH = 13;
  public static final int OFFSET_MERKLE_ROOT = 45;
  public static final int OFFSET_TIMESTAMP = 77;
  public static final int OFFSET_PROPOSER = 85;
  public static final int OFFSET_TRANSACTION_COUNT = 117;
  public static final int OFFSET_SIGNATURE = 121;
  public static final int OFFSET_CRC = 185;
  /** Bytes of a header. */
  public static final int HEADER_BYTES = 189;

  /** Most transactions in one block. */
  public static final int TRANSACTIONS_MAX = 65_536;
  /** Longest encoded block. */
  public static final int BLOCK_BYTES_MAX = 64 << 20;

  private BlockFormat() {}

  /** The decoded fields of a header; arrays are owned by the record. */
  public record Header(
      long height,
      byte[] previousHash,
      byte[] merkleRoot,
      long timestampMillis,
      byte[] proposer,
      int transactionCount,
      byte[] signature,
      byte[] encoded) {}

  /** Writes the signed part of a header (everything before the signature). */
  public static ByteWriter startHeader(long height, byte[] previousHash, byte[] merkleRoot,
      long timestampMillis, byte[] proposer, int transactionCount) {
    ByteWriter out = new ByteWriter(HEADER_BYTES);
    out.u32(MAGIC).u8(VERSION).u64(height).raw(previousHash).raw(merkleRoot)
        .u64(timestampMillis).raw(proposer).u32(transactionCount);
    assert out.size() == OFFSET_SIGNATURE;
    return out;
  }

  /** Appends the signature and CRC to a header begun by {@link #startHeader}. */
  public static byte[] finishHeader(ByteWriter signedPart, byte[] signature) {
    signedPart.raw(signature).crcFrom(0);
    assert signedPart.size() == HEADER_BYTES;
    return signedPart.toByteArray();
  }

  /** Decodes a header at the reader's position (magic, version, limits, CRC; not the signature). */
  public static Header decodeHeader(ByteReader in) {
    int from = in.offset();
    in.magic(MAGIC);
    in.version(VERSION);
    long height = in.u64("height");
    if (height < 0) {
      throw in.error("height " + Long.toUnsignedString(height) + " is beyond 2^63-1");
    }
    byte[] previous = in.raw(32, "previous hash");
    byte[] root = in.raw(32, "merkle root");
    long timestamp = in.u64("timestamp");
    if (timestamp < 0) {
      throw in.error("timestamp " + Long.toUnsignedString(timestamp) + " is beyond 2^63-1");
    }
    byte[] proposer = in.raw(32, "proposer");
    int count = in.u32("transaction count");
    if (count == 0) {
      throw in.error("a block has no transactions");
    }
    if (count < 0 || count > TRANSACTIONS_MAX) {
      throw in.overLimit("transaction count " + Integer.toUnsignedString(count) + " outside 1.." + TRANSACTIONS_MAX);
    }
    byte[] signature = in.raw(64, "signature");
    in.crcFrom(from);
    return new Header(height, previous, root, timestamp, proposer, count, signature, in.copyFrom(from));
  }

  /** Reads the u32 length in front of a transaction inside a block, checking its bounds. */
  public static int transactionLength(ByteReader in) {
    int length = in.u32("transaction length");
    if (length == 0) {
      throw in.error("empty transaction");
    }
    if (length < 0 || length > TransactionFormat.TRANSACTION_BYTES_MAX) {
      throw in.overLimit("transaction length " + Integer.toUnsignedString(length) + " outside 1.."
          + TransactionFormat.TRANSACTION_BYTES_MAX);
    }
    return length;
  }
}
