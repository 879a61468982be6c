package io.cairn.chain.codec;

import io.cairn.common.ByteWriter;

/**
 * The canonical encodings of the ledger's configuration objects (see {@code
 * docs/formats/chain-indexes.md}): the genesis, which names the chain and its regulator, and the
 * regulator's signed admissions of members. Integers little-endian.
 *
 * <pre>
 * genesis
 * +0  u32  magic 0x4e454743 ("CGEN")
 * +4  u8   version (1)
 * +5  u8 n, [n] chain id (UTF-8, 1..255)
 *     [32] regulator: Ed25519 public key that admits members
 *     u64  timestamp, milliseconds since the Unix epoch
 *     u32  masked CRC32C of everything before it
 *
 * admission
 * +0  u32  magic 0x4d444143 ("CADM")
 * +4  u8   version (1)
 * +5  [32] member: Ed25519 public key
 * +37 u8   roles: bit 0 SUBMIT, bit 1 PROPOSE (other bits must be 0; at least one set)
 * +38 u8 n, [n] organization (UTF-8, 1..255)
 *     u64  admitted at, milliseconds since the Unix epoch
 *     [64] regulator's signature: over "cairn.admission.v1" 0x00 || everything before it
 *     u32  masked CRC32C of everything before it
 * </pre>
 */
public final class RegistryFormat {
  /** "CGEN" read little-endian. */
  public static final int GENESIS_MAGIC = 0x4e454743;
  /** "CADM" read little-endian. */
  public static final int ADMISSION_MAGIC = 0x4d444143;
  /** The version this code writes and reads. */
  public static final int VERSION = 1;

  private RegistryFormat() {}

  /** Decoded genesis fields. */
  public record Genesis(String chainId, byte[] regulator, long timestampMillis, byte[] encoded) {}

  /** Decoded admission fields. */
  public record Admission(byte[] member, int roles, String organization, long admittedAtMillis,
      byte[] signature, byte[] encoded, int signedBytes) {}

  /** Encodes a genesis. */
  public static byte[] encodeGenesis(String chainId, byte[] regulator, long timestampMillis) {
    ByteWriter out = new ByteWriter(64 + chainId.length() * 3);
    out.u32(GENESIS_MAGIC).u8(VERSION).string8(chainId).raw(regulator).u64(timestampMillis).crcFrom(0);
    return out.toByteArray();
  }

  /** Decodes a genesis from the reader's position. */
  public static Genesis decodeGenesis(ByteReader in) {
    int from = in.offset();
    in.magic(GENESIS_MAGIC);
    in.version(VERSION);
    String chainId = in.string8(1, "chain id");
    byte[] regulator = in.raw(32, "regulator");
    long timestamp = in.u64("timestamp");
    in.crcFrom(from);
    return new Genesis(chainId, regulator, timestamp, in.copyFrom(from));
  }

  /** Writes the signed part of an admission. */
  public static ByteWriter startAdmission(byte[] member, int roles, String organization, long admittedAtMillis) {
    ByteWriter out = new ByteWriter(160 + organization.length() * 3);
    out.u32(ADMISSION_MAGIC).u8(VERSION).raw(member).u8(roles).string8(organization).u64(admittedAtMillis);
    return out;
  }

  /** Appends signature and CRC to an admission begun by {@link #startAdmission}. */
  public static byte[] finishAdmission(ByteWriter signedPart, byte[] signature) {
    signedPart.raw(signature).crcFrom(0);
    return signedPart.toByteArray();
  }

  /** Decodes an admission from the reader's position (not its signature). */
  public static Admission decodeAdmission(ByteReader in, int knownRoleBits) {
    int from = in.offset();
    in.magic(ADMISSION_MAGIC);
    in.version(VERSION);
    byte[] member = in.raw(32, "member");
    int roles = in.u8("roles");
    if (roles == 0 || (roles & ~knownRoleBits) != 0) {
      throw in.error("roles byte 0x" + Integer.toHexString(roles) + " names no role or an unknown one");
    }
    String organization = in.string8(1, "organization");
    long admittedAt = in.u64("admitted at");
    int signedBytes = in.offset() - from;
    byte[] signature = in.raw(64, "signature");
    in.crcFrom(from);
    return new Admission(member, roles, organization, admittedAt, signature, in.copyFrom(from), signedBytes);
  }
}
