package io.cairn.replication.node;

import io.cairn.chain.api.RecordSource;
import io.cairn.chain.api.RecordStore;
import io.cairn.replication.api.NodeChange;
import io.cairn.replication.api.NodeConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where this node reads each member's off-chain records: its own store, and for every other
 * member a {@link RecordSources#remote} source named as that member's store. It starts from the
 * configuration file's members and then follows the node list (ledger state), so a node that joins
 * a running cluster is readable by the others as soon as its addition is applied here, without a
 * restart. A removed node's source is kept: its anchors stay on the ledger, and a read of its
 * records fails like any read from a member that cannot be reached.
 *
 * <p>Thread-safety: thread-safe; {@link #follow} is called by the driver thread, the readers are
 * API and verification threads.
 */
final class MemberRecordSources {
  private final Calls calls;
  private final Map<String, RecordSource> byStore = new ConcurrentHashMap<>();
  private final Map<Integer, String> storeOfMember = new ConcurrentHashMap<>();

  /** The sources of {@code local} (this node's store) and of every peer of {@code config}. */
  MemberRecordSources(Calls calls, RecordStore local, NodeConfig config) {
    this.calls = calls;
    byStore.put(local.name(), local);
    storeOfMember.put(config.nodeId(), local.name());
    for (NodeConfig.Member peer : config.peers()) {
      add(peer.id(), NodeRuntime.storeName(peer.key()));
    }
  }

  /** Adds a source for every node of the node list {@code nodes} that has none yet. */
  void follow(List<NodeChange> nodes) {
    for (NodeChange node : nodes) {
      if (!storeOfMember.containsKey(node.number())) {
        add(node.number(), NodeRuntime.storeName(node.key()));
      }
    }
  }

  private void add(int member, String store) {
    storeOfMember.put(member, store);
    byStore.putIfAbsent(store, RecordSources.remote(calls, store, member));
  }

  /** The source of store {@code store}, or null when no member of it is known. */
  RecordSource get(String store) {
    return byStore.get(store);
  }

  /** Every source known now. */
  List<RecordSource> all() {
    return List.copyOf(byStore.values());
  }
}
