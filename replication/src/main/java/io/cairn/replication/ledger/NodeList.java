package io.cairn.replication.ledger;

import io.cairn.chain.api.MemberKey;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.replication.api.NodeChange;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cluster's node list: ledger state, kept in the ledger database under keys {@code '#'} + the
 * node number (4 bytes, big-endian), so that a ledger snapshot carries it. Each value is the
 * {@link NodeChange} (addition or founder) that brought the node in. Nodes are sorted by number.
 *
 * <p>{@link #apply} is deterministic (no clock, no randomness): every node that applies the same
 * changes in log order holds the same list. It is idempotent for a change that is already
 * reflected (a replay after a crash between the list's write and the ledger's).
 *
 * <p>Thread-safety: {@link #apply} and {@link #reload} from the driver thread; {@link #nodes} from
 * any thread (it reads an immutable copy).
 */
public final class NodeList {
  /** First byte of every node list key; no ledger key starts with it. */
  static final byte PREFIX = '#';

  private final Db db;
  private volatile List<NodeChange> nodes = List.of();

  /** The node list stored in {@code db}. */
  public NodeList(Db db) {
    this.db = db;
    reload();
  }

  /** Reads the list again from the database (after a snapshot replaced it). */
  public void reload() {
    TreeMap<Integer, NodeChange> read = new TreeMap<>();
    try (DbIterator iterator = db.newIterator()) {
      for (iterator.seek(new byte[] {PREFIX}); iterator.isValid() && iterator.key()[0] == PREFIX; iterator.next()) {
        NodeChange node = NodeChange.decode(iterator.value());
        read.put(node.number(), node);
      }
    }
    nodes = List.copyOf(read.values());
  }

  /** Every node, by ascending number. */
  public List<NodeChange> nodes() {
    return nodes;
  }

  /** Node {@code number}, if listed. */
  public Optional<NodeChange> node(int number) {
    return nodes.stream().filter(n -> n.number() == number).findFirst();
  }

  /**
   * Applies {@code change} if the rules allow it; returns null when the list reflects it
   * afterwards, else why it was refused. Rules: an addition or removal is signed by {@code
   * regulator}; a founder is accepted only while {@code founding}; an added node's number and key
   * are new (the same node added again is accepted unchanged); a removed node is listed exactly so,
   * and is not the last one.
   */
  public String apply(NodeChange change, MemberKey regulator, boolean founding) {
    if (change.kind() == NodeChange.Kind.FOUNDER ? !founding : regulator == null || !change.signedBy(regulator)) {
      return change.kind() == NodeChange.Kind.FOUNDER ? "founders are accepted only before the first block"
          : "not signed by the regulator";
    }
    Optional<NodeChange> listed = node(change.number());
    if (change.kind() == NodeChange.Kind.REMOVE) {
      if (listed.isEmpty() || !listed.get().sameNode(change)) {
        return "node " + change.number() + " is not listed with that key and those addresses";
      }
      if (nodes.size() == 1) {
        return "node " + change.number() + " is the last node";
      }
      db.delete(key(change.number()));
    } else {
      if (listed.isPresent()) {
        return listed.get().sameNode(change) ? null : "number " + change.number() + " is taken";
      }
      if (nodes.stream().anyMatch(n -> n.key().equals(change.key()))) {
        return "key " + change.key().shortHex() + " is already listed";
      }
      db.put(key(change.number()), change.encode());
    }
    reload();
    return null;
  }

  static byte[] key(int number) {
    return new byte[] {PREFIX, (byte) (number >>> 24), (byte) (number >>> 16), (byte) (number >>> 8), (byte) number};
  }
}
