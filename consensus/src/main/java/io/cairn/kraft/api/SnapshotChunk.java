package io.cairn.kraft.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * One chunk of Raft's InstallSnapshot (thesis §5.2): bytes {@code [offset, offset + data.length)}
 * of a snapshot of {@code totalBytes} bytes. Every chunk repeats the metadata, the size and the
 * CRC32C of the whole snapshot, so a receiver can tell chunks of different snapshots apart, resume
 * a transfer that a new leader restarts (same snapshot: it asks for the byte it lacks) and check
 * the assembled bytes; the chunk with {@code last} set completes it.
 *
 * @param from the leader
 * @param to the follower
 * @param term the leader's term
 * @param metadata the snapshot's position and configuration
 * @param totalBytes size of the whole snapshot data
 * @param checksum CRC32C of the whole snapshot data
 * @param offset position of {@code data} in the snapshot data
 * @param data this chunk's bytes
 * @param last true for the final chunk
 */
public record SnapshotChunk(
    NodeId from, NodeId to, long term, SnapshotMetadata metadata, long totalBytes, int checksum, long offset,
    byte[] data, boolean last) implements Message {
  /** Checks the components. */
  public SnapshotChunk {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(data, "data");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SnapshotChunk m
        && from.equals(m.from) && to.equals(m.to) && term == m.term && metadata.equals(m.metadata)
        && totalBytes == m.totalBytes && checksum == m.checksum && offset == m.offset && Arrays.equals(data, m.data) && last == m.last;
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to, term, metadata, totalBytes, checksum, offset, last) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "SnapshotChunk[" + from + "->" + to + " t" + term + " snap " + metadata.index() + "@"
        + metadata.term() + " bytes " + offset + "+" + data.length + "/" + totalBytes + (last ? " last" : "") + "]";
  }
}
