package io.cairn.bft.api;

/** A replica that learned of a stable checkpoint at {@code seq} beyond what it executed asks for that state. */
public record FetchState(int sender, long seq, byte[] signature) implements BftMessage {
  public FetchState {
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
  public FetchState withSignature(byte[] signature) {
    return new FetchState(sender, seq, signature);
  }

  @Override
  public String brief() {
    return "FetchState r" + sender + " s" + seq;
  }
}
