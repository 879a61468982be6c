package io.cairn.chain.contract.codec;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.codec.LimitExceededException;
import io.cairn.chain.contract.AccessSet;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.GasSchedule;
import io.cairn.common.ByteWriter;
import io.cairn.common.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The canonical encoding of a contract transaction ({@code docs/formats/contract-transaction.md}).
 * Integers are little-endian.
 *
 * <pre>
 * +0   u32  magic 0x58544343 ("CCTX")
 * +4   u8   version (1)
 * +5   u8   kind (1 = deploy, 2 = call)
 * +6   [32] requester: Ed25519 public key (the caller)
 * +38  u64  nonce
 * +46  u64  gas limit (0..2^40)
 * +54  u8 n, [n] contract name      ([a-z0-9._-], 1..64)
 *      u8 m, [m] method or code name ([a-z0-9._-], 1..64)
 *      u32 a, [a] arguments (0..65,536)
 *      u8  declared (0 = no sets, 1 = sets follow)
 *      when declared: u16 r, r x (u16 k, [k] key) read set; u16 w, w x (u16 k, [k] key) write set
 *                     (keys 0..1,024 bytes, each set sorted by unsigned bytes, no duplicates, at most 4,096)
 *      [64] signature: Ed25519 over "cairn.contract-transaction.v1" 0x00 || every byte before it
 *      u32  masked CRC32C of every byte before it
 * </pre>
 */
public final class ContractTransactionFormat {
  /** "CCTX" read little-endian. */
  public static final int MAGIC = 0x58544343;
  public static final int VERSION = 1;
  public static final int OFFSET_KIND = 5;
  public static final int OFFSET_REQUESTER = 6;
  public static final int OFFSET_NONCE = 38;
  public static final int OFFSET_GAS = 46;
  public static final int OFFSET_CONTRACT = 54;
  public static final int SIGNATURE_BYTES = 64;
  /** Longest encoded contract transaction. */
  public static final int BYTES_MAX = 1 << 24;

  private ContractTransactionFormat() {}

  /** The decoded fields; {@code encoded} is the whole transaction, {@code signedBytes} its signed prefix. */
  public record Decoded(ContractCall call, long nonce, byte[] signature, byte[] encoded, int signedBytes) {}

  /**
   * Whether {@code bytes[offset, offset + length)} starts with this format's magic: a contract
   * transaction rather than one of {@code docs/formats/transaction.md} (whose magic differs).
   */
  public static boolean hasMagic(byte[] bytes, int offset, int length) {
    return length >= 4 && new ByteReader(bytes, offset, 4, "transaction").u32("magic") == MAGIC;
  }

  /** Writes the signed part of a transaction carrying {@code call}. */
  public static ByteWriter startSigned(ContractCall call, long nonce) {
    if (nonce < 0) {
      throw new InvalidArgumentException("nonce must not be negative, was " + nonce);
    }
    byte[] args = call.argsShared();
    ByteWriter out = new ByteWriter(OFFSET_CONTRACT + 140 + args.length + 72);
    out.u32(MAGIC).u8(VERSION).u8(call.kind().code).raw(call.caller().bytes()).u64(nonce).u64(call.gasLimit());
    out.string8(call.contract()).string8(call.method()).bytes32(args);
    AccessSet declared = call.declared().orElse(null);
    out.u8(declared == null ? 0 : 1);
    if (declared != null) {
      writeKeys(out, declared.reads());
      writeKeys(out, declared.writes());
    }
    return out;
  }

  /** Appends the signature and the CRC; returns the whole encoding. */
  public static byte[] finish(ByteWriter signedPart, byte[] signature) {
    return signedPart.raw(signature).crcFrom(0).toByteArray();
  }

  /**
   * Decodes one transaction, checking every field, bound, order and the CRC (not the signature).
   *
   * @throws io.cairn.common.CorruptionException naming the offset and the failed check
   */
  public static Decoded decode(byte[] bytes) {
    if (bytes.length > BYTES_MAX) {
      throw new LimitExceededException("contract transaction of " + bytes.length + " bytes exceeds " + BYTES_MAX);
    }
    ByteReader in = new ByteReader(bytes, "contract transaction");
    in.magic(MAGIC);
    in.version(VERSION);
    int kindCode = in.u8("kind");
    ContractCall.Kind kind = kindCode == ContractCall.Kind.DEPLOY.code ? ContractCall.Kind.DEPLOY
        : kindCode == ContractCall.Kind.CALL.code ? ContractCall.Kind.CALL : null;
    if (kind == null) {
      throw in.error("unknown contract transaction kind " + kindCode);
    }
    MemberKey requester = MemberKey.of(in.raw(MemberKey.BYTES, "requester"));
    long nonce = in.u64("nonce");
    if (nonce < 0) {
      throw in.error("nonce " + Long.toUnsignedString(nonce) + " exceeds 2^63 - 1");
    }
    long gas = in.u64("gas limit");
    if (gas < 0 || gas > GasSchedule.LIMIT_MAX) {
      throw in.overLimit("gas limit " + Long.toUnsignedString(gas) + " exceeds " + GasSchedule.LIMIT_MAX);
    }
    String contract = name(in, "contract name");
    String method = name(in, kind == ContractCall.Kind.DEPLOY ? "code name" : "method name");
    int argsLength = in.u32("arguments length");
    if (argsLength < 0 || argsLength > ContractCall.ARGS_BYTES_MAX) {
      throw in.overLimit("arguments of " + Integer.toUnsignedString(argsLength) + " bytes exceed "
          + ContractCall.ARGS_BYTES_MAX);
    }
    byte[] args = in.raw(argsLength, "arguments");
    int declaredFlag = in.u8("declared");
    AccessSet declared = null;
    if (declaredFlag == 1) {
      int[] reads = readKeys(in, bytes, "read");
      int[] writes = readKeys(in, bytes, "write");
      declared = flatSet(bytes, reads, writes);
    } else if (declaredFlag != 0) {
      throw in.error("declared flag " + declaredFlag + " is neither 0 nor 1");
    }
    int signedBytes = in.offset();
    byte[] signature = in.raw(SIGNATURE_BYTES, "signature");
    in.crcFrom(0);
    in.expectEnd();
    ContractCall call = ContractCall.of(kind, requester, contract, method, args, gas, declared);
    return new Decoded(call, nonce, signature, bytes.clone(), signedBytes);
  }

  private static String name(ByteReader in, String field) {
    int length = in.u8(field + " length");
    byte[] raw = in.raw(length, field);
    String name = new String(raw, StandardCharsets.US_ASCII);
    if (!ContractCall.validName(name) || !Arrays.equals(raw, name.getBytes(StandardCharsets.US_ASCII))) {
      throw in.error(field + " must be 1.." + ContractCall.NAME_BYTES_MAX + " characters of [a-z0-9._-]");
    }
    return name;
  }

  private static void writeKeys(ByteWriter out, List<byte[]> keys) {
    out.u16(keys.size());
    keys.forEach(out::bytes16);
  }

  /**
   * Reads one key set, checking its bounds and that it is sorted and distinct, without copying a
   * key: returns where each key lies in {@code bytes} (offset, length, offset, length, ...).
   */
  private static int[] readKeys(ByteReader in, byte[] bytes, String set) {
    int count = in.u16(set + " set size");
    if (count > AccessSet.KEYS_MAX) {
      throw in.overLimit(set + " set of " + count + " keys exceeds " + AccessSet.KEYS_MAX);
    }
    int[] keys = new int[2 * count];
    for (int i = 0; i < count; i++) {
      int length = in.u16(set + " key length");
      if (length > GasSchedule.KEY_BYTES_MAX) {
        throw in.overLimit(set + " key of " + length + " bytes exceeds " + GasSchedule.KEY_BYTES_MAX);
      }
      int offset = in.offset();
      in.skip(length, set + " key");
      if (i > 0 && Arrays.compareUnsigned(bytes, keys[2 * i - 2], keys[2 * i - 2] + keys[2 * i - 1], bytes, offset,
          offset + length) >= 0) {
        throw in.error(set + " set is not sorted and distinct at key " + i);
      }
      keys[2 * i] = offset;
      keys[2 * i + 1] = length;
    }
    return keys;
  }

  /**
   * The declared sets whose keys lie in {@code bytes} where {@link #readKeys} found them, laid
   * out flat (the write keys, then the read keys) and handed to {@link AccessSet#ofCanonical}:
   * each key copied once, no array per key (session 14).
   */
  private static AccessSet flatSet(byte[] bytes, int[] reads, int[] writes) {
    int writeCount = writes.length / 2;
    int slots = writeCount + reads.length / 2;
    int total = 0;
    for (int i = 0; i < slots; i++) {
      total += i < writeCount ? writes[2 * i + 1] : reads[2 * (i - writeCount) + 1];
    }
    byte[] keyBytes = new byte[total];
    int[] keyStarts = new int[slots + 1];
    int at = 0;
    for (int i = 0; i < slots; i++) {
      int[] keys = i < writeCount ? writes : reads;
      int k = i < writeCount ? i : i - writeCount;
      System.arraycopy(bytes, keys[2 * k], keyBytes, at, keys[2 * k + 1]);
      keyStarts[i] = at;
      at += keys[2 * k + 1];
    }
    keyStarts[slots] = at;
    return AccessSet.ofCanonical(keyBytes, keyStarts, writeCount);
  }

}
