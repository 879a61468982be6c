package io.cairn.chain.api;

import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The keys of a {@link RecordStore} opened with {@link RecordStore#sequential}: each record goes
 * under the next number of a counter instead of under its hash, so a store's writes land at the
 * end of the engine's key space. An engine inserts them after its previous insert (the memtable's
 * finger), flushes them as tables whose ranges do not overlap and moves those down without
 * rewriting them; under hash keys every record was a random insert into the memtable and was
 * rewritten by every compaction of its level. The record is still anchored under its hash (the
 * entry's record hash); the key only reads it back ({@link ReadParameters#key()}).
 *
 * <p>Key layout ({@code docs/formats/record-store.md}): {@code u8 0x01 | u64 n} (big-endian,
 * {@value #KEY_BYTES} bytes; {@code n} from 1). A store that holds hash keys from before (32
 * bytes) can take sequence keys beside them: the two lengths never collide, and the next number is
 * found by walking back from the last possible sequence key over the hash keys that start with the
 * same byte.
 *
 * <p>Invariant: a number handed out is above every sequence key the store held when it was opened
 * and above every number handed out before, so no record is ever written over another.
 *
 * <p>Thread-safety: safe for concurrent use (an atomic counter).
 */
final class RecordSequence {
  /** The first byte of every sequence key (a format version as much as a tag). */
  static final byte TAG = 0x01;
  /** Bytes of a sequence key. */
  static final int KEY_BYTES = 1 + Long.BYTES;

  private final AtomicLong last;

  private RecordSequence(long last) {
    this.last = new AtomicLong(last);
  }

  /**
   * The sequence of the store in {@code db}, continuing after its highest sequence key.
   *
   * @throws CorruptionException when the highest sequence key holds the counter's last value
   */
  static RecordSequence resume(Db db) {
    byte[] highest = key(-1L); // 0x01 FF..FF: at or above every sequence key
    try (DbIterator iterator = db.newIterator()) {
      iterator.seek(highest);
      if (!iterator.isValid()) {
        iterator.seekToLast();
      } else if (!java.util.Arrays.equals(iterator.key(), highest)) {
        iterator.prev();
      }
      for (; iterator.isValid() && iterator.key().length > 0 && iterator.key()[0] == TAG; iterator.prev()) {
        byte[] key = iterator.key();
        if (key.length == KEY_BYTES) {
          long number = numberOf(key);
          if (number == -1L) {
            throw new CorruptionException("the record store's sequence is exhausted");
          }
          return new RecordSequence(number);
        }
      }
    }
    return new RecordSequence(0);
  }

  /** The keys of the next {@code count} records, ascending. */
  byte[][] next(int count) {
    long first = last.getAndAdd(count) + 1;
    byte[][] keys = new byte[count][];
    for (int i = 0; i < count; i++) {
      keys[i] = key(first + i);
    }
    return keys;
  }

  /** The key of number {@code number} (unsigned). */
  static byte[] key(long number) {
    byte[] key = new byte[KEY_BYTES];
    key[0] = TAG;
    for (int i = 0; i < Long.BYTES; i++) {
      key[1 + i] = (byte) (number >>> (56 - 8 * i));
    }
    return key;
  }

  /** The number in sequence key {@code key} ({@link #KEY_BYTES} bytes, first {@link #TAG}). */
  static long numberOf(byte[] key) {
    if (key.length != KEY_BYTES || key[0] != TAG) {
      throw new CorruptionException("not a record sequence key: " + key.length + " bytes");
    }
    long number = 0;
    for (int i = 1; i < KEY_BYTES; i++) {
      number = number << 8 | (key[i] & 0xff);
    }
    return number;
  }
}
