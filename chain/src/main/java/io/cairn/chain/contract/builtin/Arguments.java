package io.cairn.chain.contract.builtin;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.contract.ContractException;
import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import java.util.function.Supplier;

/**
 * Reads a built-in contract's arguments with the chain's {@link ByteReader}; malformed arguments
 * revert the call ({@link ContractException}) instead of failing it. Every read must be followed
 * by {@link #end()}, so arguments have one encoding.
 */
final class Arguments implements Supplier<String> {
  private final byte[] args;
  private final String method;
  private final ByteReader in;

  Arguments(byte[] args, String method) {
    this.args = args;
    this.method = method;
    this.in = new ByteReader(args, this); // names the arguments only in an error: no lambda per call (session 16)
  }

  /** What the reader's errors name: {@code arguments of <method>}. */
  @Override
  public String get() {
    return "arguments of " + method;
  }

  MemberKey member() {
    return MemberKey.of(args, memberAt()); // one copy, straight from the arguments
  }

  /**
   * A member key as a state key: {@code tag} and then the key's 32 bytes, copied straight from the
   * arguments into one new array (no {@link MemberKey} is made for a key that only names state).
   */
  byte[] memberKey(byte tag) {
    int at = memberAt();
    byte[] key = new byte[1 + MemberKey.BYTES];
    key[0] = tag;
    System.arraycopy(args, at, key, 1, MemberKey.BYTES);
    return key;
  }

  /** Skips a member key's 32 bytes; returns where they start in the arguments. */
  private int memberAt() {
    try {
      int at = in.offset();
      in.skip(MemberKey.BYTES, "member key");
      return at;
    } catch (CorruptionException e) {
      throw malformed(e);
    }
  }

  long amount() {
    try {
      long amount = in.u64("amount");
      if (amount < 0) {
        throw new ContractException("amount " + Long.toUnsignedString(amount) + " exceeds 2^63 - 1");
      }
      return amount;
    } catch (CorruptionException e) {
      throw malformed(e);
    }
  }

  /** A u8-length-prefixed name of 1..255 UTF-8 bytes. */
  String name(String field) {
    try {
      return in.string8(1, field);
    } catch (CorruptionException e) {
      throw malformed(e);
    }
  }

  /** A u32-length-prefixed byte string of at most {@code max} bytes. */
  byte[] bytes(String field, int max) {
    try {
      int length = in.u32(field + " length");
      if (length < 0 || length > max) {
        throw new ContractException(field + " of " + Integer.toUnsignedString(length) + " bytes exceeds " + max);
      }
      return in.raw(length, field);
    } catch (CorruptionException e) {
      throw malformed(e);
    }
  }

  void end() {
    try {
      in.expectEnd();
    } catch (CorruptionException e) {
      throw malformed(e);
    }
  }

  private static ContractException malformed(CorruptionException e) {
    return new ContractException("malformed " + e.getMessage());
  }

  /** A writer for arguments of about {@code bytes} bytes. */
  static ByteWriter writer(int bytes) {
    return new ByteWriter(bytes);
  }
}
