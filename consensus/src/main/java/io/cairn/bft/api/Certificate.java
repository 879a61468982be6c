package io.cairn.bft.api;

import java.util.List;

/**
 * An SBFT collector's combined votes on {@code (view, seq, digest)}. Unsigned itself: it is exactly as
 * good as its {@link Vote}s, which every receiver checks.
 *
 * <ul>
 *   <li>{@link Kind#FAST}: prepare shares from all n replicas; the value is committed at once.
 *   <li>{@link Kind#PREPARED}: 2f+1 prepare shares (slow path, first round).
 *   <li>{@link Kind#COMMITTED}: 2f+1 commit shares (slow path, second round).
 *   <li>{@link Kind#CHECKPOINT}: 2f+1 checkpoint signatures on state digest {@code digest} at
 *       {@code seq}; {@code view} is 0.
 * </ul>
 */
public record Certificate(int sender, Kind kind, long view, long seq, byte[] digest, List<Vote> votes)
    implements BftMessage {
  /** What the votes sign. */
  public enum Kind { FAST, PREPARED, COMMITTED, CHECKPOINT }

  public Certificate {
    digest = digest.clone();
    votes = List.copyOf(votes);
    for (int i = 1; i < votes.size(); i++) {
      if (votes.get(i - 1).replica() >= votes.get(i).replica()) {
        throw new IllegalArgumentException("votes must be in strictly ascending replica order");
      }
    }
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
    return new byte[0];
  }

  @Override
  public Certificate withSignature(byte[] signature) {
    return this;
  }

  @Override
  public String brief() {
    return "Certificate " + kind + " r" + sender + " v" + view + " s" + seq + " d=" + BftMessage.shortHex(digest)
        + " (" + votes.size() + " votes)";
  }
}
