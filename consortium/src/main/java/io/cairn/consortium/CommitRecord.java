package io.cairn.consortium;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.codec.ByteReader;
import io.cairn.common.ByteWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the leader submits to the Byzantine core once a quorum verified its block (seed 004 §4.2
 * step 4: the block with "the set of certificates" {CertBS}): the block's height and hash, the
 * VALID results of distinct HQ nodes (ascending by verifier), the evidence against suspects, and
 * the leader's signature. The block itself travels in the proposal; the ordered log carries this
 * small record. Format: docs/formats/consortium.md.
 */
public record CommitRecord(int leader, long height, byte[] blockHash, List<VerificationResult> certificates,
    List<Evidence> evidence, byte[] signature) {
  public CommitRecord {
    blockHash = blockHash.clone();
    certificates = List.copyOf(certificates);
    evidence = List.copyOf(evidence);
    signature = signature.clone();
  }

  public static CommitRecord sign(Identity identity, int leader, long height, byte[] blockHash,
      List<VerificationResult> certificates, List<Evidence> evidence) {
    List<VerificationResult> sorted = new ArrayList<>(certificates);
    sorted.sort(java.util.Comparator.comparingInt(VerificationResult::verifier));
    CommitRecord unsigned = new CommitRecord(leader, height, blockHash, sorted, evidence, new byte[0]);
    return new CommitRecord(leader, height, blockHash, sorted, evidence, identity.sign(unsigned.signedBytes()));
  }

  private ByteWriter fields() {
    ByteWriter writer = Wire.begin(Wire.COMMIT, 256 + certificates.size() * 160).u16(leader).u64(height)
        .raw(blockHash).u32(certificates.size());
    for (VerificationResult certificate : certificates) {
      writer.bytes32(certificate.encode());
    }
    writer.u32(evidence.size());
    for (Evidence item : evidence) {
      item.writeTo(writer);
    }
    return writer;
  }

  byte[] signedBytes() {
    return fields().toByteArray();
  }

  public byte[] encode() {
    return Wire.finish(fields().raw(signature));
  }

  public static CommitRecord decode(byte[] bytes) {
    ByteReader reader = Wire.open(bytes, Wire.COMMIT, "commit record");
    int leader = reader.u16("leader");
    long height = reader.u64("height");
    byte[] hash = reader.raw(Wire.HASH_BYTES, "block hash");
    int count = Wire.count(reader, 0xffff, "certificate count");
    List<VerificationResult> certificates = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      VerificationResult certificate = VerificationResult.decode(Wire.nested(reader, "certificate"));
      if (!certificates.isEmpty() && certificates.getLast().verifier() >= certificate.verifier()) {
        throw reader.error("certificates not in strictly ascending verifier order at " + i);
      }
      certificates.add(certificate);
    }
    int evidenceCount = Wire.count(reader, 0xffff, "evidence count");
    List<Evidence> evidence = new ArrayList<>(evidenceCount);
    for (int i = 0; i < evidenceCount; i++) {
      evidence.add(Evidence.readFrom(reader));
    }
    byte[] signature = reader.raw(Wire.SIGNATURE_BYTES, "signature");
    Wire.close(reader);
    return new CommitRecord(leader, height, hash, certificates, evidence, signature);
  }

  public boolean signedBy(MemberKey key) {
    return signature.length == Wire.SIGNATURE_BYTES && key.verify(signedBytes(), signature);
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
    return other instanceof CommitRecord r && Arrays.equals(encode(), r.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(signature);
  }
}
