package io.cairn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.NodeHome;
import io.cairn.chain.contract.builtin.TokenContract;
import io.cairn.node.service.LocalLedgerService;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract routes over a single node's ledger: deploy, call, receipts, state, bad input. */
class ContractRoutesTest {
  private static final String TOKEN = "contract-token";

  @TempDir Path home;
  private LocalLedgerService service;
  private HttpApi api;
  private String base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() {
    service = new LocalLedgerService(NodeHome.open(home));
    api = HttpApi.start(service, new InetSocketAddress("127.0.0.1", 0), WriteGuard.token(TOKEN), 4096);
    base = "http://127.0.0.1:" + api.port();
  }

  @AfterEach
  void stop() {
    api.close();
    service.close();
  }

  @Test
  void deployCallAndReadBackReceiptsAndState() throws Exception {
    HexFormat hex = HexFormat.of();
    JsonObject deployed = json(post("{\"kind\": \"deploy\", \"contract\": \"coin\", \"method\": \"token\"}", 201));
    assertThat(deployed.getString("status")).isEqualTo("OK");
    String self = hex.formatHex(service.key().bytes());
    String mint = hex.formatHex(TokenContract.amountArgs(service.key(), 40));
    assertThat(json(post("{\"contract\": \"coin\", \"method\": \"mint\", \"args_hex\": \"" + mint + "\"}", 201))
        .getString("status")).isEqualTo("OK");
    JsonObject overdraft = json(post("{\"contract\": \"coin\", \"method\": \"transfer\", \"args_hex\": \""
        + hex.formatHex(TokenContract.amountArgs(service.key(), 41)) + "\"}", 201));
    assertThat(overdraft.getString("status")).isEqualTo("REVERTED");
    assertThat(overdraft.getString("message")).isEqualTo("insufficient balance: 40 < 41");
    JsonObject starved = json(post("{\"contract\": \"coin\", \"method\": \"balance\", \"args_hex\": \"" + self
        + "\", \"gas_limit\": 5}", 201));
    assertThat(starved.getString("status")).isEqualTo("OUT_OF_GAS");

    HttpResponse<String> receipt = get("/contracts/receipts/" + overdraft.getString("transaction"));
    assertThat(receipt.statusCode()).isEqualTo(200);
    assertThat(json(receipt)).isEqualTo(overdraft);
    HttpResponse<String> state = get("/contracts/coin/state/" + hex.formatHex(TokenContract.balanceKey(service.key())));
    assertThat(state.statusCode()).isEqualTo(200);
    assertThat(TokenContract.balance(hex.parseHex(json(state).getString("value_hex")))).isEqualTo(40);
    JsonObject block = json(get("/blocks/" + overdraft.getJsonNumber("height").longValue()));
    assertThat(block.getJsonArray("transactions").getJsonObject(0).getString("kind")).isEqualTo("contract");
  }

  @Test
  void badInputIsA4xxWithAMessage() throws Exception {
    assertThat(json(post("not json", 400)).getString("error")).isEqualTo("INVALID_ARGUMENT");
    assertThat(json(post("{\"contract\": \"Coin!\", \"method\": \"x\"}", 400)).getString("message")).contains("contract name");
    assertThat(json(post("{\"contract\": \"coin\"}", 400)).getString("message")).contains("\"method\"");
    assertThat(json(post("{\"contract\": \"coin\", \"method\": \"x\", \"args_hex\": \"zz\"}", 400)).getString("message"))
        .contains("args_hex");
    assertThat(get("/contracts/receipts/" + "00".repeat(32)).statusCode()).isEqualTo(404);
    assertThat(get("/contracts/coin/state/00").statusCode()).isEqualTo(404);
    HttpResponse<String> unauthorized = http.send(HttpRequest.newBuilder(URI.create(base + "/contracts/calls"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(unauthorized.statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> post(String body, int expectedStatus) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/contracts/calls"))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
    return response;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).readObject();
  }
}
