package io.cairn.chain.contract;

/**
 * The state a block starts from: engine bytes by key. Executors read it from many threads at
 * once, and it must not change while a block executes (an engine snapshot, or a database nobody
 * else writes during the block).
 */
@FunctionalInterface
public interface StateReader {
  /** The value stored under {@code key}, or {@code null} when absent (the array may be shared: do not change it). */
  byte[] get(StateKey key);

  /**
   * As {@link #get}, but an array the caller owns: a reader that makes a fresh array anyway (a
   * value kept inline) returns it without a second copy.
   */
  default byte[] copy(StateKey key) {
    byte[] value = get(key);
    return value == null ? null : value.clone();
  }

  /**
   * Brings into this core's cache what a later {@link #get} of the key whose {@link
   * StateKey#hash64()} is {@code hash} will look at first, and returns a number made of it (for
   * the caller to keep, so that the reads are not left out); changes nothing. A reader that cannot
   * tell does nothing (the default). Executors call it for a batch of calls' declared keys just
   * before running them (session 21, {@code Warmer}): the batch's cache misses then overlap
   * instead of each stalling its call.
   */
  default long warm(long hash) {
    return 0;
  }
}
