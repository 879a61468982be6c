package io.cairn.consortium;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.codec.ByteReader;
import io.cairn.common.ByteWriter;

/**
 * The regulator withdraws an enterprise's admission: from the time an HQ node applies it, uploads
 * from that enterprise are refused as {@link UploadVerdict#REVOKED}. Records accepted before stay
 * valid history. Format: docs/formats/consortium.md.
 */
public record Revocation(long serial, MemberKey enterprise, long revokedAtMillis, String reason, byte[] signature) {
  public Revocation {
    signature = signature.clone();
  }

  static Revocation issue(Identity regulator, long serial, MemberKey enterprise, long revokedAtMillis, String reason) {
    Revocation unsigned = new Revocation(serial, enterprise, revokedAtMillis, reason, new byte[Wire.SIGNATURE_BYTES]);
    return new Revocation(serial, enterprise, revokedAtMillis, reason, regulator.sign(unsigned.signedBytes()));
  }

  private ByteWriter fields() {
    return Wire.begin(Wire.REVOCATION, 128).u64(serial).raw(enterprise.bytes()).u64(revokedAtMillis).string8(reason);
  }

  byte[] signedBytes() {
    return fields().toByteArray();
  }

  public byte[] encode() {
    return Wire.finish(fields().raw(signature));
  }

  public static Revocation decode(byte[] bytes) {
    ByteReader reader = Wire.open(bytes, Wire.REVOCATION, "revocation");
    long serial = reader.u64("serial");
    MemberKey key = MemberKey.of(reader.raw(MemberKey.BYTES, "enterprise key"));
    long at = reader.u64("revoked at");
    String reason = reader.string8(0, "reason");
    byte[] signature = reader.raw(Wire.SIGNATURE_BYTES, "signature");
    Wire.close(reader);
    return new Revocation(serial, key, at, reason, signature);
  }

  public boolean signedBy(MemberKey regulator) {
    return regulator.verify(signedBytes(), signature);
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
