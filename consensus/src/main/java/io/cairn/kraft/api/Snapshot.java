package io.cairn.kraft.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * A state-machine snapshot: its {@link SnapshotMetadata} and the application's bytes. The core
 * never looks inside {@code data}; it ships them in chunks to followers that are too far behind.
 *
 * <p>Thread-safety: immutable as long as nobody writes into {@code data} (owned by the snapshot).
 *
 * @param metadata position and configuration
 * @param data the application's encoded state (never null)
 */
public record Snapshot(SnapshotMetadata metadata, byte[] data) {
  private static final byte[] EMPTY_BYTES = new byte[0];

  /** The empty snapshot of a node that has never run. */
  public static final Snapshot EMPTY = new Snapshot(SnapshotMetadata.EMPTY, EMPTY_BYTES);

  /** Checks the components. */
  public Snapshot {
    Objects.requireNonNull(metadata, "metadata");
    data = data == null ? EMPTY_BYTES : data;
  }

  /** Shorthand for {@code metadata().index()}. */
  public long index() {
    return metadata.index();
  }

  /** Shorthand for {@code metadata().term()}. */
  public long term() {
    return metadata.term();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Snapshot snapshot
        && metadata.equals(snapshot.metadata)
        && Arrays.equals(data, snapshot.data);
  }

  @Override
  public int hashCode() {
    return metadata.hashCode() * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Snapshot[" + metadata.index() + "@" + metadata.term() + ", " + data.length + "B]";
  }
}
