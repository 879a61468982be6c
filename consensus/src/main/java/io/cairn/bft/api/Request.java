package io.cairn.bft.api;

/**
 * A client operation: client id, a timestamp that only grows per client, and opaque bytes.
 * Unsigned: client authentication is left to the transport (see docs/bft.md §6); replicas execute a
 * client's timestamps at most once each, in increasing order.
 */
public record Request(long client, long timestamp, byte[] operation) implements BftMessage {
  public Request {
    if (client < 0 || timestamp < 1) {
      throw new IllegalArgumentException("client must be >= 0 and timestamp >= 1");
    }
    operation = operation.clone();
  }

  @Override
  public long from() {
    return client;
  }

  @Override
  public byte[] signature() {
    return new byte[0];
  }

  @Override
  public byte[] operation() {
    return operation.clone();
  }

  /** The operation's length without copying it. */
  public int operationLength() {
    return operation.length;
  }

  @Override
  public Request withSignature(byte[] signature) {
    return this;
  }

  /** Identifies the request for de-duplication: same client and timestamp. */
  public boolean sameAs(Request other) {
    return client == other.client && timestamp == other.timestamp;
  }

  @Override
  public String brief() {
    return "Request c" + client + " t" + timestamp;
  }
}
