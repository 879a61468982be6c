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
   * Called by {@link Db#replaceAll} once every pair is read and every new table is written and
   * synced, just before the one MANIFEST record that makes them the database: the last moment to
   * decide against it (by throwing an unchecked exception: the tables are then deleted and the
   * database is left as it was). A source that must wait for someone else's word before the
   * database changes (a snapshot still being checked, say) waits here, after the table work, not
   * before it. The default does nothing.
   */
  default void beforeCommit() {}
}
