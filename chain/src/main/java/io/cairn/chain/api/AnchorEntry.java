package io.cairn.chain.api;

import io.cairn.chain.codec.TransactionFormat;
import io.cairn.chain.merkle.MerkleTree;
import io.cairn.common.ByteWriter;

/**
 * One anchored record inside an anchoring transaction: the hash of the record's raw bytes, the
 * algorithm that computed it, and the parameters that read the record back.
 *
 * <p>Thread-safety: immutable.
 */
public final class AnchorEntry {
  private final HashAlgorithm algorithm;
  private final Hash32 recordHash;
  private final ReadParameters read;
  private final byte[] encoded;
  private volatile Hash32 leafHash;

  private AnchorEntry(HashAlgorithm algorithm, Hash32 recordHash, ReadParameters read, byte[] encoded) {
    this.algorithm = algorithm;
    this.recordHash = recordHash;
    this.read = read;
    this.encoded = encoded;
  }

  /** An entry anchoring {@code recordHash}, computed with {@code algorithm}, read back by {@code read}. */
  public static AnchorEntry of(HashAlgorithm algorithm, Hash32 recordHash, ReadParameters read) {
    // From the hash's and the key's own arrays, not copies of them (the encoder only reads them), and
    // the store name's cached UTF-8 bytes: the leader encodes one entry per anchored record (session 14).
    byte[] encoded = TransactionFormat.encodeEntry(algorithm.id(), recordHash.shared(), read.store(), read.sharedKey());
    return new AnchorEntry(algorithm, recordHash, read, encoded);
  }

  /** The entry of a record stored in a {@link RecordStore}. */
  public static AnchorEntry of(StoredRecord record) {
    return of(record.algorithm(), record.key(), record.read());
  }

  /**
   * Decodes the canonical encoding of one entry.
   *
   * @throws io.cairn.common.CorruptionException when the bytes are not exactly one well-formed entry
   */
  public static AnchorEntry decode(byte[] bytes) {
    io.cairn.chain.codec.ByteReader in = new io.cairn.chain.codec.ByteReader(bytes, "anchor entry");
    AnchorEntry entry = decode(in);
    in.expectEnd();
    return entry;
  }

  static AnchorEntry decode(io.cairn.chain.codec.ByteReader in) {
    return decode(in, null);
  }

  /** Decodes the entry at the reader's position, sharing {@code previous}'s store name when it is the same. */
  static AnchorEntry decode(io.cairn.chain.codec.ByteReader in, AnchorEntry previous) {
    return of(TransactionFormat.decodeEntry(in, previous == null ? null : previous.read.store()), in);
  }

  /** The entry of decoded {@code fields} (read from {@code in}, which names a failure). */
  static AnchorEntry of(TransactionFormat.Entry fields, io.cairn.chain.codec.ByteReader in) {
    HashAlgorithm algorithm;
    try {
      algorithm = HashAlgorithm.fromId(fields.algorithm());
    } catch (io.cairn.common.InvalidArgumentException unknown) {
      throw in.error("unknown hash algorithm id " + fields.algorithm());
    }
    return new AnchorEntry(algorithm, Hash32.wrap(fields.recordHash()),
        ReadParameters.decoded(fields.store(), fields.recordKey()), fields.encoded());
  }

  /** The algorithm that computed {@link #recordHash()}. */
  public HashAlgorithm algorithm() {
    return algorithm;
  }

  /** The anchored hash: the record's key. */
  public Hash32 recordHash() {
    return recordHash;
  }

  /** How to read the record back. */
  public ReadParameters read() {
    return read;
  }

  /** A copy of the canonical encoding. */
  public byte[] encode() {
    return encoded.clone();
  }

  /** Bytes of the canonical encoding. */
  public int encodedBytes() {
    return encoded.length;
  }

  /** Copies the canonical encoding into {@code target} at {@code offset} ({@link #encodedBytes()} bytes). */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(encoded, 0, target, offset, encoded.length);
  }

  /**
   * The version 1 encoding itself, not a copy: for encoders in this package and the ledger's, which
   * never write to it.
   */
  public byte[] sharedEncoding() {
    return encoded;
  }

  /** Appends the canonical encoding to {@code out} (no copy of it is made first). */
  public void writeTo(io.cairn.common.ByteWriter out) {
    out.raw(encoded);
  }

  /** The entry's leaf in its transaction's Merkle tree: {@code SHA-256(0x00 || encoding)}. */
  public Hash32 leafHash() {
    Hash32 leaf = leafHash;
    if (leaf == null) {
      leaf = Hash32.wrap(MerkleTree.leafHash(encoded));
      leafHash = leaf;
    }
    return leaf;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AnchorEntry entry && java.util.Arrays.equals(encoded, entry.encoded);
  }

  @Override
  public int hashCode() {
    return recordHash.hashCode();
  }

  @Override
  public String toString() {
    return recordHash.hex() + " (" + algorithm + ") at " + read;
  }
}
