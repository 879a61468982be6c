package io.cairn.chain.store;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Remembers the hashes of signed objects (block headers, transaction headers) whose signature
 * was checked and found valid, so that verifying many records anchored by one transaction in one
 * block costs one Ed25519 verification each, not one per record. Keyed by the hash of the exact
 * signed bytes: changed bytes have another hash and are checked again, so tampering is never
 * hidden by the cache.
 *
 * <p>Direct-mapped (a slot per low bits of the hash, the newest entry wins): bounded memory, no
 * locks. Thread-safety: safe for concurrent use; slots hold immutable arrays.
 */
final class SignatureCache {
  private final AtomicReferenceArray<byte[]> slots;
  private final int mask;

  /** A cache of {@code 2^bits} slots. */
  SignatureCache(int bits) {
    slots = new AtomicReferenceArray<>(1 << bits);
    mask = (1 << bits) - 1;
  }

  /** Whether the object with hash {@code hash} was recorded as validly signed. */
  boolean contains(byte[] hash) {
    byte[] slot = slots.get(slot(hash));
    return slot != null && Arrays.equals(slot, hash);
  }

  /** Records that the object with hash {@code hash} is validly signed. */
  void add(byte[] hash) {
    slots.set(slot(hash), hash.clone());
  }

  private int slot(byte[] hash) {
    return ((hash[0] & 0xff) | (hash[1] & 0xff) << 8 | (hash[2] & 0xff) << 16) & mask;
  }
}
