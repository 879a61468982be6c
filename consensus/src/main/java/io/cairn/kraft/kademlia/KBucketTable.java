package io.cairn.kraft.kademlia;

import io.cairn.kraft.api.NodeId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * A Kademlia routing table owned by one node: contact {@code c} lives in bucket {@link
 * XorMetric#bucketIndex(NodeId, NodeId) bucketIndex(owner, c)}, each bucket holding at most
 * {@code k} contacts. In KRaft the contacts are the members of the latest configuration, never
 * gossip, so every node that knows the same configuration builds the same table; when a bucket
 * overflows, the contacts XOR-closest to the owner are kept (a deterministic stand-in for
 * Kademlia's "oldest live contact" rule, which needs liveness information we do not share).
 *
 * <p>Thread-safety: immutable after construction.
 */
public final class KBucketTable {
  private final NodeId owner;
  private final int k;
  private final List<List<NodeId>> buckets;
  private final int size;

  /**
   * The table of {@code owner} over {@code contacts} (the owner itself is skipped).
   *
   * @param k bucket capacity, at least 1
   */
  public KBucketTable(NodeId owner, Collection<NodeId> contacts, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("bucket capacity must be positive: " + k);
    }
    this.owner = owner;
    this.k = k;
    List<List<NodeId>> table = new ArrayList<>(XorMetric.BITS);
    for (int i = 0; i < XorMetric.BITS; i++) {
      table.add(new ArrayList<>(0));
    }
    List<NodeId> sorted = new ArrayList<>(contacts);
    sorted.sort(XorMetric.byDistanceTo(owner));
    int count = 0;
    for (NodeId contact : sorted) {
      int bucket = XorMetric.bucketIndex(owner, contact);
      if (bucket >= 0 && table.get(bucket).size() < k) {
        table.get(bucket).add(contact);
        count++;
      }
    }
    this.buckets = table.stream().map(List::copyOf).toList();
    this.size = count;
  }

  /** The table's owner. */
  public NodeId owner() {
    return owner;
  }

  /** Bucket capacity. */
  public int k() {
    return k;
  }

  /** Contacts held. */
  public int size() {
    return size;
  }

  /** Contacts of bucket {@code index} (0..255), closest to the owner first. */
  public List<NodeId> bucket(int index) {
    return buckets.get(index);
  }

  /**
   * Up to {@code count} contacts accepted by {@code filter}, XOR-closest to {@code target} first
   * (Kademlia's FIND_NODE answered from the local table). The target's own bucket is searched
   * first, then buckets of lower index (closer to the owner: their contacts share the target's
   * prefix with the owner) and then the higher ones, so the scan can stop early once enough
   * contacts were seen in buckets that are provably closer than the rest.
   */
  public List<NodeId> closest(NodeId target, int count, Predicate<NodeId> filter) {
    List<NodeId> found = new ArrayList<>();
    int targetBucket = XorMetric.bucketIndex(owner, target);
    // Contacts in buckets below targetBucket all agree with the owner, hence with the target,
    // above bit targetBucket; those in higher buckets differ from the target above it.
    int start = Math.max(targetBucket, 0);
    collect(found, start, filter);
    for (int i = start - 1; i >= 0; i--) {
      collect(found, i, filter);
    }
    if (found.size() < count || targetBucket < 0) {
      for (int i = start + 1; i < XorMetric.BITS; i++) {
        collect(found, i, filter);
      }
    }
    if (filter.test(owner) && !found.contains(owner)) {
      found.add(owner);
    }
    found.sort(XorMetric.byDistanceTo(target));
    return List.copyOf(found.subList(0, Math.min(count, found.size())));
  }

  private void collect(List<NodeId> found, int bucket, Predicate<NodeId> filter) {
    for (NodeId contact : buckets.get(bucket)) {
      if (filter.test(contact)) {
        found.add(contact);
      }
    }
  }
}
