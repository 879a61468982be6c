package io.cairn.chain.codec;

import io.cairn.common.ByteWriter;

/**
 * The messages of verification consensus (seed 003), as participants will exchange them over the
 * network (see {@code docs/formats/transaction.md}). Integers little-endian.
 *
 * <pre>
 * verification request
 * +0  u32  magic 0x51525643 ("CVRQ")
 * +4  u8   version (1)
 * +5  [32] requester: Ed25519 public key of an admitted member
 * +37 u64  request id: chosen by the requester
 * +45 u8   hash algorithm of the record key
 * +46 [32] record key: hash of the target data
 * +78 u8 n, [n] store (UTF-8) | u16 m, [m] record key in the store   (read parameters)
 *     u32 t, [t] target data (0..64 MiB)
 *     [64] signature over "cairn.verification-request.v1" 0x00 || everything before it
 *     u32  masked CRC32C of everything before it
 *
 * signed verdict
 * +0  u32  magic 0x44565643 ("CVVD")
 * +4  u8   version (1)
 * +5  [32] participant: Ed25519 public key
 * +37 [32] request hash: SHA-256 of the whole encoded request
 * +69 u8   verdict code (0 VERIFIED, 1 UNKNOWN_ANCHOR, 2 BAD_INDEX, 3 MISSING_DATA,
 *          4 TAMPERED_DATA, 5 BAD_PROOF, 6 BAD_SIGNATURE, 7 BROKEN_CHAIN)
 * +70 u8   attempts: how many times the participant checked (1 + re-fetches)
 * +71 u16 n, [n] detail (UTF-8)
 *     [64] signature over "cairn.verdict.v1" 0x00 || everything before it
 *     u32  masked CRC32C of everything before it
 * </pre>
 */
public final class VerificationFormat {
  /** "CVRQ" read little-endian. */
  public static final int REQUEST_MAGIC = 0x51525643;
  /** "CVVD" read little-endian. */
  public static final int VERDICT_MAGIC = 0x44565643;
  /** The version this code writes and reads. */
  public static final int VERSION = 1;
  /** Largest target data in a request. */
  public static final int TARGET_BYTES_MAX = 64 << 20;

  private VerificationFormat() {}

  /** Decoded request fields. */
  public record Request(byte[] requester, long requestId, int algorithm, byte[] recordHash, String store,
      byte[] recordKey, byte[] target, byte[] signature, byte[] encoded, int signedBytes) {}

  /** Decoded verdict fields. */
  public record Verdict(byte[] participant, byte[] requestHash, int code, int attempts, String detail,
      byte[] signature, byte[] encoded, int signedBytes) {}

  /** Writes the signed part of a request. */
  public static ByteWriter startRequest(byte[] requester, long requestId, int algorithm, byte[] recordHash,
      String store, byte[] recordKey, byte[] target) {
    ByteWriter out = new ByteWriter(200 + recordKey.length + target.length);
    out.u32(REQUEST_MAGIC).u8(VERSION).raw(requester).u64(requestId).u8(algorithm).raw(recordHash)
        .string8(store).bytes16(recordKey).bytes32(target);
    return out;
  }

  /** Decodes a request (structure, limits, CRC; not the signature). */
  public static Request decodeRequest(ByteReader in) {
    int from = in.offset();
    in.magic(REQUEST_MAGIC);
    in.version(VERSION);
    byte[] requester = in.raw(32, "requester");
    long requestId = in.u64("request id");
    int algorithm = in.u8("hash algorithm");
    byte[] recordHash = in.raw(32, "record key");
    String store = in.string8(1, "store");
    int keyLength = in.u16("record key length");
    if (keyLength < 1 || keyLength > TransactionFormat.RECORD_KEY_BYTES_MAX) {
      throw in.error("record key of " + keyLength + " bytes outside 1.." + TransactionFormat.RECORD_KEY_BYTES_MAX);
    }
    byte[] recordKey = in.raw(keyLength, "record key");
    int targetLength = in.u32("target length");
    if (targetLength < 0 || targetLength > TARGET_BYTES_MAX) {
      throw in.overLimit("target data of " + Integer.toUnsignedString(targetLength) + " bytes exceeds " + TARGET_BYTES_MAX);
    }
    byte[] target = in.raw(targetLength, "target data");
    int signedBytes = in.offset() - from;
    byte[] signature = in.raw(64, "signature");
    in.crcFrom(from);
    return new Request(requester, requestId, algorithm, recordHash, store, recordKey, target, signature,
        in.copyFrom(from), signedBytes);
  }

  /** Writes the signed part of a verdict. */
  public static ByteWriter startVerdict(byte[] participant, byte[] requestHash, int code, int attempts, String detail) {
    ByteWriter out = new ByteWriter(180 + detail.length() * 3);
    out.u32(VERDICT_MAGIC).u8(VERSION).raw(participant).raw(requestHash).u8(code).u8(attempts).string16(detail);
    return out;
  }

  /** Decodes a verdict (structure and CRC; not the signature). */
  public static Verdict decodeVerdict(ByteReader in) {
    int from = in.offset();
    in.magic(VERDICT_MAGIC);
    in.version(VERSION);
    byte[] participant = in.raw(32, "participant");
    byte[] requestHash = in.raw(32, "request hash");
    int code = in.u8("verdict code");
    int attempts = in.u8("attempts");
    if (attempts < 1) {
      throw in.error("a verdict comes from at least one attempt");
    }
    String detail = in.string16(0, "detail");
    int signedBytes = in.offset() - from;
    byte[] signature = in.raw(64, "signature");
    in.crcFrom(from);
    return new Verdict(participant, requestHash, code, attempts, detail, signature, in.copyFrom(from), signedBytes);
  }

  /** Appends signature and CRC to a request or verdict begun above. */
  public static byte[] finish(ByteWriter signedPart, byte[] signature) {
    signedPart.raw(signature).crcFrom(0);
    return signedPart.toByteArray();
  }
}
