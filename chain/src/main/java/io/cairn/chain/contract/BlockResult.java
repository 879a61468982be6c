package io.cairn.chain.contract;

import io.cairn.common.ByteWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a block's execution produced: one receipt per call in block order, and the block's net
 * writes in key order (the last successful call's value per key; {@code null} = deleted). Both
 * must equal what the serial executor produces from the same calls and state.
 *
 * <p>Thread-safety: immutable.
 */
public final class BlockResult {
  private final List<Receipt> receipts;
  private final Map<StateKey, byte[]> unsorted;
  private volatile SortedMap<StateKey, byte[]> writes;

  /**
   * Takes ownership of {@code writes} (null values are deletions), which are sorted only when
   * {@link #writes()} is first asked for: committing needs no order.
   */
  public BlockResult(List<Receipt> receipts, Map<StateKey, byte[]> writes) {
    this(writes, List.copyOf(receipts));
  }

  private BlockResult(Map<StateKey, byte[]> writes, List<Receipt> owned) {
    this.receipts = owned;
    this.unsorted = Collections.unmodifiableMap(writes);
  }

  /**
   * As {@link #BlockResult(List, Map)}, taking ownership of {@code receipts} too (no element null;
   * the caller must not change the array afterwards): an executor fills one array of receipts and
   * hands it over, where the constructor's copy was 40 KB more written per 10,000 calls by the
   * thread that ends the block, after the parallel part (session 16).
   */
  public static BlockResult owning(Receipt[] receipts, Map<StateKey, byte[]> writes) {
    for (int i = 0; i < receipts.length; i++) {
      if (receipts[i] == null) {
        throw new NullPointerException("no receipt for call " + i);
      }
    }
    return new BlockResult(writes, Collections.unmodifiableList(Arrays.asList(receipts)));
  }

  /** The receipts, in block order. */
  public List<Receipt> receipts() {
    return receipts;
  }

  /** The net writes, sorted by key; a null value deletes the key. Arrays shared: do not change. */
  public SortedMap<StateKey, byte[]> writes() {
    SortedMap<StateKey, byte[]> sorted = writes;
    if (sorted == null) {
      sorted = Collections.unmodifiableSortedMap(new TreeMap<>(unsorted));
      writes = sorted;
    }
    return sorted;
  }

  /** The net writes in no particular order (null = deleted); what a commit iterates. */
  public Map<StateKey, byte[]> unsortedWrites() {
    return unsorted;
  }

  /** How many receipts have status {@code status}. */
  public long count(ReceiptStatus status) {
    return receipts.stream().filter(receipt -> receipt.status() == status).count();
  }

  /**
   * SHA-256 over the receipts' encodings in order, then each write as {@code u16 key length, key,
   * u8 0 (deleted) or 1, u32 value length, value}: equal results have equal digests.
   */
  public byte[] digest() {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
    for (Receipt receipt : receipts) {
      sha.update(receipt.encode());
    }
    for (Map.Entry<StateKey, byte[]> write : writes().entrySet()) {
      byte[] value = write.getValue();
      ByteWriter out = new ByteWriter(16 + write.getKey().length());
      out.bytes16(write.getKey().engineKey()).u8(value == null ? 0 : 1).u32(value == null ? 0 : value.length);
      sha.update(out.buffer(), 0, out.size());
      if (value != null) {
        sha.update(value);
      }
    }
    return sha.digest();
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof BlockResult result) || !receipts.equals(result.receipts)
        || unsorted.size() != result.unsorted.size()) {
      return false;
    }
    Iterator<Map.Entry<StateKey, byte[]>> mine = writes().entrySet().iterator();
    for (Map.Entry<StateKey, byte[]> theirs : result.writes().entrySet()) {
      Map.Entry<StateKey, byte[]> entry = mine.next();
      if (!entry.getKey().equals(theirs.getKey()) || !Arrays.equals(entry.getValue(), theirs.getValue())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return receipts.hashCode() * 31 + unsorted.size();
  }

  @Override
  public String toString() {
    return receipts.size() + " receipts (" + count(ReceiptStatus.OK) + " ok), " + unsorted.size() + " keys written";
  }
}
