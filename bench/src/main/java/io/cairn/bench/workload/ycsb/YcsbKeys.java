package io.cairn.bench.workload.ycsb;

import java.nio.charset.StandardCharsets;

/**
 * YCSB's record keys with its default "hashed" insert order: record number {@code n} (0, 1, 2, ...
 * in insertion order) is stored under {@code "user" + decimal(fnv64(n))}, so consecutive inserts
 * land all over the key space, and a scan from one record visits unrelated ones.
 *
 * <p>{@code fnv64} is FNV-1a over the 8 bytes of {@code n}, least significant first, with the sign
 * bit of the result cleared (YCSB takes the absolute value; clearing the bit differs only for the
 * one hash equal to {@code Long.MIN_VALUE}). Keys are 5 to 23 ASCII bytes.
 */
public final class YcsbKeys {
  /** The longest key: "user" and 19 digits. */
  public static final int MAX_KEY_BYTES = 23;
  private static final long FNV_OFFSET_BASIS = 0xCBF29CE484222325L;
  private static final long FNV_PRIME = 0x100000001B3L;

  private YcsbKeys() {}

  /** FNV-1a of the 8 bytes of {@code value}, low byte first, sign bit cleared. */
  public static long fnv64(long value) {
    long hash = FNV_OFFSET_BASIS;
    long rest = value;
    for (int i = 0; i < Long.BYTES; i++) {
      hash ^= rest & 0xFF;
      hash *= FNV_PRIME;
      rest >>>= 8;
    }
    return hash & Long.MAX_VALUE;
  }

  /** The key of record number {@code recordNumber}. */
  public static byte[] key(long recordNumber) {
    return ("user" + fnv64(recordNumber)).getBytes(StandardCharsets.US_ASCII);
  }
}
