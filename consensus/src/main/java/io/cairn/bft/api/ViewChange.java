package io.cairn.bft.api;

import java.util.List;

/**
 * A replica asks to move to {@code newView}. It carries its stable checkpoint with proof, a
 * {@link PreparedProof} for every sequence number above it that it prepared (the highest view only),
 * and, under SBFT, the highest-view pre-prepare it sent a share for at each sequence number
 * ({@code accepted}), which lets a new primary keep values committed on the fast path.
 */
public record ViewChange(int sender, long newView, CheckpointProof checkpoint, List<PreparedProof> prepared,
    List<PrePrepare> accepted, byte[] signature) implements BftMessage {
  public ViewChange {
    prepared = List.copyOf(prepared);
    accepted = List.copyOf(accepted);
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
  public ViewChange withSignature(byte[] signature) {
    return new ViewChange(sender, newView, checkpoint, prepared, accepted, signature);
  }

  @Override
  public String brief() {
    return "ViewChange r" + sender + " to v" + newView + " stable s" + checkpoint.seq() + " prepared "
        + prepared.size() + " accepted " + accepted.size();
  }
}
