package io.cairn.kraft.kademlia;

import io.cairn.kraft.api.NodeId;
import java.util.Comparator;

/**
 * Kademlia's XOR metric on 256-bit {@link NodeId}s: {@code d(a, b) = a XOR b} read as an
 * unsigned integer. It is symmetric, zero only for equal ids, and unidirectional: for a given
 * point and distance there is exactly one id at that distance, so XOR distances from one point
 * to different ids always differ (no ties).
 *
 * <p>Thread-safety: stateless.
 */
public final class XorMetric {
  /** Number of bits in an id, and of buckets in a routing table. */
  public static final int BITS = 256;

  private XorMetric() {}

  /** Compares {@code d(target, a)} with {@code d(target, b)}: negative when {@code a} is closer. */
  public static int compareDistance(NodeId target, NodeId a, NodeId b) {
    int c = Long.compareUnsigned(target.w0() ^ a.w0(), target.w0() ^ b.w0());
    if (c == 0) {
      c = Long.compareUnsigned(target.w1() ^ a.w1(), target.w1() ^ b.w1());
    }
    if (c == 0) {
      c = Long.compareUnsigned(target.w2() ^ a.w2(), target.w2() ^ b.w2());
    }
    if (c == 0) {
      c = Long.compareUnsigned(target.w3() ^ a.w3(), target.w3() ^ b.w3());
    }
    return c;
  }

  /** Orders ids by XOR distance to {@code target}, closest first. */
  public static Comparator<NodeId> byDistanceTo(NodeId target) {
    return (a, b) -> compareDistance(target, a, b);
  }

  /**
   * The K-bucket {@code b} lies in for a table owned by {@code a}: the index of the highest bit in
   * which they differ, so {@code 2^i <= d(a, b) < 2^(i+1)}; -1 when {@code a == b}.
   */
  public static int bucketIndex(NodeId a, NodeId b) {
    long x0 = a.w0() ^ b.w0();
    if (x0 != 0) {
      return 255 - Long.numberOfLeadingZeros(x0);
    }
    long x1 = a.w1() ^ b.w1();
    if (x1 != 0) {
      return 191 - Long.numberOfLeadingZeros(x1);
    }
    long x2 = a.w2() ^ b.w2();
    if (x2 != 0) {
      return 127 - Long.numberOfLeadingZeros(x2);
    }
    long x3 = a.w3() ^ b.w3();
    return x3 == 0 ? -1 : 63 - Long.numberOfLeadingZeros(x3);
  }
}
