package io.cairn.kraft.sim;

import io.cairn.common.ByteWriter;
import io.cairn.kraft.lincheck.Operation;
import io.cairn.kraft.wire.ByteReader;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replicated state machine of the simulation: registers indexed by key, plus one session per
 * client remembering its last applied operation and result (thesis §6.3), so a retried write is
 * applied once and answered with the original result.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class KvStateMachine {
  private record Session(long seq, long result) {}

  /** Hashed for the load runs' many keys; {@link #encode} sorts them, so snapshots stay canonical. */
  private final HashMap<Long, Long> values = new HashMap<>();
  private final TreeMap<Integer, Session> sessions = new TreeMap<>();

  /** Applies {@code command} (or recalls its result if already applied); returns the result. */
  long apply(KvCommand command) {
    Session session = sessions.get(command.client());
    if (session != null && command.seq() <= session.seq()) {
      return session.result();
    }
    long result;
    if (command.kind() == Operation.Kind.PUT) {
      values.put(command.key(), command.value());
      result = 0;
    } else {
      long current = get(command.key());
      result = current == command.expected() ? 1 : 0;
      if (result == 1) {
        values.put(command.key(), command.value());
      }
    }
    sessions.put(command.client(), new Session(command.seq(), result));
    return result;
  }

  long get(long key) {
    return values.getOrDefault(key, Operation.ABSENT);
  }

  byte[] encode() {
    ByteWriter writer = new ByteWriter(16 + 24 * (values.size() + sessions.size()));
    writer.varint(values.size());
    for (Map.Entry<Long, Long> entry : new TreeMap<>(values).entrySet()) {
      writer.varint(entry.getKey()).varint(entry.getValue() + 1);
    }
    writer.varint(sessions.size());
    for (Map.Entry<Integer, Session> entry : sessions.entrySet()) {
      writer.varint(entry.getKey()).varint(entry.getValue().seq()).varint(entry.getValue().result());
    }
    return writer.toByteArray();
  }

  static KvStateMachine decode(byte[] bytes) {
    KvStateMachine machine = new KvStateMachine();
    if (bytes.length == 0) {
      return machine;
    }
    ByteReader reader = new ByteReader(bytes, 0, bytes.length, "kv snapshot");
    long count = reader.varint();
    for (long i = 0; i < count; i++) {
      machine.values.put(reader.varint(), reader.varint() - 1);
    }
    count = reader.varint();
    for (long i = 0; i < count; i++) {
      machine.sessions.put((int) reader.varint(), new Session(reader.varint(), reader.varint()));
    }
    reader.expectEnd();
    return machine;
  }
}
