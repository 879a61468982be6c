package io.cairn.bft.api;

/**
 * A message between replicas, or between a client and the replicas. {@link #from} is the claimed
 * sender (a replica index, or a client id for a {@link Request}); messages that carry a signature
 * are accepted only when it verifies for that sender over {@link BftCodec#signedBytes}.
 */
public sealed interface BftMessage
    permits Request, PrePrepare, Prepare, Commit, Checkpoint, Certificate, ViewChange, NewView, FetchState,
        StateSnapshot, Reply {
  /** The claimed sender. */
  long from();

  /** The signature over {@link BftCodec#signedBytes}, or an empty array for unsigned types. */
  byte[] signature();

  /** A copy carrying {@code signature} (unsigned types return themselves). */
  BftMessage withSignature(byte[] signature);

  /** A short readable form for transcripts, e.g. {@code Prepare r2 v0 s3 d=ab12}. */
  String brief();

  /** The first bytes of a digest in hex, for {@link #brief}. */
  static String shortHex(byte[] digest) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(2, digest.length); i++) {
      text.append(String.format("%02x", digest[i] & 0xFF));
    }
    return text.toString();
  }
}
