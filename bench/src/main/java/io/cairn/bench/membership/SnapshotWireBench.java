package io.cairn.bench.membership;

import io.cairn.bench.chain.ProcessCpu;
import io.cairn.bench.runner.Directories;
import io.cairn.bench.runner.Loopback;
import io.cairn.bench.runner.ThreadCpu;
import io.cairn.chain.api.Identity;
import io.cairn.common.CairnException;
import io.cairn.common.CairnIoException;
import io.cairn.common.Crc32c;
import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.Message;
import io.cairn.kraft.api.MessageCodec;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.SnapshotChunk;
import io.cairn.kraft.api.SnapshotMetadata;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import io.cairn.replication.codec.ArrivingBytes;
import io.cairn.replication.log.IncomingSnapshotFile;
import io.cairn.replication.transport.Frame;
import io.cairn.replication.transport.Transport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cairn bench snapshot-wire}: the CPU that moving a ledger snapshot from the leader to a new
 * member costs per MB, through the node's own code for each step: the leader cuts the chunk as the
 * protocol core does and frames it as the node sends a KRaft message, the real transport (Netty,
 * TCP on loopback, authenticated frames) carries it, the receiver decodes it as the node does,
 * keeps the chunk as the protocol's receiver does (put together and checked against the CRC32C
 * after the last one) and streams it into the snapshot's file as the node's intake does. The
 * ingest into the ledger database (the engine's table building) is not part of it. Both ends run
 * in this JVM; the figure is the process's CPU time (every thread: event loops, the sending
 * thread, the file writer, the JIT and the collector) per MB, measured after a warm-up transfer,
 * so it holds on a loaded machine where wall time does not; the warm-up's own figure is reported
 * apart as the cold one (a joining node's only transfer runs in a newly started JVM). With {@code --ingest} the snapshot is
 * a real ledger snapshot and the receiver also ingests it as a joining node does ({@link
 * WireIngest}): then the figures cover the new node's whole intake.
 */
@Command(name = "snapshot-wire", mixinStandardHelpOptions = true,
    description = "CPU per MB of a snapshot transfer's chunks: cut, framed, sent, received, decoded, kept and"
        + " written to the snapshot file (loopback, both ends in one JVM).",
    footer = {"", "--json writes {\"snapshot_mb\", \"chunk_bytes\", \"chunks_in_flight\", \"transfers\","
        + " \"cpu_ms_per_mb\", \"cold_cpu_ms_per_mb\", \"load_average\", \"mb_per_s\", \"threads\": {name: cpu_ms_per_mb}, \"ingest\","
        + " \"ingest_cpu_ms_per_mb\", \"ingest_commit_ms\"}.",
        "cold_cpu_ms_per_mb: the first transfer's (untimed warm-up: cold code, as in a joining node's new JVM).",
        "ingest_cpu_ms_per_mb: the ingest thread's CPU per MB up to its commit (null without --ingest);"
        + " ingest_commit_ms: the mean wait from the last chunk to the ingest committed."})
public final class SnapshotWireBench implements Callable<Integer> {
  @Option(names = "--snapshot-mb", defaultValue = "56", description = "Snapshot size in MB (default ${DEFAULT-VALUE}).")
  int snapshotMegabytes;

  @Option(names = "--chunk-bytes", defaultValue = "1048576",
      description = "Bytes per chunk (default ${DEFAULT-VALUE}: the node's).")
  int chunkBytes;

  @Option(names = "--chunks-in-flight", defaultValue = "8",
      description = "Most chunks sent and not yet received (default ${DEFAULT-VALUE}: the node's).")
  int chunksInFlight;

  @Option(names = "--transfers", defaultValue = "3", description = "Measured transfers (default ${DEFAULT-VALUE}).")
  int transfers;

  @Option(names = "--no-file", description = "Do not write the received snapshot to a file.")
  boolean noFile;

  @Option(names = "--ingest", description = "Send a real ledger snapshot and ingest it on the receiving side"
      + " into a fresh ledger database, as a joining node does (Db.replaceAll fed while the chunks arrive).")
  boolean ingest;

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (snapshotMegabytes < 1 || snapshotMegabytes > 400 || chunkBytes < 1024 || chunkBytes > 8 << 20
        || chunksInFlight < 1 || transfers < 1) {
      throw new ParameterException(spec.commandLine(), "need --snapshot-mb in 1..400, --chunk-bytes in"
          + " 1024..8388608, positive --chunks-in-flight and --transfers");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path folder = Files.createTempDirectory("cairn-snapshot-wire");
    byte[] snapshot;
    if (ingest) {
      snapshot = WireIngest.snapshot(snapshotMegabytes, folder.resolve("scratch"));
    } else {
      snapshot = new byte[snapshotMegabytes * 1_000_000];
      new Random(42).nextBytes(snapshot);
    }
    int checksum = Crc32c.of(snapshot);
    Identity one = Identity.generate();
    Identity two = Identity.generate();
    NodeId leader = NodeId.fromPublicKey(one.key().bytes());
    NodeId member = NodeId.fromPublicKey(two.key().bytes());
    SnapshotMetadata metadata = new SnapshotMetadata(1000, 3, Configuration.ofVoters(List.of(leader, member)));
    Map<Integer, Transport.Peer> cluster = Map.of(1, new Transport.Peer(Loopback.freeAddress(), one.key()),
        2, new Transport.Peer(Loopback.freeAddress(), two.key()));
    WireIngest ingestSide = ingest ? new WireIngest(folder) : null;
    Receiving receiving = new Receiving(folder, checksum, !noFile, chunksInFlight, ingestSide);
    try (Transport sender = new Transport("bench", one, 1, cluster, (peer, frame) -> { });
        Transport receiver = new Transport("bench", two, 2, cluster, (peer, frame) -> receiving.frame(frame))) {
      receiver.start(cluster.get(2).address());
      sender.start(cluster.get(1).address());
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!sender.connected(2) || !receiver.connected(1)) {
        if (System.nanoTime() > deadline) {
          throw new CairnIoException("the two transports did not connect within 30 s");
        }
        Thread.sleep(10);
      }
      Thread.sleep(1000); // both dialled: the connection that loses the race closes, with what it carried
      Sending sending = new Sending(sender, leader, member, metadata, snapshot, checksum);
      // The first transfer runs cold code (interpreted, then compiled), as a joining node's only
      // transfer does in its newly started JVM: its CPU is reported apart, the warm ones follow.
      long coldBefore = ProcessCpu.nanos();
      sending.transfer(receiving);
      double coldCpuPerMb = (ProcessCpu.nanos() - coldBefore) / 1e6 / (snapshot.length / 1e6);
      Map<String, Long> before = ThreadCpu.byName();
      long cpuBefore = ProcessCpu.nanos();
      long start = System.nanoTime();
      long ingestBefore = ingest ? ingestSide.ingestThreadNanos() : 0;
      long commitBefore = ingest ? ingestSide.commitNanos() : 0;
      for (int i = 0; i < transfers; i++) {
        sending.transfer(receiving);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double megabytes = (double) snapshot.length * transfers / 1e6;
      double cpuPerMb = (ProcessCpu.nanos() - cpuBefore) / 1e6 / megabytes;
      Map<String, Long> after = ThreadCpu.byName();
      out.printf("%d transfers of %.1f MB in chunks of %d bytes, %d in flight: %.2f ms of CPU per MB, %.1f MB/s"
          + " (the first, cold transfer: %.2f ms of CPU per MB; load %.1f)%n", transfers, snapshot.length / 1e6,
          chunkBytes, chunksInFlight, cpuPerMb, megabytes / seconds, coldCpuPerMb, ProcessCpu.loadAverage());
      Json.Obj byThread = Json.object();
      for (Map.Entry<String, Long> entry : after.entrySet()) {
        double ms = (entry.getValue() - before.getOrDefault(entry.getKey(), 0L)) / 1e6 / megabytes;
        if (ms >= 0.005) {
          out.printf("  %8.3f ms/MB  %s%n", ms, entry.getKey());
          byThread.put(entry.getKey(), Json.round(ms, 3));
        }
      }
      Double ingestCpu = null;
      Double commitMs = null;
      if (ingest) {
        ingestCpu = (ingestSide.ingestThreadNanos() - ingestBefore) / 1e6 / megabytes;
        commitMs = (ingestSide.commitNanos() - commitBefore) / 1e6 / transfers;
        out.printf("  ingest thread %.3f ms of CPU per MB; %.1f ms from the last chunk to the ingest committed%n",
            ingestCpu, commitMs);
      }
      json.write(Json.object().put("snapshot_mb", snapshot.length / 1e6).put("chunk_bytes", chunkBytes)
          .put("chunks_in_flight", chunksInFlight).put("transfers", transfers)
          .put("cpu_ms_per_mb", Json.round(cpuPerMb, 3))
          .put("cold_cpu_ms_per_mb", Json.round(coldCpuPerMb, 3))
          .put("load_average", Json.round(ProcessCpu.loadAverage(), 1)).put("mb_per_s", Json.round(megabytes / seconds, 1))
          .put("threads", byThread).put("ingest", ingest)
          .put("ingest_cpu_ms_per_mb", ingestCpu == null ? null : Json.round(ingestCpu, 3))
          .put("ingest_commit_ms", commitMs == null ? null : Json.round(commitMs, 1)));
    } finally {
      Directories.deleteTree(folder);
    }
    return ExitCodes.OK;
  }

  /** The leader's side: cuts and sends the chunks, at most {@code chunksInFlight} unreceived. */
  private final class Sending {
    private final Transport transport;
    private final NodeId from;
    private final NodeId to;
    private final SnapshotMetadata metadata;
    private final byte[] data;
    private final int checksum;

    Sending(Transport transport, NodeId from, NodeId to, SnapshotMetadata metadata, byte[] data, int checksum) {
      this.transport = transport;
      this.from = from;
      this.to = to;
      this.metadata = metadata;
      this.data = data;
      this.checksum = checksum;
    }

    void transfer(Receiving receiving) {
      receiving.expect(data.length);
      int offset = 0;
      while (offset < data.length) {
        receiving.window.acquireUninterruptibly();
        int length = Math.min(chunkBytes, data.length - offset);
        // As the protocol core cuts a chunk and the node frames a KRaft message.
        Message chunk = new SnapshotChunk(from, to, 5, metadata, data.length, checksum, offset,
            Arrays.copyOfRange(data, offset, offset + length), offset + length == data.length);
        if (!transport.send(2, new Frame(Frame.Type.RAFT, MessageCodec.encode(chunk)))) {
          receiving.window.release();
          LockSupport.parkNanos(200_000); // backlog full: it drains first
          continue;
        }
        transport.flush();
        offset += length;
      }
      receiving.awaitDone();
    }
  }

  /** The new member's side: decodes, keeps the chunks, streams them to the file, checks the whole. */
  private static final class Receiving {
    final Semaphore window;
    private final Path folder;
    private final int checksum;
    private final boolean file;
    private final WireIngest ingest;
    private volatile CountDownLatch done;
    private volatile CairnException failure;
    private List<byte[]> kept;
    private ArrivingBytes arriving;
    private IncomingSnapshotFile incoming;
    private long index;

    Receiving(Path folder, int checksum, boolean file, int chunksInFlight, WireIngest ingest) {
      this.window = new Semaphore(chunksInFlight);
      this.ingest = ingest;
      this.folder = folder;
      this.checksum = checksum;
      this.file = file;
    }

    void expect(int length) {
      done = new CountDownLatch(1);
      kept = new ArrayList<>();
      arriving = new ArrivingBytes(length);
      incoming = file ? new IncomingSnapshotFile(folder, ++index, 3, checksum, arriving, "cairn-snapshot-file") : null;
      if (ingest != null) {
        ingest.start(arriving, checksum);
      }
    }

    /** On the receiving event loop, as the node's inbound path does. */
    void frame(Frame frame) {
      try {
        take(frame);
      } catch (RuntimeException e) {
        failure = e instanceof CairnException cairn ? cairn : new CairnIoException("receiving a chunk failed: " + e, e);
        done.countDown();
      }
    }

    private void take(Frame frame) {
      SnapshotChunk chunk = (SnapshotChunk) MessageCodec.decode(frame.payload());
      if (chunk.offset() != arriving.arrived()) {
        throw new CairnIoException("chunk at " + chunk.offset() + " after " + arriving.arrived() + " bytes:"
            + " a frame was lost (a reconnection); run it again");
      }
      kept.add(chunk.data());
      arriving.append(chunk.data());
      if (chunk.last()) {
        byte[] whole = new byte[(int) chunk.totalBytes()];
        int at = 0;
        for (byte[] piece : kept) {
          System.arraycopy(piece, 0, whole, at, piece.length);
          at += piece.length;
        }
        if (Crc32c.of(whole) != checksum) {
          throw new CairnIoException("the assembled snapshot does not match its CRC32C");
        }
        done.countDown();
      }
      window.release();
    }

    void awaitDone() {
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CairnIoException("interrupted while waiting for the transfer");
      }
      if (failure != null) {
        throw failure;
      }
      if (incoming != null && !incoming.await()) {
        throw new CairnIoException("the snapshot file was not written");
      }
      if (ingest != null) {
        ingest.commit();
      }
    }
  }
}
