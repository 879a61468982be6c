package io.cairn.consortium;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.codec.ByteReader;
import io.cairn.common.ByteWriter;
import java.util.Arrays;

/**
 * An HQ node's signed verdict on a block (seed 004 §4.2 step 2, "Result"): the verifier, the
 * block's height and hash, and the {@link BlockFault} it found. A {@link BlockFault#VALID} result
 * is a certificate: a committed block carries a quorum of them. Format: docs/formats/consortium.md.
 */
public record VerificationResult(int verifier, long height, byte[] blockHash, BlockFault fault, byte[] signature) {
  public VerificationResult {
    blockHash = blockHash.clone();
    signature = signature.clone();
  }

  public static VerificationResult sign(Identity identity, int verifier, long height, byte[] blockHash,
      BlockFault fault) {
    VerificationResult unsigned = new VerificationResult(verifier, height, blockHash, fault, new byte[0]);
    return new VerificationResult(verifier, height, blockHash, fault, identity.sign(unsigned.signedBytes()));
  }

  private ByteWriter fields() {
    return Wire.begin(Wire.RESULT, 128).u16(verifier).u64(height).raw(blockHash).u8(fault.code());
  }

  byte[] signedBytes() {
    return fields().toByteArray();
  }

  public byte[] encode() {
    return Wire.finish(fields().raw(signature));
  }

  public static VerificationResult decode(byte[] bytes) {
    ByteReader reader = Wire.open(bytes, Wire.RESULT, "verification result");
    int verifier = reader.u16("verifier");
    long height = reader.u64("height");
    byte[] hash = reader.raw(Wire.HASH_BYTES, "block hash");
    int code = reader.u8("fault");
    BlockFault fault = BlockFault.of(code);
    if (fault == null) {
      throw reader.error("unknown fault code " + code);
    }
    byte[] signature = reader.raw(Wire.SIGNATURE_BYTES, "signature");
    Wire.close(reader);
    return new VerificationResult(verifier, height, hash, fault, signature);
  }

  public boolean signedBy(MemberKey key) {
    return signature.length == Wire.SIGNATURE_BYTES && key.verify(signedBytes(), signature);
  }

  /** Whether this result is about the block {@code hash}. */
  public boolean about(byte[] hash) {
    return Arrays.equals(blockHash, hash);
  }

  @Override
  public byte[] blockHash() {
    return blockHash.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerificationResult r && Arrays.equals(encode(), r.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "Result[hq" + verifier + " h" + height + " " + fault + "]";
  }
}
