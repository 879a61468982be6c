package io.cairn.consortium;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.codec.ByteReader;
import io.cairn.common.ByteWriter;
import io.cairn.common.InvalidArgumentException;
import java.util.Arrays;

/**
 * The regulator's admission of an enterprise node (seed 004 §4.2, system initialization): the
 * enterprise's Ed25519 identity key, its organisation, the number of its local headquarters node,
 * a serial number and the issue time, signed by the regulator. Format: docs/formats/consortium.md.
 */
public final class EnterpriseCertificate {
  private final long serial;
  private final MemberKey enterprise;
  private final String organization;
  private final int homeHq;
  private final long issuedAtMillis;
  private final byte[] signature;

  private EnterpriseCertificate(long serial, MemberKey enterprise, String organization, int homeHq,
      long issuedAtMillis, byte[] signature) {
    if (organization.isEmpty() || organization.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255
        || homeHq < 0 || homeHq > 0xffff) {
      throw new InvalidArgumentException("bad certificate fields: organisation '" + organization + "', hq " + homeHq);
    }
    this.serial = serial;
    this.enterprise = enterprise;
    this.organization = organization;
    this.homeHq = homeHq;
    this.issuedAtMillis = issuedAtMillis;
    this.signature = signature;
  }

  /** Issued and signed by {@code regulator}. */
  static EnterpriseCertificate issue(Identity regulator, long serial, MemberKey enterprise, String organization,
      int homeHq, long issuedAtMillis) {
    EnterpriseCertificate unsigned =
        new EnterpriseCertificate(serial, enterprise, organization, homeHq, issuedAtMillis, new byte[Wire.SIGNATURE_BYTES]);
    return new EnterpriseCertificate(serial, enterprise, organization, homeHq, issuedAtMillis,
        regulator.sign(unsigned.signedBytes()));
  }

  byte[] signedBytes() {
    return fields().toByteArray();
  }

  private ByteWriter fields() {
    return Wire.begin(Wire.CERTIFICATE, 128).u64(serial).raw(enterprise.bytes()).string8(organization)
        .u16(homeHq).u64(issuedAtMillis);
  }

  public byte[] encode() {
    return Wire.finish(fields().raw(signature));
  }

  public static EnterpriseCertificate decode(byte[] bytes) {
    ByteReader reader = Wire.open(bytes, Wire.CERTIFICATE, "enterprise certificate");
    long serial = reader.u64("serial");
    MemberKey key = MemberKey.of(reader.raw(MemberKey.BYTES, "enterprise key"));
    String organization = reader.string8(1, "organization");
    int homeHq = reader.u16("home hq");
    long issued = reader.u64("issued at");
    byte[] signature = reader.raw(Wire.SIGNATURE_BYTES, "signature");
    Wire.close(reader);
    return new EnterpriseCertificate(serial, key, organization, homeHq, issued, signature);
  }

  /** Whether {@code regulator} signed exactly these fields. */
  public boolean signedBy(MemberKey regulator) {
    return regulator.verify(signedBytes(), signature);
  }

  public long serial() {
    return serial;
  }

  public MemberKey enterprise() {
    return enterprise;
  }

  public String organization() {
    return organization;
  }

  public int homeHq() {
    return homeHq;
  }

  public long issuedAtMillis() {
    return issuedAtMillis;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EnterpriseCertificate c && Arrays.equals(encode(), c.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "Certificate#" + serial + "[" + enterprise.shortHex() + " " + organization + " hq" + homeHq + "]";
  }
}
