package io.cairn.node.cluster;

import io.cairn.node.api.Json;
import java.util.List;

/**
 * A cluster's state as its nodes report it ({@code cairn cluster status}): who leads, and each
 * node's role, term and commit index, or that it did not answer.
 *
 * @param leader the id of the node that answered as leader with the highest term, or null
 * @param nodes every node of the cluster folder, by id
 */
public record ClusterStatus(Integer leader, List<NodeView> nodes) {
  public ClusterStatus {
    nodes = List.copyOf(nodes);
  }

  /**
   * One node as it answered {@code GET /status}.
   *
   * @param id its member number
   * @param url its client API base URL
   * @param role its role, or null when it did not answer
   * @param term its term, or null when it did not answer
   * @param commitIndex its commit index, or null when it did not answer
   * @param alive whether it answered
   * @param leaderId the leader it knows (0: none), or null when it did not answer
   */
  public record NodeView(int id, String url, String role, Long term, Long commitIndex, boolean alive, Integer leaderId) {}

  /** Whether every node answered and they all name the same elected leader. */
  public boolean ready() {
    if (leader == null) {
      return false;
    }
    for (NodeView node : nodes) {
      if (!node.alive() || node.leaderId() == null || node.leaderId() != leader.intValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The script contract: {@code {"leader": id, "nodes": [{"id", "number", "url", "role", "term",
   * "commit_index", "alive"}]}}; {@code number} is the node's number in the cluster's node list
   * (the same as its id).
   */
  public Json.Obj toJson() {
    Json.Arr list = Json.array();
    for (NodeView node : nodes) {
      list.add(Json.object().put("id", node.id()).put("number", node.id()).put("url", node.url()).put("role", node.role())
          .put("term", node.term()).put("commit_index", node.commitIndex()).put("alive", node.alive()));
    }
    return Json.object().put("leader", leader).put("nodes", list);
  }
}
