package io.cairn.consortium;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.merkle.MerkleTree;
import io.cairn.common.ByteWriter;
import io.cairn.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One HQ node's records of one period (seed 004 §4.2: "BSj merges all valid data collected within
 * T into a data set with data signature"): the HQ's number, the period, the records in canonical
 * order (by enterprise key, then sequence, no duplicates), their Merkle root, and the HQ's
 * signature. Format: docs/formats/consortium.md.
 */
public final class DataSet {
  private final int hq;
  private final long period;
  private final List<StateUpload> records;
  private final byte[] root;
  private final byte[] signature;
  private byte[] encoded;

  private DataSet(int hq, long period, List<StateUpload> records, byte[] root, byte[] signature) {
    this.hq = hq;
    this.period = period;
    this.records = List.copyOf(records);
    this.root = root;
    this.signature = signature;
  }

  /** The data set of {@code records} (sorted here), signed by the HQ's {@code identity}. */
  public static DataSet seal(Identity identity, int hq, long period, List<StateUpload> records) {
    List<StateUpload> sorted = new ArrayList<>(records);
    sorted.sort(StateUpload.ORDER);
    for (int i = 1; i < sorted.size(); i++) {
      if (StateUpload.ORDER.compare(sorted.get(i - 1), sorted.get(i)) == 0) {
        throw new InvalidArgumentException("record " + sorted.get(i) + " twice in one data set");
      }
    }
    return forge(identity, hq, period, sorted, merkleRoot(sorted));
  }

  /** A data set with {@code root} as given, signed (tests build ones with a wrong root with it). */
  public static DataSet forge(Identity identity, int hq, long period, List<StateUpload> records, byte[] root) {
    DataSet unsigned = new DataSet(hq, period, records, root.clone(), new byte[Wire.SIGNATURE_BYTES]);
    return new DataSet(hq, period, records, root.clone(), identity.sign(unsigned.signedBytes()));
  }

  /** The Merkle root of the records' leaf hashes; 32 zero bytes for none. */
  public static byte[] merkleRoot(List<StateUpload> records) {
    if (records.isEmpty()) {
      return new byte[Wire.HASH_BYTES];
    }
    byte[][] leaves = new byte[records.size()][];
    for (int i = 0; i < leaves.length; i++) {
      leaves[i] = records.get(i).leafHash();
    }
    return MerkleTree.root(leaves);
  }

  private ByteWriter header(int expected) {
    return Wire.begin(Wire.DATA_SET, expected).u16(hq).u64(period).raw(root);
  }

  /** Signed bytes: the header (hq, period, root) only; the root commits to the records. */
  byte[] signedBytes() {
    return header(64).toByteArray();
  }

  public byte[] encode() {
    byte[] bytes = encoded;
    if (bytes == null) {
      ByteWriter writer = header(128 + records.size() * 200).raw(signature).u32(records.size());
      for (StateUpload record : records) {
        writer.bytes32(record.encode());
      }
      bytes = Wire.finish(writer);
      encoded = bytes;
    }
    return bytes.clone();
  }

  public static DataSet decode(byte[] bytes) {
    ByteReader reader = Wire.open(bytes, Wire.DATA_SET, "data set");
    int hq = reader.u16("hq");
    long period = reader.u64("period");
    byte[] root = reader.raw(Wire.HASH_BYTES, "merkle root");
    byte[] signature = reader.raw(Wire.SIGNATURE_BYTES, "signature");
    int count = Wire.count(reader, Wire.MAX_ITEMS, "record count");
    List<StateUpload> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      StateUpload record = StateUpload.decode(Wire.nested(reader, "record"));
      if (!records.isEmpty() && StateUpload.ORDER.compare(records.getLast(), record) >= 0) {
        throw reader.error("records out of canonical order at " + i);
      }
      records.add(record);
    }
    Wire.close(reader);
    return new DataSet(hq, period, records, root, signature);
  }

  /** The header and the signature: what a block's Merkle tree commits to (the root commits to the records). */
  public byte[] headerAndSignature() {
    return header(128).raw(signature).toByteArray();
  }

  /** The data set's leaf in its block's Merkle tree: the leaf hash of {@link #headerAndSignature()}. */
  public byte[] hash() {
    return MerkleTree.leafHash(headerAndSignature());
  }

  public boolean signedBy(MemberKey hqKey) {
    return hqKey.verify(signedBytes(), signature);
  }

  /** Whether the stated root is the records' Merkle root. */
  public boolean rootMatches() {
    return Arrays.equals(root, merkleRoot(records));
  }

  public int hq() {
    return hq;
  }

  public long period() {
    return period;
  }

  public List<StateUpload> records() {
    return records;
  }

  public byte[] root() {
    return root.clone();
  }

  @Override
  public String toString() {
    return "DataSet[hq" + hq + " period " + period + " " + records.size() + " records]";
  }
}
