package io.cairn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.NodeHome;
import io.cairn.kraft.api.Mode;
import io.cairn.node.service.LocalLedgerService;
import io.cairn.node.service.ReplicatedLedgerService;
import io.cairn.replication.api.ClusterFiles;
import io.cairn.replication.api.LedgerNode;
import io.cairn.replication.api.NodeConfig;
import io.cairn.replication.api.NodeOptions;
import io.cairn.replication.dag.DagGossip;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The DAG routes over a member of a 3-node in-JVM cluster running the DAG chain. */
@Timeout(180)
class DagRoutesTest {
  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : open.reversed()) {
      closeable.close();
    }
  }

  @Test
  void theDagItsOrderAndCompositeProofsAreServed() throws Exception {
    List<LedgerNode> nodes = new ArrayList<>();
    for (Path file : ClusterFiles.create(dir.resolve("cluster"), 3, Mode.KRAFT)) {
      LedgerNode node = LedgerNode.start(NodeConfig.load(file), new NodeOptions(10, 30, 3, 10_000, 1_000, 30_000));
      open.add(node);
      nodes.add(node);
    }
    nodes.forEach(node -> node.startDag(new DagGossip.Options(20, 100, 200, 3), 2));
    ReplicatedLedgerService service = new ReplicatedLedgerService(nodes.get(1), Duration.ofSeconds(30));
    HttpApi api = HttpApi.start(service, new InetSocketAddress("127.0.0.1", 0), WriteGuard.open(), 4096);
    open.add(api);
    String base = "http://127.0.0.1:" + api.port();

    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "/dag/records"))
          .POST(HttpRequest.BodyPublishers.ofString("record " + i)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
      keys.add(json(posted).getString("key"));
    }
    for (String key : keys) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      HttpResponse<String> proof;
      while (true) {
        proof = get(base + "/dag/records/" + key + "/proof");
        if (proof.statusCode() == 200 && json(proof).getBoolean("verified")) {
          break;
        }
        assertThat(System.nanoTime()).as("proof of " + key + " verified in time: " + proof.body()).isLessThan(deadline);
        Thread.sleep(50);
      }
      JsonObject body = json(proof);
      assertThat(body.getJsonArray("dag_path_hex")).isNotEmpty();
      assertThat(body.getJsonObject("checkpoint").getString("key")).isEqualTo(body.getString("pivot"));
      assertThat(body.getJsonObject("checkpoint_verdict").getString("verdict")).isEqualTo("VERIFIED");
    }

    JsonObject dag = json(get(base + "/dag"));
    assertThat(dag.getJsonArray("pivot_chain")).isNotEmpty();
    JsonObject block = dag.getJsonArray("blocks").getJsonObject(1);
    assertThat(block.keySet()).contains("id", "parent", "refs", "txs", "epoch");
    JsonObject one = json(get(base + "/dag/blocks/" + block.getString("id")));
    assertThat(one.getString("parent")).isEqualTo(block.getString("parent"));
    JsonObject order = json(get(base + "/dag/order?from=0"));
    long ordered = order.getJsonArray("epochs").stream()
        .mapToLong(epoch -> epoch.asJsonObject().getJsonArray("txs").size()).sum();
    assertThat(ordered).isEqualTo(keys.size());
    assertThat(get(base + "/dag/order?from=x").statusCode()).isEqualTo(400);
    assertThat(get(base + "/dag/blocks/00").statusCode()).isEqualTo(404);
    assertThat(get(base + "/dag/records/" + "00".repeat(32) + "/proof").statusCode()).isEqualTo(404);
  }

  @Test
  void aNodeWithoutADagAnswersNotSupported() throws Exception {
    LocalLedgerService service = new LocalLedgerService(NodeHome.open(dir.resolve("home")));
    open.add(service);
    HttpApi api = HttpApi.start(service, new InetSocketAddress("127.0.0.1", 0), WriteGuard.open(), 4096);
    open.add(api);
    HttpResponse<String> answer = get("http://127.0.0.1:" + api.port() + "/dag");
    assertThat(answer.statusCode()).isEqualTo(501);
    assertThat(json(answer).getString("message")).contains("--dag");
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).readObject();
  }
}
