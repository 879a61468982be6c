package io.cairn.node.client;

import io.cairn.chain.api.AnchorReceipt;
import io.cairn.common.CairnException;
import io.cairn.common.CairnIoException;
import io.cairn.common.ErrorCode;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.node.http.BinaryBatch;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A client of one node's HTTP/JSON API ({@code docs/node.md}): what {@code cairn anchor|verify|chain
 * --node URL} and {@code cairn cluster status} use. Answers are the API's JSON objects, read with
 * Jakarta JSON-P; an error answer becomes a {@link CairnException} carrying the node's message.
 *
 * <p>Thread-safety: safe for concurrent calls (one {@link HttpClient}).
 */
public final class NodeClient {
  /** Made once: {@code Json.createReader} looks the JSON provider up through the service loader on every call. */
  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
  /**
   * System property: {@code false} gives the client the JDK's default executor (a pool of worker
   * threads) instead of running the client's dependent tasks where they arise ({@link
   * #DIRECT_EXECUTOR}, session 17).
   */
  public static final String DIRECT_EXECUTOR_PROPERTY = "cairn.client.directExecutor";
  /**
   * Whether the {@link HttpClient}'s asynchronous and dependent tasks run on the thread that
   * produces them (its selector thread, or the caller) rather than on the default executor's
   * worker threads. Every call here is a synchronous {@code send} whose body handler only gathers
   * bytes ({@code BodyHandlers.ofByteArray}), so no task blocks; with the pool, each request handed
   * its stages from the selector to a worker and back (in {@code bench cluster}'s loaded runs the
   * client JVM's {@code HttpClient} threads took 35-60 % less CPU per record without it;
   * docs/replication.md, "The leader's CPU per record (session 17)"). On by default.
   */
  static final boolean DIRECT_EXECUTOR = Boolean.parseBoolean(System.getProperty(DIRECT_EXECUTOR_PROPERTY, "true"));
  private final URI base;
  private final String token;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * A client of the node at {@code baseUrl} (e.g. {@code http://127.0.0.1:8080}).
   *
   * @param token the API token for writes, or null
   * @throws InvalidArgumentException when {@code baseUrl} is not an http(s) URL
   */
  public NodeClient(String baseUrl, String token, Duration timeout) {
    this.base = parse(baseUrl);
    this.token = token;
    this.timeout = timeout;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1);
    if (DIRECT_EXECUTOR) {
      builder.executor(Runnable::run);
    }
    this.http = builder.build();
  }

  private static URI parse(String baseUrl) {
    try {
      URI uri = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new InvalidArgumentException("a node URL looks like http://HOST:PORT, was '" + baseUrl + "'");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("a node URL looks like http://HOST:PORT, was '" + baseUrl + "'");
    }
  }

  /** The node's base URL. */
  public String baseUrl() {
    return base.toString();
  }

  /** {@code POST /records}: anchors {@code raw}; the receipt. */
  public JsonObject anchor(byte[] raw) {
    return json(send(write("/records", HttpRequest.BodyPublishers.ofByteArray(raw))
        .header("Content-Type", "application/octet-stream").build()));
  }

  /** {@code POST /records/batch}: anchors every record of {@code raws}; {@code {"receipts": [...]}}. */
  public JsonObject anchorAll(List<byte[]> raws) {
    StringBuilder body = new StringBuilder(raws.size() * 400).append("{\"records\":[");
    Base64.Encoder encoder = Base64.getEncoder();
    for (int i = 0; i < raws.size(); i++) {
      body.append(i == 0 ? "\"" : ",\"").append(encoder.encodeToString(raws.get(i))).append('"');
    }
    body.append("]}");
    return json(send(write("/records/batch", HttpRequest.BodyPublishers.ofString(body.toString()))
        .header("Content-Type", "application/json").build()));
  }

  /**
   * {@code POST /records/batch} in its binary form ({@link BinaryBatch}, docs/formats/anchor-batch.md):
   * anchors every record of {@code raws} (1..10,000 non-empty records); their receipts, in order.
   * The same call as {@link #anchorAll} without base64 and JSON on either side.
   */
  public List<AnchorReceipt> anchorBatch(List<byte[]> raws) {
    HttpResponse<byte[]> response = send(write("/records/batch", HttpRequest.BodyPublishers.ofByteArray(
        BinaryBatch.encodeRecords(raws))).header("Content-Type", BinaryBatch.RECORDS_TYPE).build());
    List<AnchorReceipt> receipts;
    try {
      receipts = BinaryBatch.decodeReceipts(response.body());
    } catch (CorruptionException e) {
      throw new CairnException(ErrorCode.CORRUPTION, "the node's answer is not a list of receipts: " + e.getMessage());
    }
    if (receipts.size() != raws.size()) {
      throw new CairnException(ErrorCode.CORRUPTION, "the node answered " + receipts.size() + " receipts for "
          + raws.size() + " records");
    }
    return receipts;
  }

  /** {@code GET /records/{key}}: the raw bytes, or empty when the node knows no such record. */
  public Optional<byte[]> readRecord(String key) {
    HttpResponse<byte[]> response = exchange(read("/records/" + key));
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(check(response).body());
  }

  /** {@code GET /records/{key}/verdict}. */
  public JsonObject verdict(String key) {
    return getJson("/records/" + key + "/verdict");
  }

  /** {@code POST /records/{key}/verification}: the outcome with every participant's verdict. */
  public JsonObject requestVerification(String key) {
    return json(send(write("/records/" + key + "/verification", HttpRequest.BodyPublishers.noBody()).build()));
  }

  /** {@code GET /blocks/{height}}, or empty when there is no such block. */
  public Optional<JsonObject> block(long height) {
    return optionalJson("/blocks/" + height);
  }

  /** {@code GET /blocks/hash/{hash}}, or empty when there is no such block. */
  public Optional<JsonObject> block(String hash) {
    return optionalJson("/blocks/hash/" + hash);
  }

  /** {@code GET /blocks}: {@code count} and {@code head_hash}. */
  public JsonObject blocks() {
    return getJson("/blocks");
  }

  /** {@code GET /status}. */
  public JsonObject status() {
    return getJson("/status");
  }

  /** {@code GET /nodes}: the cluster's node list. */
  public JsonObject nodes() {
    return getJson("/nodes");
  }

  /** {@code POST /nodes/changes}: submits an encoded node change; returns once it is carried out. */
  public JsonObject changeNodes(byte[] change) {
    return json(send(write("/nodes/changes", HttpRequest.BodyPublishers.ofByteArray(change))
        .header("Content-Type", "application/octet-stream").build()));
  }

  /** {@code POST /nodes/replicas}: submits an encoded add-replica transaction (PBFT/SBFT); returns once carried out. */
  public JsonObject addReplica(byte[] add) {
    return json(send(write("/nodes/replicas", HttpRequest.BodyPublishers.ofByteArray(add))
        .header("Content-Type", "application/octet-stream").build()));
  }

  /** {@code GET /records/{key}/proof}, or empty when nothing is anchored under the key. */
  public Optional<JsonObject> proof(String key) {
    return optionalJson("/records/" + key + "/proof");
  }

  /** GETs {@code path} (relative to the base URL, e.g. {@code consortium/blocks?from=0}): its JSON object. */
  public JsonObject getJson(String path) {
    return json(send(read(path)));
  }

  /** An answer whatever its status: the status and its JSON object. */
  public record Answer(int status, JsonObject body) {}

  /**
   * POSTs {@code body} (octet-stream) to {@code path} and returns the answer, 2xx or 4xx (whose JSON
   * says why); a 5xx or no answer throws.
   */
  public Answer postBytes(String path, byte[] body) {
    HttpResponse<byte[]> response = exchange(write(path, HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", "application/octet-stream").build());
    if (response.statusCode() / 100 == 4) {
      return new Answer(response.statusCode(), json(response));
    }
    return new Answer(response.statusCode(), json(check(response)));
  }

  private Optional<JsonObject> optionalJson(String path) {
    HttpResponse<byte[]> response = exchange(read(path));
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(json(check(response)));
  }

  private HttpRequest read(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build();
  }

  private HttpRequest.Builder write(String path, HttpRequest.BodyPublisher body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).POST(body);
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private HttpResponse<byte[]> send(HttpRequest request) {
    return check(exchange(request));
  }

  private HttpResponse<byte[]> exchange(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new CairnIoException("no answer from the node at " + base + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CairnException(ErrorCode.CLOSED, "interrupted while waiting for " + base);
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** Passes a 2xx answer; turns any other into an exception with the node's message. */
  private HttpResponse<byte[]> check(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status / 100 == 2) {
      return response;
    }
    String message;
    try {
      JsonObject error = json(response);
      message = error.getString("error", "ERROR") + ": " + error.getString("message", "");
    } catch (CairnException notJson) {
      message = "HTTP " + status;
    }
    String where = "the node at " + base + " answered " + status + " " + message;
    throw status / 100 == 4 ? new InvalidArgumentException(where) : new CairnException(ErrorCode.BUSY, where);
  }

  private static JsonObject json(HttpResponse<byte[]> response) {
    String text = new String(response.body(), StandardCharsets.UTF_8);
    try (JsonReader reader = READERS.createReader(new StringReader(text))) {
      return reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new CairnException(ErrorCode.CORRUPTION, "the node's answer is not a JSON object: "
          + text.substring(0, Math.min(200, text.length())));
    }
  }
}
