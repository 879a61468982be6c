package io.cairn.bft.api;

/**
 * The service state at checkpoint {@code seq} (the encoding the checkpoint digest hashes); the
 * receiver installs it only when its SHA-256 equals the stable checkpoint's digest.
 */
public record StateSnapshot(int sender, long seq, byte[] state, byte[] signature) implements BftMessage {
  public StateSnapshot {
    state = state.clone();
    signature = signature.clone();
  }

  @Override
  public long from() {
    return sender;
  }

  @Override
  public byte[] state() {
    return state.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public StateSnapshot withSignature(byte[] signature) {
    return new StateSnapshot(sender, seq, state, signature);
  }

  @Override
  public String brief() {
    return "StateSnapshot r" + sender + " s" + seq + " (" + state.length + " bytes)";
  }
}
