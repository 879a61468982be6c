package io.cairn.chain.contract;

/**
 * The state a block starts from: engine bytes by key. Executors read it from many threads at
 * once, and it must not change while a block executes (an engine snapshot, or a database nobody
 * else writes during the block).
 */
@FunctionalInterface
public interface StateReader {
  /** The value stored under {@code key}, or {@code null} when absent. */
  byte[] get(StateKey key);
}
