package io.cairn.lsm.internal.db;

import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import java.util.Arrays;

/**
 * The user's cursor (LevelDB's DBIter): turns the merged stream of internal keys into the user
 * keys visible at one sequence number, skipping versions newer than it, versions hidden by newer
 * ones, and deleted keys, in both directions.
 *
 * <p>Moving forward, the internal cursor sits on the entry being shown. Moving backward it sits
 * just before every entry of the key being shown, whose key and value are kept in saved copies.
 *
 * <p>Thread-safety: not thread-safe. Pins its read view until {@link #close}.
 */
final class DbIteratorImpl implements DbIterator {
  private final DbImpl db;
  private final InternalIterator iterator;
  private final KeyOrder userOrder;
  private final long sequence;
  private Runnable release;
  private boolean forward = true;
  private boolean valid;
  private byte[] savedKey = new byte[32];
  private int savedKeyLength;
  private byte[] savedValue;

  DbIteratorImpl(DbImpl db, InternalIterator iterator, long sequence, Runnable release) {
    this.db = db;
    this.iterator = iterator;
    this.userOrder = db.comparator.userOrder();
    this.sequence = sequence;
    this.release = release;
  }

  @Override
  public boolean isValid() {
    return valid;
  }

  @Override
  public void seekToFirst() {
    checkUsable();
    forward = true;
    savedValue = null;
    iterator.seekToFirst();
    findNextUserEntry(false);
  }

  @Override
  public void seekToLast() {
    checkUsable();
    forward = false;
    savedValue = null;
    iterator.seekToLast();
    findPreviousUserEntry();
  }

  @Override
  public void seek(byte[] target) {
    checkUsable();
    forward = true;
    savedValue = null;
    byte[] lookup = InternalKeyFormat.encode(target, sequence, InternalKeyFormat.TYPE_FOR_SEEK);
    iterator.seek(lookup, 0, lookup.length);
    findNextUserEntry(false);
  }

  @Override
  public void next() {
    checkUsable();
    requireValid();
    if (!forward) {
      // The cursor is before the current key's entries: step onto them, then past them.
      forward = true;
      if (iterator.isValid()) {
        iterator.next();
      } else {
        iterator.seekToFirst();
      }
    } else {
      saveKey(iterator.keyBytes(), iterator.keyOffset(), iterator.keyLength() - InternalKeyFormat.TAG_BYTES);
      iterator.next();
    }
    findNextUserEntry(true);
  }

  @Override
  public void prev() {
    checkUsable();
    requireValid();
    if (forward) {
      // The cursor is on the current key's visible entry: back up past every entry of that key.
      saveKey(iterator.keyBytes(), iterator.keyOffset(), iterator.keyLength() - InternalKeyFormat.TAG_BYTES);
      while (true) {
        iterator.prev();
        if (!iterator.isValid()) {
          valid = false;
          savedValue = null;
          return;
        }
        if (compareToSaved(iterator) < 0) {
          break;
        }
      }
      forward = false;
    }
    findPreviousUserEntry();
  }

  @Override
  public byte[] key() {
    requireValid();
    if (forward) {
      int offset = iterator.keyOffset();
      return Arrays.copyOfRange(iterator.keyBytes(), offset, offset + iterator.keyLength() - InternalKeyFormat.TAG_BYTES);
    }
    return Arrays.copyOf(savedKey, savedKeyLength);
  }

  @Override
  public byte[] value() {
    requireValid();
    return forward ? currentValue() : savedValue.clone();
  }

  /** A copy of the internal cursor's value, a value reference resolved from its pmem Container. */
  private byte[] currentValue() {
    long tag = InternalKeyFormat.tagOf(iterator.keyBytes(), iterator.keyOffset(), iterator.keyLength());
    if (InternalKeyFormat.type(tag) == InternalKeyFormat.TYPE_VALUE_REFERENCE) {
      return db.resolveValue(iterator.valueBytes(), iterator.valueOffset(), iterator.valueLength());
    }
    return iterator.copyValue();
  }

  @Override
  public void close() {
    if (release != null) {
      try {
        iterator.close();
      } finally {
        release.run();
        release = null;
        valid = false;
      }
    }
  }

  /** Moves forward to the first visible entry, skipping the saved key's entries when asked. */
  private void findNextUserEntry(boolean skipping) {
    while (iterator.isValid()) {
      long tag = InternalKeyFormat.tagOf(iterator.keyBytes(), iterator.keyOffset(), iterator.keyLength());
      if (InternalKeyFormat.sequence(tag) <= sequence) {
        if (InternalKeyFormat.type(tag) == InternalKeyFormat.TYPE_DELETION) {
          // Every older entry of this key is hidden by the tombstone.
          saveKey(iterator.keyBytes(), iterator.keyOffset(), iterator.keyLength() - InternalKeyFormat.TAG_BYTES);
          skipping = true;
        } else if (!skipping || compareToSaved(iterator) > 0) {
          valid = true;
          return;
        }
      }
      iterator.next();
    }
    valid = false;
  }

  /** Moves backward; leaves the newest visible version of the previous live key in the saved copies. */
  private void findPreviousUserEntry() {
    boolean haveValue = false;
    while (iterator.isValid()) {
      long tag = InternalKeyFormat.tagOf(iterator.keyBytes(), iterator.keyOffset(), iterator.keyLength());
      if (InternalKeyFormat.sequence(tag) <= sequence) {
        if (haveValue && compareToSaved(iterator) < 0) {
          break;
        }
        if (InternalKeyFormat.type(tag) == InternalKeyFormat.TYPE_DELETION) {
          haveValue = false;
          savedValue = null;
        } else {
          saveKey(iterator.keyBytes(), iterator.keyOffset(), iterator.keyLength() - InternalKeyFormat.TAG_BYTES);
          savedValue = currentValue();
          haveValue = true;
        }
      }
      iterator.prev();
    }
    if (!haveValue) {
      valid = false;
      savedValue = null;
      forward = true;
    } else {
      valid = true;
    }
  }

  private int compareToSaved(InternalIterator at) {
    return userOrder.compare(at.keyBytes(), at.keyOffset(), at.keyLength() - InternalKeyFormat.TAG_BYTES,
        savedKey, 0, savedKeyLength);
  }

  private void saveKey(byte[] bytes, int offset, int length) {
    if (savedKey.length < length) {
      savedKey = new byte[Math.max(length, savedKey.length * 2)];
    }
    System.arraycopy(bytes, offset, savedKey, 0, length);
    savedKeyLength = length;
  }

  private void requireValid() {
    if (!valid) {
      throw new IllegalStateException("the iterator is not positioned on an entry");
    }
  }

  private void checkUsable() {
    if (release == null) {
      throw new IllegalStateException("the iterator is closed");
    }
    db.checkOpen();
  }
}
