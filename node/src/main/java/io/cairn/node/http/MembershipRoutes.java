package io.cairn.node.http;

import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.node.api.Json;
import io.cairn.node.service.LedgerService;
import io.cairn.replication.api.NodeChange;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * The node list routes of the client API ({@code docs/node.md}):
 *
 * <pre>
 * GET  /nodes           the cluster's node list (ledger state), by ascending number
 * POST /nodes/changes   a regulator-signed node change (docs/formats/node-change.md); returns once
 *                       it is committed, applied here and carried out (write; leader only, else 503)
 * POST /nodes/replicas  PBFT/SBFT: a regulator-signed add-replica transaction
 *                       (docs/formats/bft-add-replica.md); returns once this node entered the
 *                       configuration that has the new replica (write; any member)
 * </pre>
 *
 * <p>Thread-safety: stateless; the service is thread-safe.
 */
final class MembershipRoutes {
  /** A node change is a few hundred bytes. */
  private static final int BODY_BYTES_MAX = 16 * 1024;

  private MembershipRoutes() {}

  /** Adds the routes to {@code routing}. */
  static void register(HttpRouting.Builder routing, LedgerService service, WriteGuard guard) {
    routing
        .get("/nodes", (request, response) -> HttpApi.send(response, 200, nodes(service.nodes())))
        .post("/nodes/changes", (request, response) -> {
          guard.check(request);
          NodeChange change = decode(body(request));
          service.changeNodes(change);
          HttpApi.send(response, 200, Json.object().put("kind", change.kind().name().toLowerCase(Locale.ROOT))
              .put("number", change.number()).put("url", change.http().toString()).put("done", true));
        })
        .post("/nodes/replicas", (request, response) -> {
          guard.check(request);
          io.cairn.bft.api.AddReplica add = decodeAdd(body(request));
          service.addReplica(add);
          HttpApi.send(response, 200, Json.object().put("replica", add.replica()).put("done", true));
        });
  }

  /** {@code {"nodes": [{"number", "key", "peer", "url"}]}}. */
  static Json.Obj nodes(List<NodeChange> nodes) {
    Json.Arr list = Json.array();
    for (NodeChange node : nodes) {
      list.add(Json.object().put("number", node.number()).put("key", node.key().hex())
          .put("peer", node.peer().getHostString() + ":" + node.peer().getPort()).put("url", node.http().toString()));
    }
    return Json.object().put("nodes", list);
  }

  private static NodeChange decode(byte[] body) {
    try {
      return NodeChange.decode(body);
    } catch (CorruptionException e) {
      throw new InvalidArgumentException("the body is not a node change (docs/formats/node-change.md): "
          + e.getMessage());
    }
  }

  private static io.cairn.bft.api.AddReplica decodeAdd(byte[] body) {
    try {
      return io.cairn.bft.api.AddReplica.decodeStrict(body);
    } catch (CorruptionException e) {
      throw new InvalidArgumentException("the body is not an add-replica transaction"
          + " (docs/formats/bft-add-replica.md): " + e.getMessage());
    }
  }

  private static byte[] body(ServerRequest request) {
    if (request.headers().contentLength().orElse(0) > BODY_BYTES_MAX || !request.content().hasEntity()) {
      throw new InvalidArgumentException("send one encoded node change of at most " + BODY_BYTES_MAX + " bytes");
    }
    try (InputStream in = request.content().inputStream()) {
      byte[] raw = in.readNBytes(BODY_BYTES_MAX + 1);
      if (raw.length > BODY_BYTES_MAX) {
        throw new InvalidArgumentException("a node change is at most " + BODY_BYTES_MAX + " bytes");
      }
      return raw;
    } catch (IOException e) {
      throw new InvalidArgumentException("the request body could not be read: " + e.getMessage());
    }
  }
}
