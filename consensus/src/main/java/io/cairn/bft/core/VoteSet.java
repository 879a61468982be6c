package io.cairn.bft.core;

import io.cairn.bft.api.Vote;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Signatures on one kind of vote, grouped by digest, at most one per replica and digest. */
final class VoteSet {
  private final Map<ByteBuffer, TreeMap<Integer, byte[]>> byDigest = new HashMap<>();

  /** Records {@code replica}'s signature on {@code digest}; returns the digest's vote count. */
  int add(byte[] digest, int replica, byte[] signature) {
    TreeMap<Integer, byte[]> votes = byDigest.computeIfAbsent(ByteBuffer.wrap(digest.clone()), d -> new TreeMap<>());
    votes.putIfAbsent(replica, signature);
    return votes.size();
  }

  /** Votes on {@code digest}. */
  int count(byte[] digest) {
    TreeMap<Integer, byte[]> votes = byDigest.get(ByteBuffer.wrap(digest));
    return votes == null ? 0 : votes.size();
  }

  /** Votes on {@code digest} from replicas other than {@code excluded}, in ascending replica order. */
  List<Vote> votes(byte[] digest, int excluded) {
    List<Vote> list = new ArrayList<>();
    TreeMap<Integer, byte[]> votes = byDigest.get(ByteBuffer.wrap(digest));
    if (votes != null) {
      votes.forEach((replica, signature) -> {
        if (replica != excluded) {
          list.add(new Vote(replica, signature));
        }
      });
    }
    return list;
  }

  void clear() {
    byDigest.clear();
  }
}
