package io.cairn.bft.api;

import java.util.List;

/**
 * The primary of {@code view} starts it: exactly 2f+1 {@link ViewChange}s for {@code view} (the
 * proof) and the pre-prepares they imply (backups recompute them and reject any difference).
 */
public record NewView(int sender, long view, List<ViewChange> viewChanges, List<PrePrepare> prePrepares,
    byte[] signature) implements BftMessage {
  public NewView {
    viewChanges = List.copyOf(viewChanges);
    prePrepares = List.copyOf(prePrepares);
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
  public NewView withSignature(byte[] signature) {
    return new NewView(sender, view, viewChanges, prePrepares, signature);
  }

  @Override
  public String brief() {
    return "NewView r" + sender + " v" + view + " (" + viewChanges.size() + " view changes, "
        + prePrepares.size() + " pre-prepares)";
  }
}
