package io.cairn.bench.cluster;

import io.cairn.bench.runner.Loopback;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import io.cairn.chain.api.Identity;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The peer of {@code bench cluster}: an Apache Ratis 3.2.1 cluster of the same size, its servers in
 * this JVM ({@link #start}) or each in its own JVM ({@link #startProcesses}, session 19), the
 * client in this JVM, gRPC on loopback ports, each server with its own storage folder (Ratis's segmented log, synced
 * as Ratis does by default), and one of two state machines: the minimal one (each committed entry
 * holds one client request's records, the same bytes a Cairn client sends, which it counts), or
 * {@link RatisLedgerMachine}, which applies each entry to a Cairn ledger on every server. Clients
 * use Ratis's async API, one request in flight per client thread, like Cairn's.
 *
 * <p>Ratis runs on the class path (the bench module has no {@code module-info}); its shaded gRPC
 * and protobuf come with {@code ratis-thirdparty-misc}.
 *
 * <p>Thread-safety: {@link #send} from many threads.
 */
final class RatisCluster implements AutoCloseable {
  private final List<RaftServer> servers = new ArrayList<>();
  /** The server processes ({@code --ratis-jvm process}), or null when the servers run in this JVM. */
  private final RatisProcesses processes;
  private final RaftClient client;

  private RatisCluster(List<RaftServer> started, RatisProcesses processes, RaftClient client) {
    servers.addAll(started);
    this.processes = processes;
    this.client = client;
  }

  /** What each server applies committed entries to. */
  enum Machine {
    /** Counts the entries' bytes: the Ratis row, replication alone. */
    COUNT,
    /** Applies each entry to a Cairn ledger ({@link RatisLedgerMachine}). */
    LEDGER
  }

  /**
   * Starts {@code size} servers with storage under {@code folder}, each with a {@code machine}
   * (for {@link Machine#LEDGER}, requests carry records of {@code recordBytes}); returns once a
   * leader answers.
   */
  static RatisCluster start(Path folder, int size, Machine machine, int recordBytes) throws IOException {
    silenceRatisLogging();
    RaftGroup group = group(size);
    List<RaftServer> servers = new ArrayList<>();
    Identity member = Identity.generate();
    long genesisMillis = System.currentTimeMillis();
    try {
      for (RaftPeer peer : group.getPeers()) {
        RaftServer server = server(peer, group, folder, machine, member, genesisMillis, recordBytes);
        server.start();
        servers.add(server);
      }
      RatisCluster cluster = new RatisCluster(servers, null, client(group));
      cluster.send(List.of(new byte[recordBytes]));
      return cluster;
    } catch (IOException | RuntimeException e) {
      for (RaftServer server : servers) {
        server.close();
      }
      throw e;
    }
  }

  /**
   * {@code bench cluster --ratis-jvm process}: {@code size} servers, each in its own new JVM
   * ({@link RatisProcesses}), and the client in this JVM; returns once a leader committed a first
   * request. Every process is killed on a failed start and by {@link #close}.
   */
  static RatisCluster startProcesses(Path folder, int size, Machine machine, int recordBytes,
      RatisProcesses.Launch launch) throws IOException, InterruptedException {
    silenceRatisLogging();
    RaftGroup group = group(size);
    RatisProcesses processes = RatisProcesses.start(folder, group, machine, recordBytes, launch);
    RatisCluster cluster = null;
    try {
      cluster = new RatisCluster(List.of(), processes, client(group));
      RaftClientReply first = cluster.sendOne(List.of(new byte[recordBytes]));
      processes.leader(first.getServerId().toString());
      return cluster;
    } catch (RuntimeException e) {
      if (cluster != null) {
        try {
          cluster.close(); // the client, then every process
        } catch (IOException | RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      processes.close();
      throw e;
    }
  }

  /** Ratis logs every client retry (leader changes) and shutdown step at WARN and ERROR: silenced. */
  static void silenceRatisLogging() {
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.ratis", "off");
  }

  /** A group of {@code size} peers {@code n1..nN} on free loopback ports. */
  static RaftGroup group(int size) throws IOException {
    List<RaftPeer> peers = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      peers.add(RaftPeer.newBuilder().setId("n" + i).setAddress("127.0.0.1:" + Loopback.freePort()).build());
    }
    return RaftGroup.valueOf(RaftGroupId.valueOf(UUID.randomUUID()), peers);
  }

  /**
   * The server of {@code peer} in {@code group}, not started: gRPC on the peer's port, storage in
   * {@code folder/<id>}, its state machine {@code machine} (the ledger's in {@code folder/<id>-ledger},
   * founded by {@code member} at {@code genesisMillis}, the same on every server). One home for the
   * servers of both placements: this JVM ({@link #start}) and a process each ({@link RatisServerMain}).
   */
  static RaftServer server(RaftPeer peer, RaftGroup group, Path folder, Machine machine, Identity member,
      long genesisMillis, int recordBytes) throws IOException {
    RaftProperties properties = new RaftProperties();
    RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
    GrpcConfigKeys.Server.setPort(properties, Integer.parseInt(peer.getAddress().split(":")[1]));
    RaftServerConfigKeys.setStorageDir(properties, List.of(folder.resolve(peer.getId().toString()).toFile()));
    return RaftServer.newBuilder().setServerId(peer.getId()).setGroup(group)
        .setProperties(properties).setStateMachine(machine == Machine.COUNT ? new CountingMachine()
            : new RatisLedgerMachine(folder.resolve(peer.getId() + "-ledger"), member, genesisMillis, recordBytes))
        .build();
  }

  private static RaftClient client(RaftGroup group) {
    RaftProperties clientProperties = new RaftProperties();
    RaftConfigKeys.Rpc.setType(clientProperties, SupportedRpcType.GRPC);
    return RaftClient.newBuilder().setProperties(clientProperties).setRaftGroup(group).build();
  }

  /** The server processes ({@link #startProcesses}), or null when the servers run in this JVM. */
  RatisProcesses processes() {
    return processes;
  }

  /** Sends one request holding {@code records} and waits for its commit. */
  void send(List<byte[]> records) {
    sendOne(records);
  }

  private RaftClientReply sendOne(List<byte[]> records) {
    int size = 0;
    for (byte[] record : records) {
      size += record.length;
    }
    byte[] payload = new byte[size];
    int at = 0;
    for (byte[] record : records) {
      System.arraycopy(record, 0, payload, at, record.length);
      at += record.length;
    }
    CompletableFuture<RaftClientReply> reply = client.async().send(Message.valueOf(ByteString.copyFrom(payload)));
    RaftClientReply answer;
    try {
      answer = reply.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the Ratis request failed: " + e, e);
    }
    if (!answer.isSuccess()) {
      throw new IllegalStateException("Ratis refused the request: " + answer.getException());
    }
    return answer;
  }

  @Override
  public void close() throws IOException {
    try {
      client.close();
      for (RaftServer server : servers) {
        server.close();
      }
    } finally {
      if (processes != null) {
        processes.close();
      }
    }
  }

  /** The minimal state machine: counts the committed entries' bytes. */
  static final class CountingMachine extends BaseStateMachine {
    private final AtomicLong applied = new AtomicLong();

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
      LogEntryProto entry = transaction.getLogEntry();
      applied.addAndGet(entry.getStateMachineLogEntry().getLogData().size());
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
      return CompletableFuture.completedFuture(Message.EMPTY);
    }
  }
}
