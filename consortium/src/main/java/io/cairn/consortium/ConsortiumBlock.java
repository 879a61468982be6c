package io.cairn.consortium;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.merkle.MerkleTree;
import io.cairn.common.ByteWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A block of the consortium chain: the data sets of one period (ascending by HQ number, at most one
 * per HQ) under a Merkle root, linked to the previous block's hash, signed by the proposer (the
 * leader). The block hash is SHA-256 of the header; under {@link Bookkeeping#PROOF_OF_WORK} the
 * header's {@code x} makes that hash fall below the target. Format: docs/formats/consortium.md.
 */
public final class ConsortiumBlock {
  private final long height;
  private final byte[] previousHash;
  private final long period;
  private final long timestampMillis;
  private final int proposer;
  private final long x;
  private final byte[] root;
  private final List<DataSet> dataSets;
  private final byte[] signature;
  private byte[] hash;

  private ConsortiumBlock(long height, byte[] previousHash, long period, long timestampMillis, int proposer,
      long x, byte[] root, List<DataSet> dataSets, byte[] signature) {
    this.height = height;
    this.previousHash = previousHash;
    this.period = period;
    this.timestampMillis = timestampMillis;
    this.proposer = proposer;
    this.x = x;
    this.root = root;
    this.dataSets = List.copyOf(dataSets);
    this.signature = signature;
  }

  /** Builds, mines (when {@code difficulty > 0}) and signs a block of {@code dataSets}. */
  public static ConsortiumBlock propose(Identity leader, int proposer, long height, byte[] previousHash, long period,
      long timestampMillis, List<DataSet> dataSets, int difficulty) {
    List<DataSet> sorted = new ArrayList<>(dataSets);
    sorted.sort(java.util.Comparator.comparingInt(DataSet::hq));
    byte[] root = merkleRoot(sorted);
    long x = 0;
    if (difficulty > 0) {
      while (Bookkeeping.leadingZeroBits(unsigned(height, previousHash, period, timestampMillis, proposer, x, root,
          sorted).hash()) < difficulty) {
        x++;
      }
    }
    return forge(leader, height, previousHash, period, timestampMillis, proposer, x, root, sorted);
  }

  /** A block with every field as given, signed by {@code signer} (tests forge bad blocks with it). */
  public static ConsortiumBlock forge(Identity signer, long height, byte[] previousHash, long period,
      long timestampMillis, int proposer, long x, byte[] root, List<DataSet> dataSets) {
    ConsortiumBlock unsigned = unsigned(height, previousHash, period, timestampMillis, proposer, x, root, dataSets);
    return new ConsortiumBlock(height, previousHash.clone(), period, timestampMillis, proposer, x, root.clone(),
        dataSets, signer.sign(unsigned.header()));
  }

  private static ConsortiumBlock unsigned(long height, byte[] previousHash, long period, long timestampMillis,
      int proposer, long x, byte[] root, List<DataSet> dataSets) {
    return new ConsortiumBlock(height, previousHash, period, timestampMillis, proposer, x, root, dataSets,
        new byte[Wire.SIGNATURE_BYTES]);
  }

  /** The Merkle root of the data sets' hashes; 32 zero bytes for none. */
  public static byte[] merkleRoot(List<DataSet> dataSets) {
    if (dataSets.isEmpty()) {
      return new byte[Wire.HASH_BYTES];
    }
    byte[][] leaves = new byte[dataSets.size()][];
    for (int i = 0; i < leaves.length; i++) {
      leaves[i] = dataSets.get(i).hash();
    }
    return MerkleTree.root(leaves);
  }

  private ByteWriter headerWriter(int expected) {
    return Wire.begin(Wire.BLOCK, expected).u64(height).raw(previousHash).u64(period).u64(timestampMillis)
        .u16(proposer).u64(x).raw(root);
  }

  /** The header: what the hash covers and the leader signs. */
  byte[] header() {
    return headerWriter(128).toByteArray();
  }

  /** SHA-256 of the header. */
  public byte[] hash() {
    byte[] value = hash;
    if (value == null) {
      value = Wire.sha256(header());
      hash = value;
    }
    return value.clone();
  }

  public byte[] encode() {
    ByteWriter writer = headerWriter(256).raw(signature).u32(dataSets.size());
    for (DataSet dataSet : dataSets) {
      writer.bytes32(dataSet.encode());
    }
    return Wire.finish(writer);
  }

  public static ConsortiumBlock decode(byte[] bytes) {
    ByteReader reader = Wire.open(bytes, Wire.BLOCK, "consortium block");
    long height = reader.u64("height");
    byte[] previous = reader.raw(Wire.HASH_BYTES, "previous hash");
    long period = reader.u64("period");
    long timestamp = reader.u64("timestamp");
    int proposer = reader.u16("proposer");
    long x = reader.u64("x");
    byte[] root = reader.raw(Wire.HASH_BYTES, "merkle root");
    byte[] signature = reader.raw(Wire.SIGNATURE_BYTES, "signature");
    int count = Wire.count(reader, 0xffff, "data set count");
    List<DataSet> dataSets = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      DataSet dataSet = DataSet.decode(Wire.nested(reader, "data set"));
      if (!dataSets.isEmpty() && dataSets.getLast().hq() >= dataSet.hq()) {
        throw reader.error("data sets not in ascending hq order at " + i);
      }
      dataSets.add(dataSet);
    }
    Wire.close(reader);
    return new ConsortiumBlock(height, previous, period, timestamp, proposer, x, root, dataSets, signature);
  }

  public boolean signedBy(MemberKey key) {
    return key.verify(header(), signature);
  }

  public boolean rootMatches() {
    return Arrays.equals(root, merkleRoot(dataSets));
  }

  public long height() {
    return height;
  }

  public byte[] previousHash() {
    return previousHash.clone();
  }

  public long period() {
    return period;
  }

  public long timestampMillis() {
    return timestampMillis;
  }

  public int proposer() {
    return proposer;
  }

  public long x() {
    return x;
  }

  public byte[] root() {
    return root.clone();
  }

  public List<DataSet> dataSets() {
    return dataSets;
  }

  @Override
  public String toString() {
    return "Block[" + height + " period " + period + " by hq" + proposer + " " + dataSets.size() + " data sets "
        + java.util.HexFormat.of().formatHex(hash(), 0, 4) + "]";
  }
}
