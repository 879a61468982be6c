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

  /** The node's answer: a result, or "not the leader" with a hint (node index, -1 unknown). */
  record Reply(int client, long seq, boolean notLeader, int leaderHint, long result) {}
}
