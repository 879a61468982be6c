package io.cairn.kraft.sim;

import io.cairn.kraft.lincheck.Operation;

/** What simulated clients and nodes say to each other (outside the protocol). */
final class ClientMessages {
  private ClientMessages() {}

  /** An operation, sent by client {@code client} as its {@code seq}-th. */
  record Request(int client, long seq, Operation.Kind kind, long key, long value, long expected, int paddingBytes) {
    KvCommand command() {
      return new KvCommand(client, seq, kind, key, value, expected, paddingBytes);
    }
  }

  /**
   * A write of the open-loop load, the {@code seq}-th, that reached the load generator at {@code
   * arrivalMicros} and carries {@code bytes} of payload.
   */
  record Write(long seq, long arrivalMicros, int bytes) {
    /** The client id of the open-loop load in log entries (closed-loop clients are numbered from 0). */
    static final int OPEN_LOOP_CLIENT = 1_000_000;

    KvCommand command() {
      return new KvCommand(OPEN_LOOP_CLIENT, seq, Operation.Kind.PUT, seq & 1023, seq, 0, bytes);
    }
  }

  /** The node's answer: a result, or "not the leader" with a hint (node index, -1 unknown). */
  record Reply(int client, long seq, boolean notLeader, int leaderHint, long result) {}
}
