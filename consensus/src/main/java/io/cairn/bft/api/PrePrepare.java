package io.cairn.bft.api;

import java.util.List;

/**
 * The primary of {@code view} assigns sequence number {@code seq} to a batch of requests whose
 * SHA-256 digest ({@link BftCodec#batchDigest}) is {@code digest}. An empty batch is PBFT's null
 * request, which a new view uses to fill holes.
 */
public record PrePrepare(int sender, long view, long seq, byte[] digest, List<Request> batch, byte[] signature)
    implements BftMessage {
  public PrePrepare {
    batch = List.copyOf(batch);
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
  public PrePrepare withSignature(byte[] signature) {
    return new PrePrepare(sender, view, seq, digest, batch, signature);
  }

  @Override
  public String brief() {
    return "PrePrepare r" + sender + " v" + view + " s" + seq + " d=" + BftMessage.shortHex(digest) + " ["
        + batch.size() + " req]";
  }
}
