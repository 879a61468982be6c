package io.cairn.lsm.internal.iterator;

import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;

/**
 * Shows only the entries of another iterator whose user key is above {@code after} (exclusive)
 * and at most {@code through} (inclusive); either bound may be null (open). This is how an L0
 * table that a key-range slice compaction has partly moved to L1 is read: the entries at or below
 * its compacted-through key are hidden from reads, and a slice reads {@code (watermark, sliceEnd]}
 * of every L0 table.
 *
 * <p>Seeks land on the bounds directly (one seek of the inner iterator), so hidden entries cost
 * nothing to skip. Memory and thread-safety as {@link InternalIterator}; owns the inner iterator.
 */
public final class UserKeyRangeIterator implements InternalIterator {
  private final InternalIterator inner;
  private final KeyOrder order;
  private final byte[] after;
  private final byte[] through;
  /** The smallest internal key of {@code after}'s user key: where entries above it start. */
  private final byte[] afterSeekKey;
  private final byte[] throughSeekKey;
  private boolean valid;

  /**
   * @param inner the iterator to limit (owned: closed with this one)
   * @param order the user key order
   * @param after hide user keys at or below this one; null: no lower bound
   * @param through hide user keys above this one; null: no upper bound
   */
  public UserKeyRangeIterator(InternalIterator inner, KeyOrder order, byte[] after, byte[] through) {
    this.inner = inner;
    this.order = order;
    this.after = after;
    this.through = through;
    this.afterSeekKey = after == null ? null : InternalKeyFormat.encode(after, 0, InternalKeyFormat.TYPE_DELETION);
    this.throughSeekKey = through == null ? null
        : InternalKeyFormat.encode(through, 0, InternalKeyFormat.TYPE_DELETION);
  }

  /** Wraps {@code inner} only when a bound is set. */
  public static InternalIterator limit(InternalIterator inner, KeyOrder order, byte[] after, byte[] through) {
    return after == null && through == null ? inner : new UserKeyRangeIterator(inner, order, after, through);
  }

  @Override
  public boolean isValid() {
    return valid;
  }

  @Override
  public void seekToFirst() {
    if (afterSeekKey == null) {
      inner.seekToFirst();
    } else {
      seekAbove(afterSeekKey, after);
    }
    settleForward();
  }

  @Override
  public void seekToLast() {
    if (throughSeekKey == null) {
      inner.seekToLast();
    } else {
      seekAbove(throughSeekKey, through);
      if (inner.isValid()) {
        inner.prev();
      } else {
        inner.seekToLast();
      }
    }
    settleBackward();
  }

  @Override
  public void seek(byte[] target, int offset, int length) {
    if (after != null && order.compare(target, offset, length - InternalKeyFormat.TAG_BYTES, after, 0, after.length) <= 0) {
      seekToFirst();
      return;
    }
    inner.seek(target, offset, length);
    settleForward();
  }

  @Override
  public void next() {
    assert valid;
    inner.next();
    settleForward();
  }

  @Override
  public void prev() {
    assert valid;
    inner.prev();
    settleBackward();
  }

  /** Moves the inner iterator to the first entry whose user key is above {@code userKey}. */
  private void seekAbove(byte[] seekKey, byte[] userKey) {
    inner.seek(seekKey);
    while (inner.isValid() && compareUser(userKey) <= 0) {
      inner.next();
    }
  }

  /** Moving forward: valid while at or below the upper bound. */
  private void settleForward() {
    valid = inner.isValid() && (through == null || compareUser(through) <= 0);
  }

  /** Moving backward: valid while above the lower bound. */
  private void settleBackward() {
    valid = inner.isValid() && (after == null || compareUser(after) > 0);
  }

  /** The current user key compared with {@code userKey}. */
  private int compareUser(byte[] userKey) {
    return order.compare(inner.keyBytes(), inner.keyOffset(), inner.keyLength() - InternalKeyFormat.TAG_BYTES,
        userKey, 0, userKey.length);
  }

  @Override
  public byte[] keyBytes() {
    return inner.keyBytes();
  }

  @Override
  public int keyOffset() {
    return inner.keyOffset();
  }

  @Override
  public int keyLength() {
    return inner.keyLength();
  }

  @Override
  public byte[] valueBytes() {
    return inner.valueBytes();
  }

  @Override
  public int valueOffset() {
    return inner.valueOffset();
  }

  @Override
  public int valueLength() {
    return inner.valueLength();
  }

  @Override
  public byte[] copyValue() {
    return inner.copyValue();
  }

  @Override
  public io.cairn.lsm.internal.key.ValueReference valueReference() {
    return inner.valueReference();
  }

  @Override
  public void close() {
    inner.close();
  }
}
