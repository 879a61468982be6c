package io.cairn.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.NodeHome;
import io.cairn.common.InvalidArgumentException;
import io.cairn.node.client.NodeClient;
import io.cairn.node.service.LocalLedgerService;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client API over a single node's ledger: every route, its errors and its OpenAPI document. */
class HttpApiTest {
  private static final String TOKEN = "test-token-123";
  private static final long BODY_LIMIT = 4096;

  @TempDir Path home;
  private LocalLedgerService service;
  private HttpApi api;
  private NodeClient client;
  private String base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() {
    service = new LocalLedgerService(NodeHome.open(home));
    api = HttpApi.start(service, new InetSocketAddress("127.0.0.1", 0), WriteGuard.token(TOKEN), BODY_LIMIT);
    base = "http://127.0.0.1:" + api.port();
    client = new NodeClient(base, TOKEN, Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    api.close();
    service.close();
  }

  @Test
  void anchoredRecordReadsBackVerifiesAndHasItsBlockAndProof() {
    byte[] raw = "a record anchored through the API".getBytes(StandardCharsets.UTF_8);
    JsonObject receipt = client.anchor(raw);
    String key = receipt.getString("key");
    assertThat(key).hasSize(64);
    assertThat(client.readRecord(key)).hasValueSatisfying(read -> assertThat(read).isEqualTo(raw));

    JsonObject verdict = client.verdict(key);
    assertThat(verdict.getString("verdict")).isEqualTo("VERIFIED");
    assertThat(verdict.getBoolean("passed")).isTrue();

    JsonObject outcome = client.requestVerification(key);
    assertThat(outcome.getBoolean("agreed")).isTrue();
    assertThat(outcome.getJsonArray("verdicts")).hasSize(1);
    assertThat(outcome.getJsonArray("verdicts").getJsonObject(0).getString("verdict")).isEqualTo("VERIFIED");
    // The outcome record (request + signed verdicts) is itself anchored, in the next block.
    JsonObject recorded = outcome.getJsonObject("recorded");
    assertThat(client.verdict(recorded.getString("key")).getString("verdict")).isEqualTo("VERIFIED");

    long height = receipt.getJsonNumber("height").longValue();
    JsonObject byHeight = client.block(height).orElseThrow();
    JsonObject byHash = client.block(receipt.getString("block_hash")).orElseThrow();
    assertThat(byHash).isEqualTo(byHeight);
    assertThat(byHeight.getJsonArray("transactions").getJsonObject(0).getJsonArray("records").getString(0))
        .isEqualTo(key);
    assertThat(client.proof(key).orElseThrow().getJsonObject("block").getString("hash"))
        .isEqualTo(receipt.getString("block_hash"));
    assertThat(recorded.getJsonNumber("height").longValue()).isEqualTo(height + 1);
    assertThat(client.blocks().getJsonNumber("count").longValue()).isEqualTo(height + 2);

    JsonObject status = client.status();
    assertThat(status.getString("role")).isEqualTo("leader");
    assertThat(status.getJsonNumber("block_count").longValue()).isEqualTo(height + 2);
  }

  @Test
  void aBatchAnchorsEveryRecordInOrderAndBadBatchesAreRefused() throws Exception {
    List<byte[]> raws = List.of("first of a batch".getBytes(StandardCharsets.UTF_8),
        "second of a batch".getBytes(StandardCharsets.UTF_8), "third of a batch".getBytes(StandardCharsets.UTF_8));
    JsonArray receipts = client.anchorAll(raws).getJsonArray("receipts");
    assertThat(receipts).hasSize(3);
    for (int i = 0; i < raws.size(); i++) {
      String key = receipts.getJsonObject(i).getString("key");
      byte[] expected = raws.get(i);
      assertThat(client.readRecord(key)).hasValueSatisfying(read -> assertThat(read).isEqualTo(expected));
      assertThat(client.verdict(key).getString("verdict")).isEqualTo("VERIFIED");
    }
    for (String bad : new String[] {"not json", "[]", "{}", "{\"records\": []}", "{\"records\": [\"@@@\"]}",
        "{\"records\": [7]}", "{\"records\": [\"\"]}"}) {
      assertError(post("/records/batch", bad.getBytes(StandardCharsets.UTF_8), TOKEN), 400, "INVALID_ARGUMENT");
    }
    assertError(post("/records/batch", "{\"records\": [\"Bw==\"]}".getBytes(StandardCharsets.UTF_8), null), 401,
        "UNAUTHORIZED");
  }

  @Test
  void connectionsGoThroughHelidonsPlainSocketAndAnAnswerOverItsBufferArrivesWhole() {
    assertThat(api.usesNio()).as("session 17: the plain socket writes an answer in one call").isFalse();
    List<byte[]> raws = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) { // 100 receipts: an answer of 8,117 bytes, over the NIO socket's 8 KiB
      raws.add(("plain socket record " + i).getBytes(StandardCharsets.UTF_8));
    }
    List<AnchorReceipt> receipts = client.anchorBatch(raws);
    assertThat(receipts).hasSize(100);
    for (int i = 0; i < raws.size(); i++) {
      assertThat(receipts.get(i).key().hex()).isEqualTo(client.anchorAll(List.of(raws.get(i)))
          .getJsonArray("receipts").getJsonObject(0).getString("key"));
    }
  }

  @Test
  void aBinaryBatchGetsTheSameReceiptsAsJsonAndBadOnesAreRefused() throws Exception {
    List<byte[]> raws = List.of("binary one".getBytes(StandardCharsets.UTF_8),
        "binary two".getBytes(StandardCharsets.UTF_8), "binary one".getBytes(StandardCharsets.UTF_8));
    List<AnchorReceipt> receipts = client.anchorBatch(raws);
    assertThat(receipts).hasSize(3);
    // A record anchored twice in one call keeps its first anchor, in binary as in JSON.
    assertThat(receipts.get(2).position()).isEqualTo(receipts.get(0).position());
    JsonArray json = client.anchorAll(raws).getJsonArray("receipts");
    for (int i = 0; i < raws.size(); i++) {
      AnchorReceipt receipt = receipts.get(i);
      JsonObject same = json.getJsonObject(i);
      assertThat(receipt.key().hex()).isEqualTo(same.getString("key"));
      assertThat(receipt.algorithm().label()).isEqualTo(same.getString("algorithm"));
      assertThat(receipt.position().height()).isEqualTo(same.getJsonNumber("height").longValue());
      assertThat(receipt.position().transactionIndex()).isEqualTo(same.getInt("transaction"));
      assertThat(receipt.position().entryIndex()).isEqualTo(same.getInt("entry"));
      assertThat(receipt.blockHash().hex()).isEqualTo(same.getString("block_hash"));
      byte[] expected = raws.get(i);
      assertThat(client.readRecord(receipt.key().hex())).hasValueSatisfying(read -> assertThat(read).isEqualTo(expected));
    }
    // A body without a declared length (chunked) is read whole, then decoded: same receipts.
    byte[] body = BinaryBatch.encodeRecords(raws);
    HttpResponse<byte[]> chunked = http.send(HttpRequest.newBuilder(URI.create(base + "/records/batch"))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", BinaryBatch.RECORDS_TYPE)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(chunked.statusCode()).isEqualTo(201);
    assertThat(BinaryBatch.decodeReceipts(chunked.body())).isEqualTo(receipts);
    byte[] damaged = BinaryBatch.encodeRecords(List.of(new byte[] {7}));
    damaged[damaged.length - 1] ^= 1;
    for (byte[] bad : new byte[][] {new byte[0], "{\"records\": [\"Bw==\"]}".getBytes(StandardCharsets.UTF_8), damaged}) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/records/batch"))
          .header("Authorization", "Bearer " + TOKEN).header("Content-Type", BinaryBatch.RECORDS_TYPE)
          .POST(HttpRequest.BodyPublishers.ofByteArray(bad));
      assertError(send(request), 400, "INVALID_ARGUMENT");
    }
  }

  @Test
  void unknownRecordsAndBlocksAreNotFound() {
    String absent = "ab".repeat(32);
    assertThat(client.readRecord(absent)).isEmpty();
    assertThat(client.proof(absent)).isEmpty();
    assertThat(client.block(1_000_000)).isEmpty();
    assertThat(client.block(absent)).isEmpty();
    assertThat(client.verdict(absent).getString("verdict")).isEqualTo("UNKNOWN_ANCHOR");
  }

  @Test
  void badInputGetsAJsonErrorWithItsStatus() throws Exception {
    assertError(get("/records/not-a-key"), 400, "INVALID_ARGUMENT");
    assertError(get("/records/" + "zz".repeat(32) + "/verdict"), 400, "INVALID_ARGUMENT");
    assertError(get("/blocks/-1"), 400, "INVALID_ARGUMENT");
    assertError(get("/blocks/twelve"), 400, "INVALID_ARGUMENT");
    assertError(get("/no/such/route"), 404, "NOT_FOUND");
    assertError(send(HttpRequest.newBuilder(URI.create(base + "/status")).DELETE()), 404, "NOT_FOUND");
    assertError(post("/records", new byte[0], TOKEN), 400, "INVALID_ARGUMENT");
    assertError(post("/records", new byte[(int) BODY_LIMIT + 1], TOKEN), 413, "BODY_TOO_LARGE");
    assertError(post("/records", new byte[] {1, 2, 3}, null), 401, "UNAUTHORIZED");
    assertError(post("/records", new byte[] {1, 2, 3}, "wrong"), 401, "UNAUTHORIZED");
    assertError(post("/records/" + "ab".repeat(32) + "/verification", new byte[0], TOKEN), 400, "INVALID_ARGUMENT");
    assertThatThrownBy(() -> new NodeClient(base, "wrong", Duration.ofSeconds(5)).anchor(new byte[] {1}))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("401");
  }

  @Test
  void malformedHttpIsRefusedAndTheNodeKeepsServing() throws Exception {
    for (String garbage : new String[] {"NOT HTTP AT ALL\r\n\r\n", "GET /status HTTP/9.9\r\n\r\n",
        "POST /records HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", "\u0000\u0001\u0002\r\n\r\n"}) {
      try (Socket socket = new Socket("127.0.0.1", api.port())) {
        socket.setSoTimeout(5000);
        OutputStream out = socket.getOutputStream();
        out.write(garbage.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        String answer = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
        assertThat(answer).as("answer to %s", garbage).satisfiesAnyOf(
            text -> assertThat(text).startsWith("HTTP/1.1 4"), text -> assertThat(text).isEmpty());
      }
    }
    assertThat(client.status().getString("role")).isEqualTo("leader");
  }

  @Test
  void statusCountsTheBytesThisJvmAllocated() {
    long first = client.status().getJsonNumber("allocated_bytes").longValue();
    byte[][] garbage = new byte[64][];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = new byte[64 << 10]; // 4 MiB in all, allocated between the two reads
    }
    long second = client.status().getJsonNumber("allocated_bytes").longValue();
    assertThat(garbage[63]).hasSize(64 << 10);
    assertThat(first).isPositive();
    assertThat(second - first).isGreaterThanOrEqualTo(4L << 20);
  }

  @Test
  void openApiDocumentListsExactlyTheRoutesAndEveryRouteIsServed() throws Exception {
    HttpResponse<String> response = get("/openapi.json");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject paths = Json.createReader(new StringReader(response.body())).readObject().getJsonObject("paths");
    Set<String> documented = new HashSet<>();
    paths.forEach((path, operations) -> operations.asJsonObject().keySet()
        .forEach(method -> documented.add(method.toUpperCase() + " " + path)));
    assertThat(documented).containsExactlyInAnyOrderElementsOf(HttpApi.ROUTES);

    String key = client.anchor(new byte[] {42}).getString("key");
    for (String route : HttpApi.ROUTES) {
      if (route.equals("POST /nodes/changes")) {
        continue; // needs a regulator-signed change and a cluster: ClusterMembershipTest
      }
      if (route.equals("POST /nodes/replicas")) {
        // Needs a regulator-signed add-replica and a PBFT/SBFT cluster: BftAddNodeProcessTest.
        assertThat(post("/nodes/replicas", new byte[] {7}, TOKEN).statusCode()).as("not an add-replica").isEqualTo(400);
        continue;
      }
      if (ContractRoutes.ROUTES.contains(route) || DagRoutes.ROUTES.contains(route)) {
        continue; // their own parameters and bodies: ContractRoutesTest
      }
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1).replace("{key}", key).replace("{height}", "0")
          .replace("{hash}", client.block(0).orElseThrow().getString("hash"));
      byte[] body = path.equals("/records/batch") ? "{\"records\": [\"Bw==\"]}".getBytes(StandardCharsets.UTF_8)
          : new byte[] {7};
      HttpResponse<String> answer = method.equals("GET") ? get(path) : post(path, body, TOKEN);
      assertThat(answer.statusCode()).as(route).isBetween(200, 299);
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  private HttpResponse<String> post(String path, byte[] body, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    JsonObject body = Json.createReader(new StringReader(response.body())).readObject();
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank().doesNotContain("\tat ");
  }
}
