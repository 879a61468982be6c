package io.cairn.consortium;

import io.cairn.chain.codec.ByteReader;
import io.cairn.common.ByteWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Why the leader flags an HQ node as suspected malicious (seed 004 §4.2 step 5), carried on chain
 * in the {@link CommitRecord}: the suspect, the block, the kind, and the signed items that prove it
 * (every honest HQ re-checks them before it applies the commit), except for {@link
 * Kind#WITHHELD_RESULT}, which is the leader's word that no result came after a resend. Format:
 * docs/formats/consortium.md.
 */
public record Evidence(Kind kind, int suspect, long height, byte[] blockHash, List<byte[]> items) {
  /** What the suspect did. */
  public enum Kind {
    /** Two results signed by the suspect on one block with different verdicts (items: both). */
    CONTRADICTORY_RESULTS,
    /** A signed non-valid result on a block a quorum verified, kept after the leader resent it (items: it). */
    DISSENT,
    /** No result after the leader resent the block (no items: the leader's claim). */
    WITHHELD_RESULT,
    /** A data set signed by the suspect that fails the checks, e.g. a forged record (items: the data set). */
    FORGED_DATA_SET
  }

  public Evidence {
    blockHash = blockHash.clone();
    items = items.stream().map(byte[]::clone).toList();
  }

  void writeTo(ByteWriter writer) {
    writer.u8(kind.ordinal()).u16(suspect).u64(height).raw(blockHash).u32(items.size());
    for (byte[] item : items) {
      writer.bytes32(item);
    }
  }

  static Evidence readFrom(ByteReader reader) {
    int kind = reader.u8("evidence kind");
    if (kind >= Kind.values().length) {
      throw reader.error("unknown evidence kind " + kind);
    }
    int suspect = reader.u16("suspect");
    long height = reader.u64("height");
    byte[] hash = reader.raw(Wire.HASH_BYTES, "block hash");
    int count = Wire.count(reader, 16, "item count");
    List<byte[]> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(Wire.nested(reader, "item"));
    }
    return new Evidence(Kind.values()[kind], suspect, height, hash, items);
  }

  /** The evidence alone in its own frame (magic CSEV). */
  public byte[] encode() {
    ByteWriter writer = Wire.begin(Wire.EVIDENCE, 128);
    writeTo(writer);
    return Wire.finish(writer);
  }

  public static Evidence decode(byte[] bytes) {
    ByteReader reader = Wire.open(bytes, Wire.EVIDENCE, "evidence");
    Evidence evidence = readFrom(reader);
    Wire.close(reader);
    return evidence;
  }

  @Override
  public byte[] blockHash() {
    return blockHash.clone();
  }

  @Override
  public String toString() {
    return "Evidence[" + kind + " hq" + suspect + " h" + height + "]";
  }
}
