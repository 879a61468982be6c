package io.cairn.replication.node;

import io.cairn.chain.api.Genesis;
import io.cairn.chain.api.LedgerEntry;
import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.kraft.api.HardState;
import io.cairn.kraft.api.LogStorage;
import io.cairn.kraft.api.NodeId;
import io.cairn.replication.api.NodeChange;
import io.cairn.replication.api.NodeConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The first log of a founding member: every founding member writes the same entries, all of term
 * 1 and already committed (they are identical everywhere by construction, so no election is needed
 * to agree on them): index 1 the configuration (every listed member a voter), index 2 the genesis,
 * then the admission of each member that has one, in member order, then each member as a founder
 * of the node list ({@link NodeChange.Kind#FOUNDER}), in member order.
 *
 * <p>Thread-safety: stateless.
 */
final class ClusterBootstrap {
  private ClusterBootstrap() {}

  /** KRaft's identifier of {@code member}: SHA-256 of its public key. */
  static NodeId nodeId(NodeConfig.Member member) {
    return NodeId.fromPublicKey(member.key().bytes());
  }

  /** Every member as a voter. */
  static Configuration configuration(NodeConfig config) {
    return configuration(config.members());
  }

  /** Every one of {@code members} as a voter. */
  static Configuration configuration(List<NodeConfig.Member> members) {
    List<NodeId> voters = new ArrayList<>();
    for (NodeConfig.Member member : members) {
      voters.add(nodeId(member));
    }
    return Configuration.ofVoters(voters);
  }

  /** The bootstrap entries of the cluster {@code config} describes, founded on {@code genesis}. */
  static List<Entry> entries(NodeConfig config, Genesis genesis) {
    return entries(config.clusterId(), config.members(), genesis);
  }

  /** The bootstrap entries of a cluster founded by {@code founders} (a PBFT/SBFT joiner's founding group). */
  static List<Entry> entries(String clusterId, List<NodeConfig.Member> founders, Genesis genesis) {
    List<Entry> entries = new ArrayList<>();
    entries.add(new Entry(1, 1, EntryType.CONFIG, configuration(founders).encode()));
    entries.add(new Entry(2, 1, EntryType.NORMAL, LedgerEntry.encode(genesis)));
    for (NodeConfig.Member member : founders) {
      if (member.admission() != null) {
        entries.add(new Entry(entries.size() + 1, 1, EntryType.NORMAL, LedgerEntry.encode(member.admission())));
      }
    }
    for (NodeConfig.Member member : founders) {
      entries.add(new Entry(entries.size() + 1, 1, EntryType.NORMAL,
          NodeChange.founder(clusterId, member).logEntry()));
    }
    return entries;
  }

  /** Writes the bootstrap entries to empty {@code storage}, committed, and syncs. */
  static void write(LogStorage storage, NodeConfig config, Genesis genesis) {
    if (storage.lastIndex() != 0 || storage.snapshotMetadata().index() != 0) {
      throw new IllegalStateException("bootstrap needs an empty log");
    }
    List<Entry> entries = entries(config, genesis);
    storage.append(entries);
    storage.setHardState(new HardState(1, null, entries.size()));
    storage.sync();
  }
}
