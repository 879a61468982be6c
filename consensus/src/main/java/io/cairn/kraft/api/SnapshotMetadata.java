package io.cairn.kraft.api;

import java.util.Objects;

/**
 * Where a snapshot sits in the log: the index and term of the last entry it covers, and the
 * configuration in effect at that index (the latest configuration entry at or before it).
 *
 * <p>Thread-safety: immutable.
 *
 * @param index last log index the snapshot covers (0: the empty initial state)
 * @param term term of that entry
 * @param configuration membership as of {@code index}
 */
public record SnapshotMetadata(long index, long term, Configuration configuration) {
  /** The metadata of a node that has no snapshot yet. */
  public static final SnapshotMetadata EMPTY = new SnapshotMetadata(0, 0, Configuration.EMPTY);

  /** Checks the components. */
  public SnapshotMetadata {
    Objects.requireNonNull(configuration, "configuration");
    if (index < 0 || term < 0) {
      throw new IllegalArgumentException("bad snapshot position: index " + index + " term " + term);
    }
  }
}
