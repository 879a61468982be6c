package io.cairn.node.http;

import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.RecordStore;
import io.cairn.common.CairnException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.node.api.Json;
import io.cairn.node.service.LedgerService;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The node's client API: HTTP/JSON over a {@link LedgerService}, served by Helidon SE's web server
 * (virtual thread per request). The routes and their bodies are described in {@code openapi.json}
 * beside this class, served at {@code GET /openapi.json}, and in {@code docs/node.md}:
 *
 * <pre>
 * POST /records                         raw bytes in, anchor receipt out (write)
 * POST /records/batch                   many records (JSON, base64) in, their receipts out (write)
 * GET  /records/{key}                   the raw bytes
 * GET  /records/{key}/verdict           local reflection verification
 * POST /records/{key}/verification      verification request: every participant's verdict (write)
 * GET  /records/{key}/proof             the Merkle inclusion proof
 * GET  /blocks                          block count and head
 * GET  /blocks/{height}, /blocks/hash/{hash}
 * GET  /status                          this node's view of the cluster
 * GET  /nodes, POST /nodes/changes      the node list and its changes ({@link MembershipRoutes})
 * GET  /, /metrics, /status/kraft, ...  the explorer page and its reads ({@link ExplorerRoutes})
 * POST /contracts/calls, GET /contracts/receipts/{id}, GET /contracts/{contract}/state/{key}
 *                                       contract transactions ({@link ContractRoutes})
 * GET  /dag, /dag/blocks/{id}, /dag/order, /dag/records/{key}/proof; POST /dag/records
 *                                       the DAG chain and the composite proof ({@link DagRoutes})
 * </pre>
 *
 * <p>Every error is {@code {"error", "message"}} with a 4xx/5xx status, never a stack trace
 * ({@link ApiErrors}). Writes need the {@link WriteGuard}'s token when one is configured.
 *
 * <p>Thread-safety: the server calls the service concurrently; {@link #close} stops the server,
 * not the service.
 */
public final class HttpApi implements AutoCloseable {
  /** Largest request body accepted by default: the largest record. */
  public static final long BODY_BYTES_MAX = RecordStore.RECORD_BYTES_MAX;

  /** Every route, {@code "METHOD PATH"} as {@code openapi.json} names it; a test keeps them equal. */
  public static final List<String> ROUTES = List.of("POST /records", "GET /records/{key}",
      "GET /records/{key}/verdict", "POST /records/{key}/verification", "GET /records/{key}/proof",
      "GET /blocks", "GET /blocks/{height}", "GET /blocks/hash/{hash}", "GET /status", "GET /openapi.json",
      "GET /nodes", "POST /nodes/changes", "POST /nodes/replicas",
      "GET /", "GET /explorer.css", "GET /explorer.js", "GET /views.js", "GET /charts.js", "GET /metrics", "GET /status/kraft",
      "POST /contracts/calls", "GET /contracts/receipts/{id}", "GET /contracts/{contract}/state/{key}",
      "GET /dag", "GET /dag/blocks/{id}", "GET /dag/order", "POST /dag/records", "GET /dag/records/{key}/proof",
      "POST /records/batch");

  /**
   * System property: {@code true} serves connections through Helidon's NIO socket (its default);
   * by default this API uses its plain socket ({@link #USE_NIO}, session 17).
   */
  public static final String NIO_PROPERTY = "cairn.http.nio";
  /**
   * Whether connections go through Helidon's NIO socket. Off by default (session 17): the NIO
   * socket writes an answer through a fixed 8 KiB buffer, so a binary batch's answer (8.1 KB for
   * 100 receipts, plus its head) took two {@code write} calls; the plain socket writes it in one
   * call. Counted with {@code strace -f -c} on the node's HTTP path alone (bench/scripts/HttpProbe.java,
   * 32 clients × 100 records): 0.97 writes per request against 1.68-1.78 (docs/replication.md, "The
   * leader's CPU per record (session 17)").
   */
  static final boolean USE_NIO = Boolean.getBoolean(NIO_PROPERTY);

  private final WebServer server;

  private HttpApi(WebServer server) {
    this.server = server;
  }

  /**
   * Serves {@code service} on {@code address} (port 0: any free port) until closed.
   *
   * @param bodyBytesMax larger request bodies are refused with 413
   */
  public static HttpApi start(LedgerService service, InetSocketAddress address, WriteGuard guard, long bodyBytesMax) {
    Objects.requireNonNull(service, "service");
    Routes routes = new Routes(service, guard, bodyBytesMax);
    WebServer server = WebServer.builder()
        .host(address.getHostString())
        .port(address.getPort())
        // Nagle off: a response written in parts (head, then body) would otherwise wait for the
        // client's delayed ACK, 40 ms per request on Linux.
        .connectionOptions(socket -> socket.tcpNoDelay(true))
        .useNio(USE_NIO)
        .shutdownHook(false)
        .routing(routes::register)
        .build()
        .start();
    return new HttpApi(server);
  }

  /** Whether its connections go through Helidon's NIO socket ({@link #USE_NIO}; for tests). */
  boolean usesNio() {
    return server.prototype().useNio();
  }

  /** The port it listens on. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.stop();
  }

  /** The route handlers: each parses its input, calls the service, prints JSON. */
  private record Routes(LedgerService service, WriteGuard guard, long bodyBytesMax) {
    void register(HttpRouting.Builder routing) {
      MembershipRoutes.register(routing, service, guard);
      ExplorerRoutes.register(routing, service);
      ContractRoutes.register(routing, service, guard);
      DagRoutes.register(routing, service, guard, bodyBytesMax);
      routing
          .get("/openapi.json", (request, response) -> sendRaw(response, 200, "application/json", OpenApi.document()))
          .get("/status", (request, response) -> send(response, 200, ApiJson.status(service.status())))
          .post("/records", this::anchor)
          .post("/records/batch", this::anchorBatch)
          .get("/records/{key}", (request, response) -> readRecord(request, response))
          .get("/records/{key}/verdict", (request, response) ->
              send(response, 200, ApiJson.verdict(service.verify(key(request)))))
          .post("/records/{key}/verification", this::requestVerification)
          .get("/records/{key}/proof", (request, response) -> {
            Hash32 key = key(request);
            service.proof(key).ifPresentOrElse(proof -> send(response, 200, ApiJson.proof(proof)),
                () -> notFound(response, "no record is anchored under " + key));
          })
          .get("/blocks", (request, response) -> {
            long count = service.blockCount();
            send(response, 200, Json.object().put("count", count)
                .put("head_hash", count == 0 ? null : service.block(count - 1).map(b -> b.hash().hex()).orElse(null)));
          })
          .get("/blocks/hash/{hash}", (request, response) -> {
            Hash32 hash = Hash32.parse(request.path().pathParameters().get("hash"));
            service.block(hash).ifPresentOrElse(block -> send(response, 200, ApiJson.block(block)),
                () -> notFound(response, "no block has hash " + hash));
          })
          .get("/blocks/{height}", (request, response) -> {
            long height = height(request.path().pathParameters().get("height"));
            service.block(height).ifPresentOrElse(block -> send(response, 200, ApiJson.block(block)),
                () -> notFound(response, "no block at height " + height + " (the ledger has "
                    + service.blockCount() + " blocks)"));
          })
          .any((request, response) -> send(response, 404, ApiJson.error("NOT_FOUND",
              "no route " + request.prologue().method().text() + " " + request.path().path()
                  + "; the routes are listed at GET /openapi.json")))
          .error(Throwable.class, ApiErrors::handle);
    }

    private void anchor(ServerRequest request, ServerResponse response) {
      guard.check(request);
      byte[] raw = body(request);
      if (raw.length == 0) {
        throw new InvalidArgumentException("the request body is empty: send the record's raw bytes");
      }
      send(response, 201, ApiJson.receipt(service.anchor(raw)));
    }

    private void anchorBatch(ServerRequest request, ServerResponse response) {
      guard.check(request);
      if (BinaryBatch.isBinary(request)) {
        List<byte[]> raws = binaryRecords(request);
        sendRaw(response, 201, BinaryBatch.RECEIPTS_TYPE, BinaryBatch.encodeReceipts(service.anchorAll(raws)));
        return;
      }
      send(response, 201, AnchorBatch.answer(service.anchorAll(AnchorBatch.parse(body(request)))));
    }

    private void requestVerification(ServerRequest request, ServerResponse response) {
      guard.check(request);
      Hash32 key = key(request);
      send(response, 200, ApiJson.outcome(key, service.requestVerification(key)));
    }

    private void readRecord(ServerRequest request, ServerResponse response) {
      Hash32 key = key(request);
      service.readRecord(key).ifPresentOrElse(
          raw -> sendRaw(response, 200, "application/octet-stream", raw),
          () -> notFound(response, "no record is anchored under " + key));
    }

    private byte[] body(ServerRequest request) {
      return readBody(request, bodyBytesMax);
    }

    /**
     * The records of a binary batch, decoded as its body arrives when it declares its length (one
     * array per record, none for the whole body: session 14); a chunked body is read whole first.
     */
    private List<byte[]> binaryRecords(ServerRequest request) {
      long declared = request.headers().contentLength().orElse(-1);
      if (declared < 0 || !request.content().hasEntity()) {
        return BinaryBatch.requestRecords(body(request));
      }
      if (declared > bodyBytesMax) {
        throw new BodyTooLargeException(declared, bodyBytesMax);
      }
      try (InputStream in = request.content().inputStream()) {
        return BinaryBatch.requestRecords(in, (int) declared);
      } catch (IOException e) {
        throw new InvalidArgumentException("the request body could not be read: " + e.getMessage());
      }
    }
  }

  /** The request body, refused with 413 when over {@code bodyBytesMax}. */
  static byte[] readBody(ServerRequest request, long bodyBytesMax) {
    long declared = request.headers().contentLength().orElse(-1);
    if (declared > bodyBytesMax) {
      throw new BodyTooLargeException(declared, bodyBytesMax);
    }
    if (!request.content().hasEntity()) {
      return new byte[0];
    }
    // A body without a length (chunked) is read up to one byte past the limit, never further.
    try (InputStream in = request.content().inputStream()) {
      if (declared >= 0) {
        return readDeclared(in, (int) declared);
      }
      byte[] raw = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, bodyBytesMax + 1));
      if (raw.length > bodyBytesMax) {
        throw new BodyTooLargeException(raw.length, bodyBytesMax);
      }
      return raw;
    } catch (IOException e) {
      throw new InvalidArgumentException("the request body could not be read: " + e.getMessage());
    }
  }

  /**
   * A body of a declared length, read straight into an array of that size (reading up to the limit
   * gathered it in 8 KiB pieces and copied them into the result: two copies and twice the garbage
   * of a 25 KB anchor batch); a body shorter than it said is refused.
   */
  private static byte[] readDeclared(InputStream in, int length) throws IOException {
    byte[] raw = new byte[length];
    int read = in.readNBytes(raw, 0, length);
    if (read != length) {
      throw new InvalidArgumentException("the request body ended after " + read + " of its " + length + " bytes");
    }
    return raw;
  }

  private static Hash32 key(ServerRequest request) {
    return Hash32.parse(request.path().pathParameters().get("key"));
  }

  private static long height(String text) {
    try {
      long height = Long.parseLong(text);
      if (height < 0) {
        throw new InvalidArgumentException("a block height must not be negative, was " + height);
      }
      return height;
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("a block height is a number, was '" + text + "'");
    }
  }

  private static void notFound(ServerResponse response, String message) {
    send(response, 404, ApiJson.error("NOT_FOUND", message));
  }

  static void send(ServerResponse response, int status, Json.Obj body) {
    sendRaw(response, status, "application/json", (body + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void sendRaw(ServerResponse response, int status, String contentType, byte[] body) {
    response.status(Status.create(status));
    response.header(HeaderNames.CONTENT_TYPE, contentType);
    response.send(body);
  }

  /** A request body over the limit, refused before it is read (413). */
  static final class BodyTooLargeException extends CairnException {
    BodyTooLargeException(long declared, long limit) {
      super(io.cairn.common.ErrorCode.INVALID_ARGUMENT,
          "the request body (" + (declared > limit + 1 ? declared + " bytes" : "over " + limit + " bytes")
              + ") is over the node's limit of " + limit + " bytes");
    }
  }
}
