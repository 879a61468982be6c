package io.cairn.node.http;

import io.cairn.chain.api.MemberKey;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.consortium.AdmissionRegistry;
import io.cairn.consortium.ConsortiumBlock;
import io.cairn.consortium.ConsortiumLedger;
import io.cairn.consortium.EnterpriseCertificate;
import io.cairn.consortium.Evidence;
import io.cairn.consortium.HqNode;
import io.cairn.consortium.Receipt;
import io.cairn.consortium.Revocation;
import io.cairn.consortium.StateProof;
import io.cairn.node.api.Json;
import io.cairn.node.consortium.ConsortiumJson;
import io.cairn.node.consortium.HqProcess;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The client API of a consortium HQ node process ({@code docs/consortium.md}, "HTTP API"), served by
 * Helidon SE like {@link HttpApi}, with the same error mapping ({@link ApiErrors}) and its own
 * OpenAPI document ({@code consortium-openapi.json} beside this class):
 *
 * <pre>
 * GET  /status                                 role, term (the core's view), commit_index (chain height), leader
 * GET  /consortium                             this HQ node: number, keys, period, chain height and head
 * POST /consortium/admissions                  a regulator-signed certificate or revocation (binary): ordered, 202
 * GET  /consortium/enterprises/{key}           an enterprise's admission
 * POST /consortium/uploads                     a sealed upload (binary): 200 ACCEPTED or 422 with the reason
 * GET  /consortium/enterprises/{key}/history   its records on chain, oldest first, each with its proof
 * GET  /consortium/uploads?from_ms&to_ms       who uploaded what and when
 * GET  /consortium/blocks?from=H&limit=L       the block index table: blocks and commit records from H
 * GET  /consortium/flagged                     suspected HQ nodes with their evidence
 * GET  /consortium/events                      the node's last events
 * </pre>
 *
 * <p>Thread-safety: handlers run concurrently; the HQ process is thread-safe.
 */
public final class ConsortiumApi implements AutoCloseable {
  /** Every route, {@code "METHOD PATH"} as {@code consortium-openapi.json} names it; a test keeps them equal. */
  public static final List<String> ROUTES = List.of("GET /status", "GET /openapi.json", "GET /consortium",
      "POST /consortium/admissions", "GET /consortium/enterprises/{key}", "POST /consortium/uploads",
      "GET /consortium/enterprises/{key}/history", "GET /consortium/uploads", "GET /consortium/blocks",
      "GET /consortium/flagged", "GET /consortium/events");
  /** Largest upload envelope: the largest state plus the envelope's header and tag. */
  static final long BODY_BYTES_MAX = 80 * 1024;
  /** Most blocks in one index-table answer. */
  static final int BLOCKS_MAX = 64;
  private static final byte[] DOCUMENT = OpenApi.resource("consortium-openapi.json");

  private final WebServer server;

  private ConsortiumApi(WebServer server) {
    this.server = server;
  }

  /** Serves {@code hq} on {@code address} (port 0: any free port) until closed. */
  public static ConsortiumApi start(HqProcess hq, InetSocketAddress address) {
    WebServer server = WebServer.builder().host(address.getHostString()).port(address.getPort()).shutdownHook(false)
        .routing(routing -> register(routing, hq)).build().start();
    return new ConsortiumApi(server);
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.stop();
  }

  private static void register(HttpRouting.Builder routing, HqProcess hq) {
    HqNode node = hq.node();
    routing
        .get("/openapi.json", (request, response) -> response.header(io.helidon.http.HeaderNames.CONTENT_TYPE,
            "application/json").send(DOCUMENT.clone()))
        .get("/status", (request, response) -> HttpApi.send(response, 200, status(hq)))
        .get("/consortium", (request, response) -> HttpApi.send(response, 200, ConsortiumJson.hq(hq)))
        .post("/consortium/admissions", (request, response) -> admission(hq, request, response))
        .get("/consortium/enterprises/{key}", (request, response) ->
            HttpApi.send(response, 200, ConsortiumJson.admission(node.registry(), enterprise(request))))
        .post("/consortium/uploads", (request, response) -> {
          Receipt receipt = hq.upload(HttpApi.readBody(request, BODY_BYTES_MAX));
          HttpApi.send(response, receipt.accepted() ? 200 : 422, Json.object()
              .put("verdict", receipt.verdict().name()).put("accepted", receipt.accepted())
              .put("detail", receipt.detail()).put("hq", node.number()));
        })
        .get("/consortium/enterprises/{key}/history", (request, response) -> {
          MemberKey enterprise = enterprise(request);
          Json.Arr records = Json.array();
          for (StateProof proof : node.ledger().history(enterprise)) {
            records.add(ConsortiumJson.proof(proof));
          }
          HttpApi.send(response, 200, Json.object().put("enterprise", enterprise.hex()).put("records", records));
        })
        .get("/consortium/uploads", (request, response) -> {
          long from = query(request, "from_ms", 0);
          long to = query(request, "to_ms", Long.MAX_VALUE);
          Json.Arr lines = Json.array();
          for (ConsortiumLedger.UploadLine line : node.ledger().uploads(from, to)) {
            lines.add(Json.object().put("enterprise", line.enterprise().hex()).put("sequence", line.sequence())
                .put("timestamp_ms", line.timestampMillis()).put("hq", line.hq()).put("height", line.height())
                .put("state_bytes", line.stateBytes()));
          }
          HttpApi.send(response, 200, Json.object().put("uploads", lines));
        })
        .get("/consortium/blocks", (request, response) -> HttpApi.send(response, 200,
            blocks(node.ledger(), query(request, "from", 0), Math.min(BLOCKS_MAX, query(request, "limit", BLOCKS_MAX)))))
        .get("/consortium/flagged", (request, response) -> {
          Json.Arr list = Json.array();
          for (Map.Entry<Integer, List<Evidence>> entry : node.ledger().flagged().entrySet()) {
            for (Evidence evidence : entry.getValue()) {
              list.add(Json.object().put("hq", entry.getKey()).put("kind", evidence.kind().name())
                  .put("height", evidence.height()).put("evidence", HexFormat.of().formatHex(evidence.encode())));
            }
          }
          HttpApi.send(response, 200, Json.object().put("flagged", list));
        })
        .get("/consortium/events", (request, response) -> {
          Json.Arr list = Json.array();
          hq.status().events().forEach(list::add);
          HttpApi.send(response, 200, Json.object().put("events", list));
        })
        .any((request, response) -> HttpApi.send(response, 404, ApiJson.error("NOT_FOUND",
            "no route " + request.prologue().method().text() + " " + request.path().path()
                + "; the routes are listed at GET /openapi.json")))
        .error(Throwable.class, ApiErrors::handle);
  }

  /** The cluster-status contract ({@code cluster status}): the Byzantine core's primary leads. */
  private static Json.Obj status(HqProcess hq) {
    HqProcess.Status status = hq.status();
    int number = hq.node().number();
    return Json.object().put("id", number + 1).put("hq", number)
        .put("role", status.primary() == number ? "primary" : "backup").put("term", status.view())
        .put("commit_index", status.height()).put("leader", status.primary() + 1)
        .put("connected", status.connected()).put("pooled", status.pooled()).put("pending", status.pending());
  }

  private static void admission(HqProcess hq, ServerRequest request, ServerResponse response) {
    byte[] body = HttpApi.readBody(request, 16 * 1024);
    AdmissionRegistry registry = hq.node().registry();
    MemberKey regulator = registry.regulator();
    String kind;
    MemberKey enterprise;
    try {
      if (body.length >= 4 && body[2] == 'C' && body[3] == 'E') {
        EnterpriseCertificate certificate = EnterpriseCertificate.decode(body);
        if (!certificate.signedBy(regulator)) {
          throw new InvalidArgumentException("the certificate is not signed by the consortium's regulator");
        }
        if (certificate.homeHq() >= hq.node().settings().n()) {
          throw new InvalidArgumentException("the certificate names hq" + certificate.homeHq() + ", which does not exist");
        }
        kind = "certificate";
        enterprise = certificate.enterprise();
      } else {
        Revocation revocation = Revocation.decode(body);
        if (!revocation.signedBy(regulator)) {
          throw new InvalidArgumentException("the revocation is not signed by the consortium's regulator");
        }
        kind = "revocation";
        enterprise = revocation.enterprise();
      }
    } catch (CorruptionException e) {
      throw new InvalidArgumentException("the body is not a certificate or revocation (docs/formats/consortium.md): "
          + e.getMessage());
    }
    hq.submitAdmission(body);
    HttpApi.send(response, 202, Json.object().put("submitted", kind).put("enterprise", enterprise.hex())
        .put("hq", hq.node().number()));
  }

  private static Json.Obj blocks(ConsortiumLedger ledger, long from, long limit) {
    long height = ledger.height();
    Json.Arr list = Json.array();
    long bytes = 0;
    long h = from;
    for (; h < height && h - from < limit && bytes < (8 << 20); h++) {
      ConsortiumBlock block = ledger.block(h);
      byte[] encoded = block.encode();
      bytes += encoded.length;
      list.add(Json.object().put("height", h).put("hash", HexFormat.of().formatHex(block.hash()))
          .put("block", HexFormat.of().formatHex(encoded))
          .put("commit", HexFormat.of().formatHex(ledger.commit(h).encode())));
    }
    return Json.object().put("height", height).put("from", from).put("next", h).put("blocks", list);
  }

  private static MemberKey enterprise(ServerRequest request) {
    String text = request.path().pathParameters().get("key");
    try {
      return MemberKey.parse(text.toLowerCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new InvalidArgumentException("an enterprise is named by its 64-hex-character Ed25519 key, was '" + text
          + "'");
    }
  }

  private static long query(ServerRequest request, String name, long otherwise) {
    String text = request.query().first(name).orElse(null);
    if (text == null) {
      return otherwise;
    }
    try {
      long value = Long.parseLong(text);
      if (value < 0) {
        throw new InvalidArgumentException(name + " must not be negative, was " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException(name + " is a number, was '" + text + "'");
    }
  }
}
