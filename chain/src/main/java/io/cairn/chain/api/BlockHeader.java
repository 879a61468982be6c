package io.cairn.chain.api;

import io.cairn.chain.codec.BlockFormat;
import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.crypto.Digests;
import io.cairn.chain.crypto.SigningDomain;
import io.cairn.common.ByteWriter;
import java.time.Instant;
import java.util.Arrays;

/**
 * A block's header: height, previous hash, Merkle root of the transactions, timestamp, proposer
 * and the proposer's signature (layout in {@code docs/formats/block.md}). The block's hash is
 * {@code SHA-256} of the 189 header bytes.
 *
 * <p>Thread-safety: immutable (the signature's verdict is computed once, racily but idempotently).
 */
public final class BlockHeader {
  private final BlockFormat.Header fields;
  private final Hash32 hash;
  /** The signature's verdict once checked (a function of the header's bytes alone). */
  private volatile Boolean verdict;

  private BlockHeader(BlockFormat.Header fields) {
    this.fields = fields;
    this.hash = Hash32.wrap(Digests.sha256(fields.encoded()));
  }

  static BlockHeader sign(Identity proposer, long height, Hash32 previousHash, Hash32 merkleRoot,
      long timestampMillis, int transactionCount) {
    var out = BlockFormat.startHeader(height, previousHash.bytes(), merkleRoot.bytes(), timestampMillis,
        proposer.key().bytes(), transactionCount);
    byte[] signature = proposer.sign(SigningDomain.BLOCK.message(out.buffer(), out.size()));
    BlockHeader header = decode(BlockFormat.finishHeader(out, signature));
    header.verdict = Boolean.TRUE; // an Identity's signatures verify under its key (its invariant)
    return header;
  }

  /**
   * Decodes a 189-byte header (structure, limits and CRC; not the signature).
   *
   * @throws io.cairn.common.CorruptionException naming the failed check
   */
  public static BlockHeader decode(byte[] bytes) {
    ByteReader in = new ByteReader(bytes, "block header");
    BlockHeader header = new BlockHeader(BlockFormat.decodeHeader(in));
    in.expectEnd();
    return header;
  }

  static BlockHeader decode(ByteReader in) {
    return new BlockHeader(BlockFormat.decodeHeader(in));
  }

  /** Position in the chain; the first block is 0. */
  public long height() {
    return fields.height();
  }

  /** Hash of the block before, or of the genesis for block 0. */
  public Hash32 previousHash() {
    return Hash32.of(fields.previousHash());
  }

  /** Merkle root over the transactions' identifiers. */
  public Hash32 merkleRoot() {
    return Hash32.of(fields.merkleRoot());
  }

  /** When the proposer made the block, in milliseconds since the Unix epoch. */
  public long timestampMillis() {
    return fields.timestampMillis();
  }

  /** {@link #timestampMillis()} as an instant. */
  public Instant timestamp() {
    return Instant.ofEpochMilli(fields.timestampMillis());
  }

  /** Who proposed and signed the block. */
  public MemberKey proposer() {
    return MemberKey.of(fields.proposer());
  }

  /** Number of transactions in the block. */
  public int transactionCount() {
    return fields.transactionCount();
  }

  /** The block's hash: SHA-256 of the encoded header. */
  public Hash32 hash() {
    return hash;
  }

  /** Whether the signature is the proposer's valid signature of the header (checked once per object). */
  public boolean signatureValid() {
    Boolean known = verdict;
    if (known == null) {
      known = proposer().verify(SigningDomain.BLOCK.message(fields.encoded(), BlockFormat.OFFSET_SIGNATURE),
          fields.signature());
      verdict = known;
    }
    return known;
  }

  /** Whether {@code bytes[offset, offset + 189)} are this header's encoding (no copy). */
  public boolean encodedAt(byte[] bytes, int offset) {
    return bytes.length >= offset + BlockFormat.HEADER_BYTES
        && Arrays.equals(fields.encoded(), 0, BlockFormat.HEADER_BYTES, bytes, offset, offset + BlockFormat.HEADER_BYTES);
  }

  /** A copy of the 189 encoded bytes. */
  public byte[] encode() {
    return fields.encoded().clone();
  }

  /** Appends the 189 encoded bytes to {@code out} (no copy of them is made first). */
  public void writeTo(ByteWriter out) {
    out.raw(fields.encoded(), 0, BlockFormat.HEADER_BYTES);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BlockHeader header && Arrays.equals(fields.encoded(), header.fields.encoded());
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "block " + height() + " " + hash.shortHex() + " (" + transactionCount() + " tx)";
  }
}
