package io.cairn.lsm.internal.pmem;

import io.cairn.common.BloomFilter;
import io.cairn.common.UnsignedBytes;
import io.cairn.lsm.api.KeyComparator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.Lookup;
import io.cairn.pmem.api.Segments;
import io.cairn.pmem.l0.KeyOrder;
import io.cairn.pmem.l0.LookupKey;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.function.Function;

/**
 * The engine's internal-key order (user key ascending, then tag descending) as the NVMTable's
 * {@link KeyOrder}, plus the model key and filter hash NVMTables need per key (see {@code
 * docs/nvmtable.md}, "Keys, model keys, filter hashes"):
 *
 * <ul>
 *   <li>model key: {@link UnsignedBytes#prefix64} of the user key with the bytewise comparator
 *       (it never decreases along the internal-key order: every version of a user key, and every
 *       user key with the same first 8 bytes, share it); a constant 0 with a custom comparator,
 *       whose order the prefix need not follow (the learned search then degrades to a binary
 *       search over equal model keys, still correct);
 *   <li>filter hash: {@link BloomFilter#hash} of the user key, the one SSTables use, so one
 *       lookup hashes its key once for every table of either kind.
 * </ul>
 *
 * <p>With the bytewise comparator keys are compared in place (pmem views included); a custom
 * comparator compares copies. Thread-safety: stateless.
 */
public final class InternalKeyOrder implements KeyOrder {
  private static final ValueLayout.OfLong TAG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final InternalKeyComparator comparator;
  private final boolean bytewise;
  private final Function<Lookup, LookupKey> lookupKeyOf = this::makeLookupKey;

  /** The order of {@code comparator}'s internal keys. */
  public InternalKeyOrder(InternalKeyComparator comparator) {
    this.comparator = comparator;
    this.bytewise = comparator.userOrder().comparator() == KeyComparator.BYTEWISE;
  }

  @Override
  public int compare(MemorySegment left, MemorySegment right) {
    if (!bytewise) {
      return comparator.compare(Segments.toBytes(left), Segments.toBytes(right));
    }
    long leftUser = left.byteSize() - InternalKeyFormat.TAG_BYTES;
    long rightUser = right.byteSize() - InternalKeyFormat.TAG_BYTES;
    long at = MemorySegment.mismatch(left, 0, leftUser, right, 0, rightUser);
    if (at >= 0) {
      if (at == leftUser) {
        return -1;
      }
      if (at == rightUser) {
        return 1;
      }
      return Byte.toUnsignedInt(left.get(ValueLayout.JAVA_BYTE, at))
          - Byte.toUnsignedInt(right.get(ValueLayout.JAVA_BYTE, at));
    }
    return Long.compareUnsigned(right.get(TAG, rightUser), left.get(TAG, leftUser));
  }

  /** The same order over array ranges (a flush's keys): the engine's own comparison, no segments. */
  @Override
  public int compare(byte[] left, int leftOffset, int leftLength, byte[] right, int rightOffset, int rightLength) {
    return comparator.compare(left, leftOffset, leftLength, right, rightOffset, rightLength);
  }

  /** The model key of an internal key whose user key is {@code key[offset, +userLength)}. */
  public long modelKey(byte[] key, int offset, int userLength) {
    return bytewise ? UnsignedBytes.prefix64(key, offset, userLength) : 0;
  }

  /** The lookup of internal key {@code internalKey} (user key + tag) in NVMTables. */
  public LookupKey lookupKey(byte[] internalKey, int userLength, int filterHash) {
    return new LookupKey(MemorySegment.ofArray(internalKey), modelKey(internalKey, 0, userLength), filterHash);
  }

  /** {@code lookup}'s key in NVMTables, made once per lookup and shared by every table it visits. */
  public LookupKey lookupKey(Lookup lookup) {
    return lookup.nvmTableKey(lookupKeyOf);
  }

  private LookupKey makeLookupKey(Lookup lookup) {
    return lookupKey(lookup.internalKey(), lookup.userKeyLength(), lookup.filterHash());
  }

  /**
   * The key a seek to internal key {@code internalKey[offset, +length)} looks for: its model key
   * but no filter hash (a seek never asks the bloom filter, so the hash is not computed), and a
   * view of the caller's array rather than a copy.
   */
  public LookupKey seekKey(byte[] internalKey, int offset, int length) {
    MemorySegment key = MemorySegment.ofArray(internalKey);
    if (offset != 0 || length != internalKey.length) {
      key = key.asSlice(offset, length);
    }
    return new LookupKey(key, modelKey(internalKey, offset, length - InternalKeyFormat.TAG_BYTES), 0);
  }

  /** The lookup of the whole internal key {@code internalKey}. */
  public LookupKey lookupKey(byte[] internalKey) {
    int userLength = internalKey.length - InternalKeyFormat.TAG_BYTES;
    return lookupKey(internalKey, userLength, BloomFilter.hash(internalKey, 0, userLength));
  }
}
