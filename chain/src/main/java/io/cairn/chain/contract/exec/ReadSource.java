package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.StateKey;

/**
 * Where one execution of one call reads the state that is not its own write: the block's base
 * state plus what earlier calls wrote, as the executor defines it. A source may refuse a read
 * with {@link ReadBlocked} (Block-STM: an earlier call's write is being redone).
 */
@FunctionalInterface
interface ReadSource {
  /** The value of {@code key} as this execution sees it, or {@code null} when absent (may be shared). */
  byte[] read(StateKey key);

  /** As {@link #read}, but an array the caller owns (what a contract's read returns). */
  default byte[] copy(StateKey key) {
    byte[] value = read(key);
    return value == null ? null : value.clone();
  }
}
