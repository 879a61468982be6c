package io.cairn.bft.api;

/** A replica holds a prepared certificate for {@code (view, seq, digest)}. PBFT broadcasts it; in SBFT it is the slow-path commit share sent to the collector. */
public record Commit(int sender, long view, long seq, byte[] digest, byte[] signature) implements BftMessage {
  public Commit {
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
  public Commit withSignature(byte[] signature) {
    return new Commit(sender, view, seq, digest, signature);
  }

  @Override
  public String brief() {
    return "Commit r" + sender + " v" + view + " s" + seq + " d=" + BftMessage.shortHex(digest);
  }
}
