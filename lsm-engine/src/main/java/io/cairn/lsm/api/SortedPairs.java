package io.cairn.lsm.api;

/**
 * A one-pass source of key/value pairs in strictly ascending key order (the database's
 * comparator), for {@link Db#replaceAll}: a snapshot received from elsewhere, say, streamed
 * without holding every pair as an object at once.
 *
 * <p>Thread-safety: read by one thread, once.
 */
public interface SortedPairs {
  /**
   * Moves to the next pair; false when there is none left. May throw an unchecked exception
   * (say, a {@code CorruptionException} from a decoder): {@link Db#replaceAll} then fails and
   * leaves the database as it was.
   */
  boolean next();

  /** The current pair's key; valid until the next call of {@link #next}. */
  byte[] key();

  /** The current pair's value; valid until the next call of {@link #next}. */
  byte[] value();

  /**
   * The array that holds the current pair's key at {@link #keyOffset} for {@link #keyLength}
   * bytes, valid until the next call of {@link #next} and not to be written. A source that decodes
   * its pairs from larger buffers (a snapshot's received chunks) hands out the bytes where they lie
   * instead of a new array per pair; {@link Db#replaceAll} reads the pairs this way. The default is
   * {@link #key} itself.
   */
  default byte[] keyArray() {
    return key();
  }

  /** Where the current key starts in {@link #keyArray}. */
  default int keyOffset() {
    return 0;
  }

  /** The current key's length. */
  default int keyLength() {
    return keyArray().length;
  }

  /** The array that holds the current pair's value (as {@link #keyArray}); the default is {@link #value}. */
  default byte[] valueArray() {
    return value();
  }

  /** Where the current value starts in {@link #valueArray}. */
  default int valueOffset() {
    return 0;
  }

  /** The current value's length. */
  default int valueLength() {
    return valueArray().length;
  }

  /**
   * Called by {@link Db#replaceAll} once every pair is read and every new table is written and
   * synced, just before the one MANIFEST record that makes them the database: the last moment to
   * decide against it (by throwing an unchecked exception: the tables are then deleted and the
   * database is left as it was). A source that must wait for someone else's word before the
   * database changes (a snapshot still being checked, say) waits here, after the table work, not
   * before it. The default does nothing.
   */
  default void beforeCommit() {}
}
