package io.cairn.chain.api;

import io.cairn.chain.crypto.Ed25519;
import io.cairn.chain.crypto.WeakKeys;
import io.cairn.common.InvalidArgumentException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A member's Ed25519 public key in its raw 32-byte RFC 8032 form: who signed a transaction, who
 * proposed a block, who was admitted. Compared by value.
 *
 * <p>Any 32 bytes make a {@code MemberKey} (keys arrive in transactions and blocks from the
 * network); the bytes are screened and decoded into a curve point once per process, on first use
 * (the one key cache behind {@link Ed25519#verify(byte[], byte[], byte[])}). A key that is not the
 * canonical encoding of a curve point of large order ({@link #usable()} is false) verifies no
 * signature, and the ledger refuses to admit it.
 *
 * <p>Thread-safety: immutable (the decoded key lives in the process's key cache, which is
 * thread-safe).
 */
public final class MemberKey implements Comparable<MemberKey> {
  /** Bytes of a raw key. */
  public static final int BYTES = Ed25519.PUBLIC_KEY_BYTES;

  private final byte[] raw;

  private MemberKey(byte[] raw) {
    this.raw = raw;
  }

  /**
   * The key with raw bytes {@code raw} (copied). The bytes are not checked to be a curve point
   * until the key is used: a bad key then simply verifies nothing (see {@link #usable()}).
   *
   * @throws InvalidArgumentException when {@code raw} is not 32 bytes
   */
  public static MemberKey of(byte[] raw) {
    if (raw == null || raw.length != BYTES) {
      throw new InvalidArgumentException(
          "a member key is 32 bytes, got " + (raw == null ? "null" : raw.length));
    }
    return new MemberKey(raw.clone());
  }

  /** The key at {@code source[offset, offset + 32)} (copied). */
  public static MemberKey of(byte[] source, int offset) {
    return new MemberKey(Arrays.copyOfRange(source, offset, offset + BYTES));
  }

  /** Parses 64 hex digits. */
  public static MemberKey parse(String hex) {
    try {
      return of(HexFormat.of().parseHex(hex.strip()));
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("a member key is 64 hex digits, '" + hex + "' is not", e);
    }
  }

  static MemberKey of(PublicKey key) {
    return new MemberKey(Ed25519.rawPublicKey(key));
  }

  /** A copy of the raw 32 bytes. */
  public byte[] bytes() {
    return raw.clone();
  }

  /** The key's first byte (an executor reads it ahead of a call that copies the key: {@code Warmer}). */
  public byte first() {
    return raw[0];
  }

  /** Copies the raw 32 bytes into {@code target} at {@code offset}. */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(raw, 0, target, offset, BYTES);
  }

  /**
   * Whether {@code signature} is this key's Ed25519 signature of {@code message}. Never throws
   * for bad input: a malformed key or signature is just not valid.
   */
  public boolean verify(byte[] message, byte[] signature) {
    return Ed25519.verify(raw, message, signature);
  }

  /**
   * Whether every {@code signatures.get(i)} is {@code keys.get(i)}'s signature of {@code
   * messages.get(i)}, checked as one batch ({@link io.cairn.chain.crypto.Ed25519Batch}: cheaper per
   * signature than {@link #verify} from a few signatures on, but cofactored and all-or-nothing: it
   * does not say which one failed). {@code random} draws the batch's weights. Never throws for bad
   * input; an unusable key makes the batch fail.
   */
  public static boolean verifyAll(java.util.List<MemberKey> keys, java.util.List<byte[]> messages,
      java.util.List<byte[]> signatures, java.util.random.RandomGenerator random) {
    int k = keys.size();
    if (messages.size() != k || signatures.size() != k) {
      return false;
    }
    byte[][] raws = new byte[k][];
    for (int i = 0; i < k; i++) {
      if (!keys.get(i).usable()) {
        return false;
      }
      raws[i] = keys.get(i).raw;
    }
    return io.cairn.chain.crypto.Ed25519Batch.verify(raws, messages.toArray(byte[][]::new),
        signatures.toArray(byte[][]::new), random);
  }

  /**
   * Whether this key can sign: the canonical encoding of a curve point that is not of small
   * order. An unusable key verifies no signature and cannot be admitted.
   */
  public boolean usable() {
    return Ed25519.usable(raw);
  }

  /** Null when {@link #usable()}; otherwise why not, in a few words. */
  public String weakness() {
    if (usable()) {
      return null;
    }
    String weakness = WeakKeys.weakness(raw);
    return weakness != null ? weakness : "not a point on the curve";
  }

  /** 64 lowercase hex digits. */
  public String hex() {
    return HexFormat.of().formatHex(raw);
  }

  /** The first 12 hex digits, for logs and tables. */
  public String shortHex() {
    return hex().substring(0, 12);
  }

  @Override
  public int compareTo(MemberKey other) {
    return Arrays.compareUnsigned(raw, other.raw);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MemberKey key && Arrays.equals(raw, key.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return hex();
  }
}
