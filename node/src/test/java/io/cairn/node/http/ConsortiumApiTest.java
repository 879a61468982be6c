package io.cairn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.Identity;
import io.cairn.consortium.Bookkeeping;
import io.cairn.consortium.Regulator;
import io.cairn.node.cluster.LocalCluster;
import io.cairn.node.consortium.HqProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One HQ node of a consortium folder, in process and without its peers, behind its client API: the
 * OpenAPI document lists exactly {@link ConsortiumApi#ROUTES}, every read answers, and bad input is
 * refused with a reason (a malformed upload, an admission the regulator did not sign, a bad key).
 */
class ConsortiumApiTest {
  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void routesAnswerAndBadInputIsRefusedWithAReason() throws Exception {
    LocalCluster.createConsortium(dir, 4, 1000, Bookkeeping.ROUND_ROBIN, 0);
    try (HqProcess hq = HqProcess.start(dir.resolve("node-1/node.properties"));
        ConsortiumApi api = ConsortiumApi.start(hq, new InetSocketAddress("127.0.0.1", 0))) {
      String base = "http://127.0.0.1:" + api.port();
      JsonObject paths = json(get(base + "/openapi.json")).getJsonObject("paths");
      Set<String> documented = new HashSet<>();
      paths.forEach((path, operations) -> operations.asJsonObject().keySet()
          .forEach(method -> documented.add(method.toUpperCase() + " " + path)));
      assertThat(documented).containsExactlyInAnyOrderElementsOf(ConsortiumApi.ROUTES);

      String stranger = Identity.generate().key().hex();
      for (String path : new String[] {"/status", "/consortium", "/consortium/enterprises/" + stranger,
          "/consortium/enterprises/" + stranger + "/history", "/consortium/uploads?from_ms=0",
          "/consortium/blocks?from=0&limit=2", "/consortium/flagged", "/consortium/events"}) {
        assertThat(get(base + path).statusCode()).as(path).isEqualTo(200);
      }
      assertThat(json(get(base + "/consortium")).getInt("hq")).isZero();
      assertThat(json(get(base + "/status")).getString("role")).isEqualTo("primary");
      assertThat(json(get(base + "/consortium/enterprises/" + stranger)).getString("status")).isEqualTo("unknown");

      HttpResponse<String> upload = post(base + "/consortium/uploads", new byte[] {1, 2, 3});
      assertThat(upload.statusCode()).isEqualTo(422);
      assertThat(json(upload).getString("verdict")).isEqualTo("MALFORMED");

      byte[] forged = new Regulator(Identity.generate()).admit(Identity.generate().key(), "x", 0, 1).encode();
      HttpResponse<String> admission = post(base + "/consortium/admissions", forged);
      assertThat(admission.statusCode()).isEqualTo(400);
      assertThat(json(admission).getString("message")).contains("not signed by the consortium's regulator");
      assertThat(get(base + "/consortium/enterprises/nothex").statusCode()).isEqualTo(400);
      assertThat(get(base + "/consortium/blocks?from=-1").statusCode()).isEqualTo(400);
      assertThat(get(base + "/nowhere").statusCode()).isEqualTo(404);
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).readObject();
  }
}
