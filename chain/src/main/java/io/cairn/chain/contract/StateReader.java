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
}
