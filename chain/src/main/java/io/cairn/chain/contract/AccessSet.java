package io.cairn.chain.contract;

import io.cairn.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys a call declares it may read and write, in its contract's namespace (seed 001's
 * task-parallel model). Keys written may also be read. A call that touches any other key fails
 * with {@code UNDECLARED_ACCESS}, in every executor, before the access happens. Keys are kept
 * sorted by unsigned bytes and distinct: that is their canonical encoding order.
 *
 * <p>Thread-safety: immutable.
 */
public final class AccessSet {
  /** Most keys in each of the two sets. */
  public static final int KEYS_MAX = 4_096;
  /** Up to this many keys a membership check scans the list rather than hashing the key. */
  private static final int SCAN_MAX = 8;

  private final List<byte[]> reads;
  private final List<byte[]> writes;
  /** Built on the first check of a set over {@value #SCAN_MAX} keys (a small set is scanned). */
  private volatile Set<Key> allowedReads;
  private volatile Set<Key> allowedWrites;
  /** Per key of {@link #reads} and {@link #writes}: its 64-bit hash, computed once here. */
  private final long[] readHashes;
  private final long[] writeHashes;

  private AccessSet(List<byte[]> reads, List<byte[]> writes) {
    this.reads = reads;
    this.writes = writes;
    this.readHashes = hashes(reads);
    this.writeHashes = hashes(writes);
  }

  /**
   * The sets {@code reads} and {@code writes} (copied, sorted, duplicates dropped).
   *
   * @throws InvalidArgumentException when a set is over {@value #KEYS_MAX} keys or a key is over
   *     {@link GasSchedule#KEY_BYTES_MAX} bytes
   */
  public static AccessSet of(Collection<byte[]> reads, Collection<byte[]> writes) {
    return new AccessSet(canonical(reads, "read"), canonical(writes, "write"));
  }

  /** The read keys, sorted; arrays shared, do not change them. */
  public List<byte[]> reads() {
    return reads;
  }

  /** The write keys, sorted; arrays shared, do not change them. */
  public List<byte[]> writes() {
    return writes;
  }

  /**
   * A 64-bit hash of read key {@code i} (a function of its bytes only, the same for both sets),
   * computed when the set was built: the parallel planner compares these instead of the keys, so
   * planning a block does not read the key bytes again.
   */
  public long readHash(int i) {
    return readHashes[i];
  }

  /** How many keys {@link #reads} has (without reaching the list). */
  public int readCount() {
    return readHashes.length;
  }

  /** How many keys {@link #writes} has (without reaching the list). */
  public int writeCount() {
    return writeHashes.length;
  }

  /** The 64-bit hash of write key {@code i}, as {@link #readHash}. */
  public long writeHash(int i) {
    return writeHashes[i];
  }

  private static long[] hashes(List<byte[]> keys) {
    long[] hashes = new long[keys.size()];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = StateKey.hash64(keys.get(i));
    }
    return hashes;
  }

  /** Whether {@code key} may be read (it is in either set). */
  public boolean mayRead(byte[] key) {
    return mayRead(key, StateKey.hash64(key));
  }

  /**
   * Whether {@code key}, whose {@link StateKey#hash64(byte[])} is {@code hash}, may be read: a
   * small set compares the hashes first and the bytes only on an equal hash.
   */
  public boolean mayRead(byte[] key, long hash) {
    if (reads.size() + writes.size() <= SCAN_MAX) {
      return contains(reads, readHashes, key, hash) || contains(writes, writeHashes, key, hash);
    }
    Set<Key> readable = allowedReads;
    if (readable == null) {
      readable = keySet(reads);
      readable.addAll(keySet(writes));
      allowedReads = readable; // racing threads build equal sets; either may win
    }
    return readable.contains(new Key(key));
  }

  /** Whether {@code key} may be written. */
  public boolean mayWrite(byte[] key) {
    return mayWrite(key, StateKey.hash64(key));
  }

  /** Whether {@code key}, whose {@link StateKey#hash64(byte[])} is {@code hash}, may be written (as {@link #mayRead(byte[], long)}). */
  public boolean mayWrite(byte[] key, long hash) {
    if (writes.size() <= SCAN_MAX) {
      return contains(writes, writeHashes, key, hash);
    }
    Set<Key> writable = allowedWrites;
    if (writable == null) {
      writable = keySet(writes);
      allowedWrites = writable;
    }
    return writable.contains(new Key(key));
  }

  private static boolean contains(List<byte[]> keys, long[] hashes, byte[] key, long hash) {
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] == hash && Arrays.equals(keys.get(i), key)) {
        return true;
      }
    }
    return false;
  }

  private static List<byte[]> canonical(Collection<byte[]> keys, String what) {
    if (keys.size() > KEYS_MAX) {
      throw new InvalidArgumentException(what + " set of " + keys.size() + " keys exceeds " + KEYS_MAX);
    }
    List<byte[]> sorted = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      if (key.length > GasSchedule.KEY_BYTES_MAX) {
        throw new InvalidArgumentException(what + " key of " + key.length + " bytes exceeds " + GasSchedule.KEY_BYTES_MAX);
      }
      sorted.add(key.clone());
    }
    sorted.sort(Arrays::compareUnsigned);
    List<byte[]> distinct = new ArrayList<>(sorted.size());
    for (byte[] key : sorted) {
      if (distinct.isEmpty() || !Arrays.equals(distinct.getLast(), key)) {
        distinct.add(key);
      }
    }
    return List.copyOf(distinct);
  }

  private static Set<Key> keySet(List<byte[]> keys) {
    Set<Key> set = new HashSet<>();
    keys.forEach(key -> set.add(new Key(key)));
    return set;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AccessSet set && sameKeys(reads, set.reads) && sameKeys(writes, set.writes);
  }

  private static boolean sameKeys(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return 31 * reads.size() + writes.size();
  }

  @Override
  public String toString() {
    return "reads " + reads.size() + " keys, writes " + writes.size() + " keys";
  }

  /** A key with value equality, for the membership checks. */
  private record Key(byte[] bytes) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }
}
