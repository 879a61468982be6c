package io.cairn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.NodeHome;
import io.cairn.lsm.api.DbStats;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import io.cairn.node.client.NodeClient;
import io.cairn.node.process.ProcessControl;
import io.cairn.node.service.LocalLedgerService;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explorer's routes over a single home: its files, {@code GET /metrics}, {@code GET /status/kraft}. */
class ExplorerRoutesTest {
  @TempDir Path home;
  private LocalLedgerService service;
  private HttpApi api;
  private String base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() {
    service = new LocalLedgerService(NodeHome.open(home));
    api = HttpApi.start(service, new InetSocketAddress("127.0.0.1", 0), WriteGuard.open(), 4096);
    base = "http://127.0.0.1:" + api.port();
  }

  @AfterEach
  void stop() {
    api.close();
    service.close();
  }

  @Test
  void pageAndItsFilesAreServedWithTheirTypesAndPolicy() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        policy -> assertThat(policy).contains("default-src 'self'"));
    for (String file : StaticPages.FILES.keySet()) {
      if (!file.equals("/")) {
        assertThat(page.body()).as("the page loads %s", file).contains("\"" + file.substring(1) + "\"");
        HttpResponse<String> asset = get(file);
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.body()).isNotBlank();
      }
    }
    assertThat(get("/explorer.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    assertThat(get("/views.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(get("/index.html").statusCode()).isEqualTo(404);
  }

  @Test
  void metricsSampleCommitsAndTheLatencyOfWrites() throws Exception {
    JsonObject first = json("/metrics");
    assertThat(first.getJsonArray("samples")).hasSize(1);
    assertThat(first.getJsonArray("samples").getJsonObject(0).isNull("commits_per_s")).isTrue();
    NodeClient client = new NodeClient(base, null, Duration.ofSeconds(10));
    int writes = 3;
    for (int i = 0; i < writes; i++) {
      client.anchor(new byte[] {(byte) i, 1, 2});
    }
    ProcessControl.sleep(Duration.ofMillis(MetricsWindow.INTERVAL_MS + 50));
    JsonObject second = json("/metrics");
    assertThat(second.getJsonArray("samples")).hasSize(2);
    JsonObject sample = second.getJsonArray("samples").getJsonObject(1);
    assertThat(sample.getInt("writes")).isEqualTo(writes);
    assertThat(sample.getJsonNumber("commit_latency_p50_ms").doubleValue()).isPositive();
    assertThat(sample.getJsonNumber("commit_latency_max_ms").doubleValue())
        .isGreaterThanOrEqualTo(sample.getJsonNumber("commit_latency_p99_ms").doubleValue());
    long committed = sample.getJsonNumber("commit_index").longValue()
        - second.getJsonArray("samples").getJsonObject(0).getJsonNumber("commit_index").longValue();
    assertThat(committed).isGreaterThanOrEqualTo(writes);
    assertThat(sample.getJsonNumber("commits_per_s").doubleValue()).isPositive();
    // Asked again within the interval: no new sample.
    assertThat(json("/metrics").getJsonArray("samples")).hasSize(2);
    // A one-node home reports no engine databases.
    assertThat(second.getJsonArray("databases")).isEmpty();
  }

  @Test
  void kraftViewOfAHomeSaysSingle() throws Exception {
    JsonObject kraft = json("/status/kraft");
    assertThat(kraft.getString("mode")).isEqualTo("single");
    assertThat(kraft.getJsonArray("candidates")).isEmpty();
    assertThat(kraft.getJsonArray("groups")).isEqualTo(JsonValue.EMPTY_JSON_ARRAY);
  }

  @Test
  void l0OccupancyIsTablesAgainstTheStopTriggerAndPmemBytesAgainstTheBudget() {
    Options ssd = Options.defaults();
    assertThat(MetricsWindow.occupancy(stats(3, 1000), ssd)).isEqualTo(3.0 / ssd.l0StopTrigger());
    long budget = 8L << 20;
    Options pmem = Options.builder().l0Mode(L0Mode.PMEM).pmemBudgetBytes(budget).build();
    assertThat(MetricsWindow.occupancy(stats(1, budget / 4 * 3), pmem)).isEqualTo(0.75);
    assertThat(MetricsWindow.occupancy(stats(pmem.l0StopTrigger(), 10), pmem)).isEqualTo(1.0);
  }

  private static DbStats stats(int l0Tables, long l0Bytes) {
    return new DbStats(List.of(l0Tables, 0), List.of(l0Bytes, 0L), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  private JsonObject json(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
