package io.cairn.bft.api;

/** A replica executed every sequence number up to {@code seq}; its state then hashes to {@code stateDigest}. */
public record Checkpoint(int sender, long seq, byte[] stateDigest, byte[] signature) implements BftMessage {
  public Checkpoint {
    stateDigest = stateDigest.clone();
    signature = signature.clone();
  }

  @Override
  public long from() {
    return sender;
  }

  @Override
  public byte[] stateDigest() {
    return stateDigest.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public Checkpoint withSignature(byte[] signature) {
    return new Checkpoint(sender, seq, stateDigest, signature);
  }

  @Override
  public String brief() {
    return "Checkpoint r" + sender + " s" + seq + " state=" + BftMessage.shortHex(stateDigest);
  }
}
