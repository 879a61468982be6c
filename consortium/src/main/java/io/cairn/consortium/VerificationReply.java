package io.cairn.consortium;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.codec.ByteReader;
import io.cairn.common.ByteWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A slave's reply to the leader (seed 004 §4.2 step 3): its own result ({@code my_result}), every
 * result it received from the other slaves ({@code Rece_results}), the comparison (whether all of
 * them agree with its own) and its signature. Format: docs/formats/consortium.md.
 */
public record VerificationReply(int verifier, VerificationResult mine, List<VerificationResult> received,
    boolean agree, byte[] signature) {
  public VerificationReply {
    received = List.copyOf(received);
    signature = signature.clone();
  }

  public static VerificationReply sign(Identity identity, int verifier, VerificationResult mine,
      List<VerificationResult> received) {
    boolean agree = received.stream().allMatch(r -> r.fault() == mine.fault() && r.about(mine.blockHash()));
    VerificationReply unsigned = new VerificationReply(verifier, mine, received, agree, new byte[0]);
    return new VerificationReply(verifier, mine, received, agree, identity.sign(unsigned.signedBytes()));
  }

  private ByteWriter fields() {
    ByteWriter writer = Wire.begin(Wire.REPLY, 256 + received.size() * 160).u16(verifier).bytes32(mine.encode())
        .u32(received.size());
    for (VerificationResult result : received) {
      writer.bytes32(result.encode());
    }
    return writer.bool(agree);
  }

  byte[] signedBytes() {
    return fields().toByteArray();
  }

  public byte[] encode() {
    return Wire.finish(fields().raw(signature));
  }

  public static VerificationReply decode(byte[] bytes) {
    ByteReader reader = Wire.open(bytes, Wire.REPLY, "verification reply");
    int verifier = reader.u16("verifier");
    VerificationResult mine = VerificationResult.decode(Wire.nested(reader, "my result"));
    int count = Wire.count(reader, 0xffff, "received count");
    List<VerificationResult> received = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      received.add(VerificationResult.decode(Wire.nested(reader, "received result")));
    }
    int agree = reader.u8("comparison");
    if (agree > 1) {
      throw reader.error("comparison is " + agree + ", not 0 or 1");
    }
    byte[] signature = reader.raw(Wire.SIGNATURE_BYTES, "signature");
    Wire.close(reader);
    return new VerificationReply(verifier, mine, received, agree == 1, signature);
  }

  public boolean signedBy(MemberKey key) {
    return signature.length == Wire.SIGNATURE_BYTES && key.verify(signedBytes(), signature);
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
