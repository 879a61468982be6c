package io.cairn.replication.node;

import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotChunk;
import io.cairn.kraft.api.SnapshotMetadata;
import io.cairn.replication.codec.ArrivingBytes;
import io.cairn.replication.ledger.LedgerMachine;
import io.cairn.replication.ledger.StreamedInstall;
import io.cairn.replication.log.IncomingSnapshotFile;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The receiving side of a snapshot transfer, pipelined: while the protocol assembles the chunks
 * (and checks the whole against its CRC32C before it hands the snapshot out), this copy of them
 * is already written to the snapshot's file ({@link IncomingSnapshotFile}) and ingested into the
 * ledger database ({@link StreamedInstall}), each on its own thread, so that a catch-up takes about
 * the longest of transfer, file write and ingest rather than their sum.
 *
 * <p>The stream mirrors the protocol's receiver: a transfer is named by the snapshot's metadata,
 * size and CRC32C; chunks are taken in order only; a chunk of another transfer drops the one in
 * progress (and starts a new one at offset 0). Chunks of one name carry the same bytes whoever
 * sends them, so a copy that took a chunk the protocol did not (a stale leader's) still holds
 * the same data. When the protocol hands out a snapshot, {@link #take} gives the stream's work
 * for it only if the stream holds exactly that snapshot, whole; otherwise the snapshot is written
 * and installed from its bytes, as without a stream. Nothing becomes durable or visible before the
 * protocol's order says so: the file is adopted by the log store when it stores the snapshot, and
 * the ingest commits when the apply thread installs it.
 *
 * <p>Thread-safety: driver thread only.
 */
final class SnapshotStream {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SnapshotStream.class);
  /** Larger snapshots are not streamed (the whole is held in memory once more). */
  static final long MAX_BYTES = 512L << 20;

  /** What a completed stream did for a snapshot: its file, if any, and its ingest. */
  record Streamed(IncomingSnapshotFile file, StreamedInstall install) {}

  private final Path snapshotDir;
  private final LedgerMachine machine;
  private final int selfId;
  private Transfer current;

  private record Transfer(SnapshotMetadata metadata, long totalBytes, int checksum, ArrivingBytes bytes,
      IncomingSnapshotFile file, StreamedInstall install) {
    boolean sameAs(SnapshotChunk chunk) {
      return metadata.equals(chunk.metadata()) && totalBytes == chunk.totalBytes() && checksum == chunk.checksum();
    }
  }

  /** A stream into {@code machine}'s ledger database and into the log store's {@code snapshotDir}. */
  SnapshotStream(Path snapshotDir, LedgerMachine machine, int selfId) {
    this.snapshotDir = Objects.requireNonNull(snapshotDir, "snapshotDir");
    this.machine = machine;
    this.selfId = selfId;
  }

  /**
   * A chunk from a leader, before the protocol steps it; {@code term} is this member's term. A
   * chunk of an older term is ignored, as the protocol ignores it (a deposed leader may still be
   * sending another snapshot; following it would drop the transfer the protocol goes on with).
   */
  void chunk(SnapshotChunk chunk, long term) {
    if (chunk.term() < term) {
      return;
    }
    if (current == null || !current.sameAs(chunk)) {
      drop("a chunk of another transfer came (" + chunk + ")");
      if (chunk.offset() != 0 || chunk.totalBytes() < 5 || chunk.totalBytes() > MAX_BYTES) {
        return;
      }
      current = start(chunk);
    }
    ArrivingBytes bytes = current.bytes();
    if (chunk.offset() != bytes.arrived() || bytes.complete()) {
      return;
    }
    if (chunk.data().length > bytes.length() - bytes.arrived() || chunk.last() != (bytes.arrived()
        + chunk.data().length == bytes.length())) {
      drop("a chunk that does not fit its transfer came (" + chunk + ")");
      return;
    }
    bytes.append(chunk.data());
  }

  private Transfer start(SnapshotChunk chunk) {
    ArrivingBytes bytes = new ArrivingBytes((int) chunk.totalBytes());
    SnapshotMetadata metadata = chunk.metadata();
    IncomingSnapshotFile file = new IncomingSnapshotFile(snapshotDir, metadata.index(), metadata.term(),
        chunk.checksum(), bytes, "cairn-snapshot-file-" + selfId);
    StreamedInstall install = machine.streamInstall(bytes, chunk.checksum());
    return new Transfer(metadata, chunk.totalBytes(), chunk.checksum(), bytes, file, install);
  }

  /**
   * The protocol handed out {@code snapshot}: returns what the stream did for it, its file (if
   * any) already finished, or null when the stream does not hold exactly this snapshot (then it
   * is dropped). The stream is done either way.
   */
  Streamed take(Snapshot snapshot) {
    Transfer transfer = current;
    if (transfer == null || !transfer.metadata().equals(snapshot.metadata())
        || transfer.totalBytes() != snapshot.data().length || !transfer.bytes().complete()) {
      drop("the protocol handed out " + snapshot + ", which it does not hold whole");
      return null;
    }
    current = null;
    IncomingSnapshotFile file = transfer.file().await() ? transfer.file() : null;
    return new Streamed(file, transfer.install());
  }

  /**
   * After the driver handled every Ready: a complete transfer still here was not handed out (the
   * protocol found the snapshot old news, or its checksum failed), so it is dropped.
   */
  void dropUnclaimed() {
    if (current != null && current.bytes().complete()) {
      drop("the protocol did not hand the complete snapshot out");
    }
  }

  /** Drops the transfer in progress, if any (its file deleted, its ingest undone). */
  void abandon() {
    drop(null);
  }

  /** Drops the transfer in progress, if any, logging {@code reason} when not null. */
  private void drop(String reason) {
    Transfer transfer = current;
    current = null;
    if (transfer == null) {
      return;
    }
    if (reason != null) {
      LOG.info("member {}: dropped the streamed snapshot at log index {} after {} of {} bytes: {}", selfId,
          transfer.metadata().index(), transfer.bytes().arrived(), transfer.totalBytes(), reason);
    }
    transfer.install().abandon();
    transfer.file().discard();
  }
}
