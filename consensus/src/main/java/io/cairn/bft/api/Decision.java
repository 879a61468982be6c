package io.cairn.bft.api;

import java.util.List;

/** Sequence number {@code seq} committed and executed with this batch (empty: a null request). */
public record Decision(long seq, byte[] digest, List<Request> batch) {
  public Decision {
    digest = digest.clone();
    batch = List.copyOf(batch);
  }

  @Override
  public byte[] digest() {
    return digest.clone();
  }
}
