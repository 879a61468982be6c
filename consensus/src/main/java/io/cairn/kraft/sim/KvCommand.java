package io.cairn.kraft.sim;

import io.cairn.common.ByteWriter;
import io.cairn.kraft.lincheck.Operation;
import io.cairn.kraft.wire.ByteReader;

/**
 * A write to the simulated key-value store as it travels in a log entry: the client session
 * ({@code client}, {@code seq}) that makes retries idempotent, and the operation.
 *
 * @param client client id
 * @param seq the client's operation number (one outstanding at a time)
 * @param kind PUT or CAS
 * @param key the key
 * @param value the value written
 * @param expected CAS: the value compared against ({@link Operation#ABSENT} allowed)
 * @param paddingBytes extra payload carried along (zeros), to measure larger entries
 */
record KvCommand(int client, long seq, Operation.Kind kind, long key, long value, long expected, int paddingBytes) {
  byte[] encode() {
    return new ByteWriter(32 + paddingBytes).u8(kind.ordinal()).varint(client).varint(seq).varint(key)
        .varint(value + 1).varint(expected + 1).bytesVarint(new byte[paddingBytes]).toByteArray();
  }

  static KvCommand decode(byte[] bytes) {
    ByteReader reader = new ByteReader(bytes, 0, bytes.length, "kv command");
    Operation.Kind kind = Operation.Kind.values()[reader.u8()];
    KvCommand command = new KvCommand((int) reader.varint(), reader.varint(), kind, reader.varint(),
        reader.varint() - 1, reader.varint() - 1, reader.skipBytes("padding"));
    reader.expectEnd();
    return command;
  }
}
