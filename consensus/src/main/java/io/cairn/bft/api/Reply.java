package io.cairn.bft.api;

/**
 * A replica executed {@code client}'s request {@code timestamp} at sequence number {@code seq} in
 * {@code view}. A client accepts a result once f+1 replicas sent matching replies.
 */
public record Reply(int sender, long view, long client, long timestamp, long seq, byte[] signature)
    implements BftMessage {
  public Reply {
    signature = signature.clone();
  }

  @Override
  public long from() {
    return sender;
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public Reply withSignature(byte[] signature) {
    return new Reply(sender, view, client, timestamp, seq, signature);
  }

  @Override
  public String brief() {
    return "Reply r" + sender + " c" + client + " t" + timestamp + " s" + seq;
  }
}
