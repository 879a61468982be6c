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
 * <p>The stream also answers the leader: {@link #chunk} says which byte it needs next, which the
 * driver sends from the transport's event loop, and once it holds the whole snapshot {@link
 * #whole} gives the protocol the snapshot in one piece (the protocol then checks its CRC32C and
 * installs it as before). A chunk it does not take ({@link Arrival#NOT_STREAMED}) goes to the
 * protocol, which answers it itself.
 *
 * <p>Thread-safety: synchronised; {@link #chunk} from the transport's event loop, the rest from
 * the driver thread.
 */
final class SnapshotStream {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SnapshotStream.class);
  /** Larger snapshots are not streamed (the whole is held in memory once more). */
  static final long MAX_BYTES = 512L << 20;

  /**
   * What became of a chunk: not taken (the protocol steps it), or taken (or a repeat of bytes the
   * stream holds), with the offset the stream needs next and whether it holds the whole snapshot.
   */
  record Arrival(boolean streamed, long nextOffset, boolean complete) {
    static final Arrival NOT_STREAMED = new Arrival(false, 0, false);
  }

  /** What a completed stream did for a snapshot: its file, if any, and its ingest. */
  record Streamed(IncomingSnapshotFile file, StreamedInstall install) {}

  private final Path snapshotDir;
  private final LedgerMachine machine;
  private final int selfId;
  private Transfer current;
  /** {@link #whole} handed the current transfer to the protocol. */
  private boolean handed;

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
   * A chunk from a leader, as it arrives; {@code term} is this member's term. A chunk of an older
   * term is not taken, as the protocol ignores it (a deposed leader may still be sending another
   * snapshot; following it would drop the transfer the protocol goes on with).
   */
  synchronized Arrival chunk(SnapshotChunk chunk, long term) {
    if (chunk.term() < term) {
      return Arrival.NOT_STREAMED;
    }
    if (current == null || !current.sameAs(chunk)) {
      drop("a chunk of another transfer came (" + chunk + ")");
      if (chunk.offset() != 0 || chunk.totalBytes() < 5 || chunk.totalBytes() > MAX_BYTES) {
        return Arrival.NOT_STREAMED;
      }
      current = start(chunk);
    }
    ArrivingBytes bytes = current.bytes();
    if (bytes.complete()) {
      return Arrival.NOT_STREAMED; // a repeat while the protocol installs it: it answers, after the whole
    }
    if (chunk.offset() != bytes.arrived()) {
      return new Arrival(true, bytes.arrived(), false); // a repeat, or past a gap: the byte it needs
    }
    if (chunk.data().length > bytes.length() - bytes.arrived() || chunk.last() != (bytes.arrived()
        + chunk.data().length == bytes.length())) {
      drop("a chunk that does not fit its transfer came (" + chunk + ")");
      return Arrival.NOT_STREAMED;
    }
    bytes.append(chunk.data());
    return new Arrival(true, bytes.arrived(), bytes.complete());
  }

  /**
   * The whole snapshot that {@code last} (its last chunk) completed, as one chunk for the protocol;
   * null when the stream no longer holds it whole. The stream then waits for the protocol's {@link
   * #take}.
   */
  synchronized SnapshotChunk whole(SnapshotChunk last) {
    Transfer transfer = current;
    if (transfer == null || !transfer.sameAs(last) || !transfer.bytes().complete()) {
      return null;
    }
    ArrivingBytes bytes = transfer.bytes();
    byte[] data = new byte[bytes.length()];
    for (int piece = 0, at = 0; at < data.length; piece++) {
      byte[] part = bytes.piece(piece);
      System.arraycopy(part, 0, data, at, part.length);
      at += part.length;
    }
    handed = true;
    return new SnapshotChunk(last.from(), last.to(), last.term(), transfer.metadata(), transfer.totalBytes(),
        transfer.checksum(), 0, data, true);
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
  synchronized Streamed take(Snapshot snapshot) {
    Transfer transfer = current;
    if (transfer == null || !transfer.metadata().equals(snapshot.metadata())
        || transfer.totalBytes() != snapshot.data().length || !transfer.bytes().complete()) {
      drop("the protocol handed out " + snapshot + ", which it does not hold whole");
      return null;
    }
    current = null;
    handed = false;
    IncomingSnapshotFile file = transfer.file().await() ? transfer.file() : null;
    return new Streamed(file, transfer.install());
  }

  /**
   * After the driver handled every Ready: a complete transfer handed to the protocol and still here
   * was not handed out (the protocol found the snapshot old news, or its checksum failed), so it is
   * dropped.
   */
  synchronized void dropUnclaimed() {
    if (current != null && current.bytes().complete() && handed) {
      drop("the protocol did not hand the complete snapshot out");
    }
  }

  /** Drops the transfer in progress, if any (its file deleted, its ingest undone). */
  synchronized void abandon() {
    drop(null);
  }

  /** Drops the transfer in progress, if any, logging {@code reason} when not null. */
  private void drop(String reason) {
    Transfer transfer = current;
    current = null;
    handed = false;
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
