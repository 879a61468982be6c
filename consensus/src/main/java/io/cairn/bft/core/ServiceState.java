package io.cairn.bft.core;

import io.cairn.bft.api.BftCodec;
import io.cairn.bft.api.Request;
import io.cairn.common.ByteWriter;
import io.cairn.kraft.wire.ByteReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replicated state a checkpoint covers: how far execution got, a hash chain over every
 * executed batch, and the client table (last timestamp per client and the sequence number it ran
 * at) that makes execution exactly-once. Its {@link #snapshot} encoding is canonical (clients in
 * ascending order), so equal states hash equally on every replica.
 */
final class ServiceState {
  /** A request executed at a sequence number: what the replica replies. */
  record Executed(Request request, long seq) {
    long client() {
      return request.client();
    }

    long timestamp() {
      return request.timestamp();
    }
  }

  /**
   * A replica added by an executed {@code AddReplica}: the configuration epoch it opens starts
   * after sequence number {@code switchAt} (the first checkpoint at or after {@code addedAt}).
   */
  record Member(int replica, byte[] identity, String host, int port, long addedAt, long switchAt) {}

  private long executed;
  private byte[] chain = new byte[32];
  private final TreeMap<Long, long[]> clients = new TreeMap<>();
  /** Added replicas in order; entry e ends epoch e and opens epoch e+1. */
  private final List<Member> added = new ArrayList<>();

  long executed() {
    return executed;
  }

  /** Whether {@code request}'s timestamp is at or below its client's last executed one. */
  boolean isDone(Request request) {
    long[] last = clients.get(request.client());
    return last != null && last[0] >= request.timestamp();
  }

  /** The sequence number {@code request} ran at, when it is its client's last one; -1 otherwise. */
  long seqOf(Request request) {
    long[] last = clients.get(request.client());
    return last != null && last[0] == request.timestamp() ? last[1] : -1;
  }

  /** Executes batch {@code seq} (the next one); returns the requests run now (duplicates are skipped). */
  List<Executed> execute(long seq, byte[] digest, List<Request> batch) {
    Invariants.check(seq == executed + 1, "executing " + seq + " after " + executed);
    List<Executed> ran = new ArrayList<>();
    for (Request request : batch) {
      if (!isDone(request)) {
        clients.put(request.client(), new long[] {request.timestamp(), seq});
        ran.add(new Executed(request, seq));
      }
    }
    ByteWriter link = new ByteWriter(80);
    link.raw(chain).varint(seq).raw(digest);
    chain = BftCodec.sha256(link.toByteArray());
    executed = seq;
    return ran;
  }

  /** Records an added replica (the caller checked the transaction at sequence number {@code executed()}). */
  void add(Member member) {
    Invariants.check(member.addedAt() == executed && (added.isEmpty() || added.getLast().switchAt() < executed),
        "adding replica " + member.replica() + " at " + member.addedAt() + " while another add is pending");
    added.add(member);
  }

  /** Replicas added so far, in order (entry e opens configuration epoch e+1). */
  List<Member> added() {
    return List.copyOf(added);
  }

  /** The last sequence number of configuration epoch {@code epoch}; {@link Long#MAX_VALUE} while open-ended. */
  long epochEnd(int epoch) {
    return epoch < added.size() ? added.get(epoch).switchAt() : Long.MAX_VALUE;
  }

  /** The configuration epoch sequence number {@code seq} belongs to, as far as this state knows. */
  int epochOf(long seq) {
    int epoch = 0;
    while (epoch < added.size() && added.get(epoch).switchAt() < seq) {
      epoch++;
    }
    return epoch;
  }

  /**
   * The canonical encoding: executed, chain, then (client, timestamp, seq) in client order, then
   * the added replicas in order (replica, identity, host, port, addedAt, switchAt).
   */
  byte[] snapshot() {
    ByteWriter writer = new ByteWriter(48 + 12 * clients.size() + 96 * added.size());
    writer.varint(executed).raw(chain).varint(clients.size());
    for (Map.Entry<Long, long[]> entry : clients.entrySet()) {
      writer.varint(entry.getKey()).varint(entry.getValue()[0]).varint(entry.getValue()[1]);
    }
    writer.varint(added.size());
    for (Member m : added) {
      writer.varint(m.replica()).bytesVarint(m.identity()).bytesVarint(m.host().getBytes(StandardCharsets.UTF_8))
          .varint(m.port()).varint(m.addedAt()).varint(m.switchAt());
    }
    return writer.toByteArray();
  }

  /** Replaces this state by a snapshot whose digest the caller checked against a stable checkpoint. */
  void install(byte[] snapshot) {
    ByteReader reader = new ByteReader(snapshot, 0, snapshot.length, "bft state snapshot");
    long seq = reader.varint();
    byte[] newChain = new byte[32];
    for (int i = 0; i < 32; i++) {
      newChain[i] = (byte) reader.u8();
    }
    int count = reader.count(3, "clients");
    TreeMap<Long, long[]> table = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      table.put(reader.varint(), new long[] {reader.varint(), reader.varint()});
    }
    int members = reader.count(6, "added replicas");
    List<Member> newAdded = new ArrayList<>(members);
    for (int i = 0; i < members; i++) {
      newAdded.add(new Member((int) reader.varint(Integer.MAX_VALUE, "replica"), reader.bytes("identity"),
          new String(reader.bytes("host"), StandardCharsets.UTF_8), (int) reader.varint(65_535, "port"),
          reader.varint(), reader.varint()));
    }
    reader.expectEnd();
    Invariants.check(seq > executed, "installing state " + seq + " at or below executed " + executed);
    executed = seq;
    chain = newChain;
    clients.clear();
    clients.putAll(table);
    added.clear();
    added.addAll(newAdded);
  }

  /** The digest of the initial state: the genesis checkpoint every replica starts from. */
  static byte[] genesisDigest() {
    return BftCodec.sha256(new ServiceState().snapshot());
  }
}
