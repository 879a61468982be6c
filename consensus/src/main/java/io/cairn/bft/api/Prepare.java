package io.cairn.bft.api;

/** A replica accepted the pre-prepare {@code (view, seq, digest)}. PBFT broadcasts it; in SBFT it is the signature share sent to the collector, and the same signature is a vote in a {@link Certificate}. */
public record Prepare(int sender, long view, long seq, byte[] digest, byte[] signature) implements BftMessage {
  public Prepare {
    digest = digest.clone();
    signature = signature.clone();
  }

  @Override
  public long from() {
    return sender;
  }

  @Override
  public byte[] digest() {
    return digest.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public Prepare withSignature(byte[] signature) {
    return new Prepare(sender, view, seq, digest, signature);
  }

  @Override
  public String brief() {
    return "Prepare r" + sender + " v" + view + " s" + seq + " d=" + BftMessage.shortHex(digest);
  }
}
