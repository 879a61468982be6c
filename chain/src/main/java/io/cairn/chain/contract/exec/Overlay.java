package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.StateKey;
import io.cairn.chain.contract.StateReader;

/**
 * What a call reads in the serial executor and in a thread of the task-parallel one: the writes of
 * the calls before it on this thread ({@code newer}), then what earlier runs of the block wrote
 * ({@code older}, may be null), then the base state. Both tables mark a deletion with {@link
 * CallView#DELETED}. {@link #copy} takes a value kept inline in a table as the fresh array it is
 * made into, so a contract's read of a balance costs one array, not two.
 *
 * <p>Thread-safety: confined to the thread whose writes {@code newer} holds.
 */
final class Overlay implements ReadSource {
  private final StateTable newer;
  private final StateTable older;
  private final StateReader base;

  Overlay(StateTable newer, StateTable older, StateReader base) {
    this.newer = newer;
    this.older = older;
    this.base = base;
  }

  @Override
  public byte[] read(StateKey key) {
    byte[] written = newer.get(key);
    if (written == null && older != null && older.size() > 0) {
      written = older.get(key);
    }
    if (written != null) {
      return written == CallView.DELETED ? null : written;
    }
    return base.get(key);
  }

  @Override
  public byte[] copy(StateKey key) {
    byte[] written = newer.copy(key);
    if (written == null && older != null && older.size() > 0) {
      written = older.copy(key);
    }
    if (written != null) {
      return written == CallView.DELETED ? null : written;
    }
    return base.copy(key);
  }
}
