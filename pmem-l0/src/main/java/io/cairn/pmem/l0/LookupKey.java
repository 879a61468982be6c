package io.cairn.pmem.l0;

import io.cairn.common.BloomFilter;
import io.cairn.common.InvalidArgumentException;
import io.cairn.common.UnsignedBytes;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A key to look up in NVMTables, with what the tables need besides its bytes: its model key (the
 * learned index is trained on model keys) and its filter hash (the bloom filter holds hashes). A
 * lookup through several tables computes both once.
 *
 * <p>For keys that are "a user key followed by a fixed suffix" (the engine's internal keys: user
 * key + 8-byte tag), {@link #ofUserKeyPrefix} derives both from the user key the way {@link
 * NvmTableBuilder#add(byte[], int, byte[])} does; any other convention works as long as the builder
 * and the lookups agree.
 *
 * <p>Thread-safety: immutable; the key's bytes belong to the caller, who must not change them
 * while a lookup runs.
 *
 * @param key the key's bytes, in the table's {@link KeyOrder}
 * @param modelKey the key's model key: for every stored key {@code s}, {@code s < key} implies
 *     {@code modelKey(s) <= modelKey} (unsigned), and {@code s > key} implies {@code >=}
 * @param filterHash the {@link BloomFilter#hash} the builder was given for keys equal to this one
 *     in the filtered part (the user key)
 */
public record LookupKey(MemorySegment key, long modelKey, int filterHash) {
  /** @throws NullPointerException for a null key */
  public LookupKey {
    Objects.requireNonNull(key, "key");
  }

  /** A lookup of {@code key} with explicit model key and filter hash. */
  public static LookupKey of(byte[] key, long modelKey, int filterHash) {
    return new LookupKey(MemorySegment.ofArray(key), modelKey, filterHash);
  }

  /**
   * A lookup of {@code key} whose first {@code userKeyLength} bytes are the user key: model key
   * {@link UnsignedBytes#prefix64} and filter hash {@link BloomFilter#hash} of that prefix.
   *
   * @throws InvalidArgumentException when {@code userKeyLength} is outside {@code [0, key.length]}
   */
  public static LookupKey ofUserKeyPrefix(byte[] key, int userKeyLength) {
    if (userKeyLength < 0 || userKeyLength > key.length) {
      throw new InvalidArgumentException("user key length " + userKeyLength + " is outside a key of " + key.length + " bytes");
    }
    return new LookupKey(MemorySegment.ofArray(key), UnsignedBytes.prefix64(key, 0, userKeyLength),
        BloomFilter.hash(key, 0, userKeyLength));
  }

  /** A lookup of a key that is all user key: {@code ofUserKeyPrefix(key, key.length)}. */
  public static LookupKey of(byte[] key) {
    return ofUserKeyPrefix(key, key.length);
  }
}
