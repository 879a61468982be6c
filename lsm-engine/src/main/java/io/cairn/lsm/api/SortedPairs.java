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
}
