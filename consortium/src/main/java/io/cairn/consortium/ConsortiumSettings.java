package io.cairn.consortium;

import io.cairn.bft.api.BftConfig;
import io.cairn.bft.api.Protocol;
import io.cairn.chain.api.MemberKey;
import java.util.List;

/**
 * What every HQ node of one consortium agrees on: the regulator's key, the HQ nodes (numbered
 * 0..n-1), the batching period T, the bookkeeping rule, and the protocol timeouts. Times are in
 * milliseconds of the driver's clock (virtual in the simulation).
 *
 * @param collectMillis how long after a period ends the leader waits for the other HQs' data sets
 * @param verifyMillis how long the leader waits for replies (and again after a resend)
 * @param difficulty leading zero bits of the block hash under {@link Bookkeeping#PROOF_OF_WORK}
 * @param bftTickMillis milliseconds of the driver's clock per tick of the Byzantine core (its
 *     timeouts are in ticks, {@link BftConfig#defaults} sized for 1 ms ticks in one process;
 *     {@link #NETWORK_BFT_TICK_MILLIS} between processes)
 */
public record ConsortiumSettings(MemberKey regulator, List<HqInfo> hqs, long periodMillis, Bookkeeping bookkeeping,
    int difficulty, long collectMillis, long verifyMillis, Protocol protocol, int bftTickMillis) {
  /** The Byzantine core's tick between HQ node processes: a view change after 1 s of silence, not 100 ms. */
  public static final int NETWORK_BFT_TICK_MILLIS = 10;

  public ConsortiumSettings {
    hqs = List.copyOf(hqs);
    if (hqs.size() < 4 || periodMillis < 1 || collectMillis < 0 || verifyMillis < 1 || difficulty < 0
        || difficulty > 32 || bftTickMillis < 1 || bftTickMillis > 1000) {
      throw new io.cairn.common.InvalidArgumentException("a consortium needs at least 4 HQ nodes (Byzantine core)"
          + " and positive times; difficulty 0..32; a core tick of 1..1000 ms");
    }
    for (int i = 0; i < hqs.size(); i++) {
      if (hqs.get(i).number() != i) {
        throw new io.cairn.common.InvalidArgumentException("HQ nodes are numbered 0..n-1 in order");
      }
    }
  }

  /** As above with 1 ms ticks of the Byzantine core (one process). */
  public ConsortiumSettings(MemberKey regulator, List<HqInfo> hqs, long periodMillis, Bookkeeping bookkeeping,
      int difficulty, long collectMillis, long verifyMillis, Protocol protocol) {
    this(regulator, hqs, periodMillis, bookkeeping, difficulty, collectMillis, verifyMillis, protocol, 1);
  }

  /** Round robin, SBFT, 200 ms to collect data sets, 500 ms to wait for replies. */
  public static ConsortiumSettings defaults(MemberKey regulator, List<HqInfo> hqs, long periodMillis) {
    return new ConsortiumSettings(regulator, hqs, periodMillis, Bookkeeping.ROUND_ROBIN, 0, 200, 500, Protocol.SBFT);
  }

  public int n() {
    return hqs.size();
  }

  /** Certificates a commit needs: 2f+1 of n = 3f+1, the Byzantine core's quorum. */
  public int quorum() {
    return bftConfig().quorum();
  }

  public BftConfig bftConfig() {
    return BftConfig.defaults(protocol, hqs.size());
  }
}
