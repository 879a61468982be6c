package io.cairn.lsm.internal.key;

import io.cairn.common.BloomFilter;
import io.cairn.pmem.l0.LookupKey;
import java.util.Arrays;
import java.util.function.Function;

/**
 * One point lookup travelling down the read path (memtable, immutable memtable, L0 tables newest
 * first, deeper levels): the lookup key, and the outcome once some layer holds a visible version.
 *
 * <p>Thread-safety: confined to the reading thread. Memory: {@link #value()} is a fresh array
 * owned by the caller.
 */
public final class Lookup {
  private final byte[] internalKey;
  private final long sequence;
  private boolean deleted;
  private byte[] value;
  private int filterHash;
  private boolean filterHashKnown;
  private LookupKey nvmTableKey;

  /** A lookup of {@code userKey} as of {@code sequence}. */
  public Lookup(byte[] userKey, long sequence) {
    this.internalKey = InternalKeyFormat.encode(userKey, sequence, InternalKeyFormat.TYPE_FOR_SEEK);
    this.sequence = sequence;
  }

  /** User key followed by the seek tag: the first internal key visible at the sequence. */
  public byte[] internalKey() {
    return internalKey;
  }

  /** Length of the user key inside {@link #internalKey()}. */
  public int userKeyLength() {
    return internalKey.length - InternalKeyFormat.TAG_BYTES;
  }

  /** The sequence the lookup reads at. */
  public long sequence() {
    return sequence;
  }

  /**
   * The user key's {@link io.cairn.common.BloomFilter#hash}, computed once per lookup however many
   * tables ask: SSTables and NVMTables share the one filter hash.
   */
  public int filterHash() {
    if (!filterHashKnown) {
      filterHash = BloomFilter.hash(internalKey, 0, userKeyLength());
      filterHashKnown = true;
    }
    return filterHash;
  }

  /**
   * The key as NVMTables search for it, made by {@code make} on the first call and reused by every
   * NVMTable the lookup visits (its model key and filter hash are computed once per lookup).
   */
  public LookupKey nvmTableKey(Function<Lookup, LookupKey> make) {
    if (nvmTableKey == null) {
      nvmTableKey = make.apply(this);
    }
    return nvmTableKey;
  }

  /** Records that the newest visible version is a value, taking over {@code value} (not copied). */
  public void setValueOwned(byte[] value) {
    this.value = value;
    deleted = false;
  }

  /** Records that the newest visible version is a value: copies it. */
  public void setValue(byte[] bytes, int offset, int length) {
    value = Arrays.copyOfRange(bytes, offset, offset + length);
    deleted = false;
  }

  /** Records that the newest visible version is a deletion. */
  public void setDeleted() {
    value = null;
    deleted = true;
  }

  /** Whether the newest visible version is a deletion. */
  public boolean isDeleted() {
    return deleted;
  }

  /** The value found, or null when none (absent or deleted). */
  public byte[] value() {
    return value;
  }
}
