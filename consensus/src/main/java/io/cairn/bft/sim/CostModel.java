package io.cairn.bft.sim;

import io.cairn.bft.api.BftMessage;
import io.cairn.bft.api.Certificate;
import io.cairn.bft.api.NewView;
import io.cairn.bft.api.PreparedProof;
import io.cairn.bft.api.Request;
import io.cairn.bft.api.ViewChange;

/**
 * The simulator's resource model: every replica has one CPU and one network interface that work
 * one thing at a time. Receiving a message costs {@code messageMicros} plus {@code verifyMicros}
 * per signature it carries plus its bytes at the link rate; sending costs {@code messageMicros}
 * plus its bytes, and {@code signMicros} per message signed. A message then travels
 * {@code latencyMicros} plus up to {@code jitterMicros}. Defaults: Ed25519 on one core of a current
 * server (about 50 µs to verify, 25 µs to sign), 1 Gbit/s links, 1 ms one-way latency.
 */
public record CostModel(double verifyMicros, double signMicros, double messageMicros, double nanosPerByte,
    long latencyMicros, long jitterMicros, long tickMicros) {
  public static CostModel defaults() {
    return new CostModel(50, 25, 5, 8, 1000, 500, 1000);
  }

  /** Micros a replica spends receiving {@code message} of {@code bytes}. */
  double receive(BftMessage message, int bytes) {
    return messageMicros + verifyMicros * signatures(message) + bytes * nanosPerByte / 1000;
  }

  /** Micros a replica spends sending {@code bytes}. */
  double send(int bytes) {
    return messageMicros + bytes * nanosPerByte / 1000;
  }

  /** Signatures a receiver checks in {@code message}, nested proofs included. */
  static int signatures(BftMessage message) {
    return switch (message) {
      case Request ignored -> 0;
      case Certificate c -> c.votes().size();
      case ViewChange v -> viewChange(v);
      case NewView v -> 1 + v.prePrepares().size() + v.viewChanges().stream().mapToInt(CostModel::viewChange).sum();
      default -> 1;
    };
  }

  private static int viewChange(ViewChange v) {
    int count = 1 + v.checkpoint().votes().size() + v.accepted().size();
    for (PreparedProof proof : v.prepared()) {
      count += 1 + proof.votes().size();
    }
    return count;
  }
}
