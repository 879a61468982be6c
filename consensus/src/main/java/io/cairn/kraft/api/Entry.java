package io.cairn.kraft.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * One log entry: its position, the term of the leader that created it, its type and its bytes.
 * Two entries with the same index and term are the same entry on every node (Raft's Log
 * Matching property), which the simulator checks.
 *
 * <p>Thread-safety: immutable as long as nobody writes into {@code data}; the core never does,
 * and callers hand over ownership of the array when they propose it.
 *
 * @param index position in the log, from 1
 * @param term term of the leader that appended it, from 1
 * @param type what {@code data} holds
 * @param data the payload (owned by the entry; never null)
 */
public record Entry(long index, long term, EntryType type, byte[] data) {
  private static final byte[] EMPTY = new byte[0];

  /** Checks the components. */
  public Entry {
    Objects.requireNonNull(type, "type");
    data = data == null ? EMPTY : data;
    if (index < 1 || term < 0) {
      throw new IllegalArgumentException("bad entry position: index " + index + " term " + term);
    }
  }

  /** Bytes this entry counts for in message and batch size limits (payload plus a fixed overhead). */
  public long sizeBytes() {
    return data.length + 24L;
  }

  /** True for the no-op a new leader appends. */
  public boolean isNoOp() {
    return type == EntryType.NORMAL && data.length == 0;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Entry entry
        && index == entry.index
        && term == entry.term
        && type == entry.type
        && Arrays.equals(data, entry.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, term, type) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return index + "@" + term + (type == EntryType.CONFIG ? ":config" : "") + "[" + data.length + "B]";
  }
}
