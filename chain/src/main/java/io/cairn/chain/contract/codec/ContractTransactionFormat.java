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
   * A transaction whose every check passed, with where its call's fields lie in its encoding, its
   * call not made yet (session 15): the ledger checks a block's transactions on the applying thread
   * and the executor's threads make the calls ({@link #call}) where they run them.
   *
   * @param contract offset and length of the contract name; {@code method} the same of the method
   *     or code name; {@code args} of the arguments
   * @param reads the read set's keys (offset, length, ...), null when the call declares no sets;
   *     {@code writes} the write set's
   */
  public record Checked(ContractCall.Kind kind, MemberKey requester, long nonce, long gasLimit, int contractOffset,
      int contractLength, int methodOffset, int methodLength, int argsOffset, int argsLength, int[] reads,
      int[] writes, int signedBytes) {
    /**
     * The call of the transaction {@code encoded}, which this was checked from: every field was
     * checked then, so making it cannot fail.
     */
    public ContractCall call(byte[] encoded) {
      String contract = new String(encoded, contractOffset, contractLength, StandardCharsets.US_ASCII);
      String method = new String(encoded, methodOffset, methodLength, StandardCharsets.US_ASCII);
      byte[] args = Arrays.copyOfRange(encoded, argsOffset, argsOffset + argsLength);
      AccessSet declared = reads == null ? null : flatSet(encoded, reads, writes);
      return ContractCall.of(kind, requester, contract, method, args, gasLimit, declared);
    }
  }

  /**
   * Checks one transaction, every field, bound, order and the CRC (not the signature), without
   * making its call (made by {@link Checked#call} where it runs, session 15): the names are checked on their bytes and the keys'
   * order on the encoding, so that nothing but the requester's key is allocated.
   *
   * @throws io.cairn.common.CorruptionException naming the offset and the failed check
   */
  public static Checked check(byte[] bytes) {
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
    in.skip(MemberKey.BYTES, "requester");
    MemberKey requester = MemberKey.of(bytes, OFFSET_REQUESTER); // one copy (in.raw would make a second)
    long nonce = in.u64("nonce");
    if (nonce < 0) {
      throw in.error("nonce " + Long.toUnsignedString(nonce) + " exceeds 2^63 - 1");
    }
    long gas = in.u64("gas limit");
    if (gas < 0 || gas > GasSchedule.LIMIT_MAX) {
      throw in.overLimit("gas limit " + Long.toUnsignedString(gas) + " exceeds " + GasSchedule.LIMIT_MAX);
    }
    int contractOffset = in.offset() + 1;
    int contractLength = name(in, bytes, "contract name", "contract name length");
    int methodOffset = in.offset() + 1;
    int methodLength = kind == ContractCall.Kind.DEPLOY ? name(in, bytes, "code name", "code name length")
        : name(in, bytes, "method name", "method name length");
    int argsLength = in.u32("arguments length");
    if (argsLength < 0 || argsLength > ContractCall.ARGS_BYTES_MAX) {
      throw in.overLimit("arguments of " + Integer.toUnsignedString(argsLength) + " bytes exceed "
          + ContractCall.ARGS_BYTES_MAX);
    }
    int argsOffset = in.offset();
    in.skip(argsLength, "arguments");
    int declaredFlag = in.u8("declared");
    int[] reads = null;
    int[] writes = null;
    if (declaredFlag == 1) {
      reads = readKeys(in, bytes, READ_SET);
      writes = readKeys(in, bytes, WRITE_SET);
    } else if (declaredFlag != 0) {
      throw in.error("declared flag " + declaredFlag + " is neither 0 nor 1");
    }
    int signedBytes = in.offset();
    in.skip(SIGNATURE_BYTES, "signature");
    in.crcFrom(0);
    in.expectEnd();
    return new Checked(kind, requester, nonce, gas, contractOffset, contractLength, methodOffset, methodLength,
        argsOffset, argsLength, reads, writes, signedBytes);
  }

  /**
   * Reads a name's length and checks its bytes (1..{@value ContractCall#NAME_BYTES_MAX} of {@code
   * [a-z0-9._-]}, as {@link ContractCall#validName}) without making a string; returns its length.
   */
  private static int name(ByteReader in, byte[] bytes, String field, String lengthField) {
    int length = in.u8(lengthField);
    int offset = in.offset();
    in.skip(length, field);
    boolean valid = length >= 1 && length <= ContractCall.NAME_BYTES_MAX;
    for (int i = offset; valid && i < offset + length; i++) {
      byte c = bytes[i];
      valid = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    }
    if (!valid) {
      throw in.error(field + " must be 1.." + ContractCall.NAME_BYTES_MAX + " characters of [a-z0-9._-]");
    }
    return length;
  }

  private static void writeKeys(ByteWriter out, List<byte[]> keys) {
    out.u16(keys.size());
    keys.forEach(out::bytes16);
  }

  /**
   * The field names of one key set in errors, made once: built per key they were a quarter of a
   * decoded transfer's bytes (session 15).
   */
  private record SetFields(String name, String size, String keyLength, String key) {
    SetFields(String name) {
      this(name, name + " set size", name + " key length", name + " key");
    }
  }

  private static final SetFields READ_SET = new SetFields("read");
  private static final SetFields WRITE_SET = new SetFields("write");

  /**
   * Reads one key set, checking its bounds and that it is sorted and distinct, without copying a
   * key: returns where each key lies in {@code bytes} (offset, length, offset, length, ...).
   */
  private static int[] readKeys(ByteReader in, byte[] bytes, SetFields set) {
    int count = in.u16(set.size);
    if (count > AccessSet.KEYS_MAX) {
      throw in.overLimit(set.name + " set of " + count + " keys exceeds " + AccessSet.KEYS_MAX);
    }
    int[] keys = new int[2 * count];
    for (int i = 0; i < count; i++) {
      int length = in.u16(set.keyLength);
      if (length > GasSchedule.KEY_BYTES_MAX) {
        throw in.overLimit(set.name + " key of " + length + " bytes exceeds " + GasSchedule.KEY_BYTES_MAX);
      }
      int offset = in.offset();
      in.skip(length, set.key);
      if (i > 0 && Arrays.compareUnsigned(bytes, keys[2 * i - 2], keys[2 * i - 2] + keys[2 * i - 1], bytes, offset,
          offset + length) >= 0) {
        throw in.error(set.name + " set is not sorted and distinct at key " + i);
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
