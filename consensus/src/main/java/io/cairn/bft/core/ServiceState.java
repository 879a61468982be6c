package io.cairn.bft.core;

import io.cairn.bft.api.BftCodec;
import io.cairn.bft.api.Request;
import io.cairn.common.ByteWriter;
import io.cairn.kraft.wire.ByteReader;
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
  record Executed(long client, long timestamp, long seq) {}

  private long executed;
  private byte[] chain = new byte[32];
  private final TreeMap<Long, long[]> clients = new TreeMap<>();

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
        ran.add(new Executed(request.client(), request.timestamp(), seq));
      }
    }
    ByteWriter link = new ByteWriter(80);
    link.raw(chain).varint(seq).raw(digest);
    chain = BftCodec.sha256(link.toByteArray());
    executed = seq;
    return ran;
  }

  /** The canonical encoding: executed, chain, then (client, timestamp, seq) in client order. */
  byte[] snapshot() {
    ByteWriter writer = new ByteWriter(48 + 12 * clients.size());
    writer.varint(executed).raw(chain).varint(clients.size());
    for (Map.Entry<Long, long[]> entry : clients.entrySet()) {
      writer.varint(entry.getKey()).varint(entry.getValue()[0]).varint(entry.getValue()[1]);
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
    reader.expectEnd();
    Invariants.check(seq > executed, "installing state " + seq + " at or below executed " + executed);
    executed = seq;
    chain = newChain;
    clients.clear();
    clients.putAll(table);
  }

  /** The digest of the initial state: the genesis checkpoint every replica starts from. */
  static byte[] genesisDigest() {
    return BftCodec.sha256(new ServiceState().snapshot());
  }
}
