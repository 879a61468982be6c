package io.cairn.lsm.internal.sstable;

import java.util.Arrays;

/**
 * Builds one block ({@link TableFormat}): prefix-compressed entries with a restart point (full
 * key) every {@code restartInterval} entries, then the restart array. Keys must be added in
 * increasing order. Not thread-safe; reused after {@link #reset}.
 */
final class BlockBuilder {
  private final int restartInterval;
  private final ByteSink buffer = new ByteSink(8 << 10);
  private int[] restarts = new int[32];
  private int restartCount;
  private int sinceRestart;
  private byte[] lastKey = new byte[64];
  private int lastKeyLength;
  private boolean finished;
  private int entries;

  BlockBuilder(int restartInterval) {
    this.restartInterval = restartInterval;
    reset();
  }

  void reset() {
    buffer.reset();
    restartCount = 1;
    restarts[0] = 0;
    sinceRestart = 0;
    lastKeyLength = 0;
    finished = false;
    entries = 0;
  }

  /** Appends an entry; its key sorts after the previous one. */
  void add(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength) {
    assert !finished;
    int shared = 0;
    if (sinceRestart < restartInterval) {
      int limit = Math.min(lastKeyLength, keyLength);
      shared = Arrays.mismatch(lastKey, 0, limit, key, keyOffset, keyOffset + limit);
      if (shared < 0) {
        shared = limit;
      }
    } else {
      if (restartCount == restarts.length) {
        restarts = Arrays.copyOf(restarts, restarts.length * 2);
      }
      restarts[restartCount++] = buffer.length();
      sinceRestart = 0;
    }
    int unshared = keyLength - shared;
    buffer.appendVarint(shared);
    buffer.appendVarint(unshared);
    buffer.appendVarint(valueLength);
    buffer.append(key, keyOffset + shared, unshared);
    buffer.append(value, valueOffset, valueLength);
    if (lastKey.length < keyLength) {
      lastKey = Arrays.copyOf(lastKey, Math.max(keyLength, lastKey.length * 2));
    }
    System.arraycopy(key, keyOffset + shared, lastKey, shared, unshared);
    lastKeyLength = keyLength;
    sinceRestart++;
    entries++;
  }

  /** Estimated bytes of the finished block. */
  int estimatedBytes() {
    return buffer.length() + (restartCount + 1) * TableFormat.RESTART_BYTES;
  }

  boolean isEmpty() {
    return entries == 0;
  }

  /** Appends the restart array; the block is {@link #bytes()}[0, {@link #length()}). */
  void finish() {
    for (int i = 0; i < restartCount; i++) {
      buffer.appendFixed32(restarts[i]);
    }
    buffer.appendFixed32(restartCount);
    finished = true;
  }

  byte[] bytes() {
    return buffer.bytes();
  }

  int length() {
    return buffer.length();
  }
}
