package io.cairn.lsm.internal.key;

import io.cairn.common.BloomFilter;
import io.cairn.pmem.l0.LookupKey;
import java.util.Arrays;
import java.util.function.Function;

/**
 * One point lookup travelling down the read path (memtable, immutable memtable, L0 tables newest
 * first, deeper levels): the lookup key, the outcome once some layer holds a visible version, and
 * what the way down cost (tables asked, filter skips, block reads), which the engine adds to its
 * read counters.
 *
 * <p>Thread-safety: confined to the reading thread. Memory: {@link #value()} is a fresh array
 * owned by the caller.
 */
public final class Lookup {
  private final byte[] internalKey;
  private final long sequence;
  private boolean deleted;
  private boolean reference;
  private byte[] value;
  private int filterHash;
  private boolean filterHashKnown;
  private LookupKey nvmTableKey;
  private int l0TablesAsked;
  private int deeperTablesAsked;
  private int filterSkips;
  private int blockReads;
  private boolean answeredInL0;

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

  /** Counts a table asked on the way down: an L0 table ({@code level0}) or one of a deeper level. */
  public void noteTableAsked(boolean level0) {
    if (level0) {
      l0TablesAsked++;
    } else {
      deeperTablesAsked++;
    }
  }

  /** Counts a table whose filter said the key is absent (no search, no block read). */
  public void noteFilterSkip() {
    filterSkips++;
  }

  /** Counts a data block the lookup had to read from its table (a block-cache miss). */
  public void noteBlockRead() {
    blockReads++;
  }

  /** Records that an L0 table answered the lookup (a value or a deletion). */
  public void noteAnsweredInL0() {
    answeredInL0 = true;
  }

  /** Whether an L0 table answered the lookup. */
  public boolean answeredInL0() {
    return answeredInL0;
  }

  /** L0 tables asked (their key range held the key and no slice had moved it to L1). */
  public int l0TablesAsked() {
    return l0TablesAsked;
  }

  /** Tables of L1 and deeper asked (at most one per level). */
  public int deeperTablesAsked() {
    return deeperTablesAsked;
  }

  /** Tables asked whose filter ruled the key out. */
  public int filterSkips() {
    return filterSkips;
  }

  /** Data blocks read from tables because the block cache did not hold them. */
  public int blockReads() {
    return blockReads;
  }

  /** Records that the newest visible version is a value, taking over {@code value} (not copied). */
  public void setValueOwned(byte[] value) {
    this.value = value;
    deleted = false;
    reference = false;
  }

  /** Records that the newest visible version is a value: copies it. */
  public void setValue(byte[] bytes, int offset, int length) {
    value = Arrays.copyOfRange(bytes, offset, offset + length);
    deleted = false;
    reference = false;
  }

  /**
   * Records that the newest visible version is a value held in a pmem Container: copies the
   * {@link ValueReference} bytes, which the engine resolves ({@link #isReference()}).
   */
  public void setValueReference(byte[] bytes, int offset, int length) {
    setValue(bytes, offset, length);
    reference = true;
  }

  /** Records that the newest visible version is a deletion. */
  public void setDeleted() {
    value = null;
    deleted = true;
    reference = false;
  }

  /** Whether {@link #value()} holds the encoded {@link ValueReference} of the value, not the value. */
  public boolean isReference() {
    return reference;
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
