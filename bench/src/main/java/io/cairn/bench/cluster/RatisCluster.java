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
 * The peer of {@code bench cluster}: an Apache Ratis 3.2.1 cluster of the same size in this JVM,
 * gRPC on loopback ports, each server with its own storage folder (Ratis's segmented log, synced
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
  private final RaftClient client;

  private RatisCluster(List<RaftServer> started, RaftClient client) {
    servers.addAll(started);
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
    // Ratis logs every client retry (leader changes) and shutdown step at WARN and ERROR: silenced.
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.ratis", "off");
    List<RaftPeer> peers = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      peers.add(RaftPeer.newBuilder().setId("n" + i).setAddress("127.0.0.1:" + Loopback.freePort()).build());
    }
    RaftGroup group = RaftGroup.valueOf(RaftGroupId.valueOf(UUID.randomUUID()), peers);
    List<RaftServer> servers = new ArrayList<>();
    Identity member = Identity.generate();
    long genesisMillis = System.currentTimeMillis();
    try {
      for (RaftPeer peer : peers) {
        RaftProperties properties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
        GrpcConfigKeys.Server.setPort(properties, Integer.parseInt(peer.getAddress().split(":")[1]));
        RaftServerConfigKeys.setStorageDir(properties, List.of(folder.resolve(peer.getId().toString()).toFile()));
        RaftServer server = RaftServer.newBuilder().setServerId(peer.getId()).setGroup(group)
            .setProperties(properties).setStateMachine(machine == Machine.COUNT ? new CountingMachine()
                : new RatisLedgerMachine(folder.resolve(peer.getId() + "-ledger"), member, genesisMillis, recordBytes))
            .build();
        server.start();
        servers.add(server);
      }
      RaftProperties clientProperties = new RaftProperties();
      RaftConfigKeys.Rpc.setType(clientProperties, SupportedRpcType.GRPC);
      RaftClient client = RaftClient.newBuilder().setProperties(clientProperties).setRaftGroup(group).build();
      RatisCluster cluster = new RatisCluster(servers, client);
      cluster.send(List.of(new byte[recordBytes]));
      return cluster;
    } catch (IOException | RuntimeException e) {
      for (RaftServer server : servers) {
        server.close();
      }
      throw e;
    }
  }

  /** Sends one request holding {@code records} and waits for its commit. */
  void send(List<byte[]> records) {
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
  }

  @Override
  public void close() throws IOException {
    client.close();
    for (RaftServer server : servers) {
      server.close();
    }
  }

  /** The minimal state machine: counts the committed entries' bytes. */
  private static final class CountingMachine extends BaseStateMachine {
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
