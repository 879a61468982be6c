package io.cairn.node.http;

import io.cairn.chain.api.ContractReceipt;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.Receipt;
import io.cairn.common.InvalidArgumentException;
import io.cairn.node.api.Json;
import io.cairn.node.service.LedgerService;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.util.HexFormat;
import java.util.List;

/**
 * The client API's contract routes ({@code docs/node.md}, {@code openapi.json}):
 *
 * <pre>
 * POST /contracts/calls                       JSON call in, its receipt out once applied (write)
 * GET  /contracts/receipts/{id}               a contract transaction's receipt
 * GET  /contracts/{contract}/state/{key}      a value of a contract's state (key in hex)
 * </pre>
 *
 * <p>A call is signed by the node's own key (the caller the contract sees), like {@code POST
 * /records}; it travels as a contract transaction in a block of the ledger and is executed by
 * every member when the block applies.
 *
 * <p>Thread-safety: stateless; the server calls it concurrently.
 */
final class ContractRoutes {
  /** These routes, {@code "METHOD PATH"} as {@code openapi.json} names them. */
  static final List<String> ROUTES = List.of("POST /contracts/calls", "GET /contracts/receipts/{id}",
      "GET /contracts/{contract}/state/{key}");
  /** Gas given to a call whose request names none. */
  static final long DEFAULT_GAS = 1_000_000;
  /** Largest JSON body of a call: the largest arguments in hex, plus room for the names. */
  static final int BODY_BYTES_MAX = 2 * ContractCall.ARGS_BYTES_MAX + 4096;

  private final LedgerService service;
  private final WriteGuard guard;

  private ContractRoutes(LedgerService service, WriteGuard guard) {
    this.service = service;
    this.guard = guard;
  }

  /** Adds the routes over {@code service} to {@code routing}. */
  static void register(HttpRouting.Builder routing, LedgerService service, WriteGuard guard) {
    ContractRoutes routes = new ContractRoutes(service, guard);
    routing.post("/contracts/calls", routes::call)
        .get("/contracts/receipts/{id}", routes::receipt)
        .get("/contracts/{contract}/state/{key}", routes::state);
  }

  private void call(ServerRequest request, ServerResponse response) {
    guard.check(request);
    ContractCall call = parseCall(HttpApi.readBody(request, BODY_BYTES_MAX), service);
    HttpApi.send(response, 201, receiptJson(service.execute(call)));
  }

  private void receipt(ServerRequest request, ServerResponse response) {
    Hash32 id = Hash32.parse(request.path().pathParameters().get("id"));
    service.receipt(id).ifPresentOrElse(receipt -> HttpApi.send(response, 200, receiptJson(receipt)),
        () -> HttpApi.send(response, 404, ApiJson.error("NOT_FOUND", "no applied contract transaction has id " + id)));
  }

  private void state(ServerRequest request, ServerResponse response) {
    String contract = request.path().pathParameters().get("contract");
    ContractCall.checkName(contract, "contract");
    byte[] key = hex(request.path().pathParameters().get("key"), "key");
    service.contractValue(contract, key).ifPresentOrElse(
        value -> HttpApi.send(response, 200, Json.object().put("contract", contract)
            .put("key_hex", HexFormat.of().formatHex(key)).put("value_hex", HexFormat.of().formatHex(value))),
        () -> HttpApi.send(response, 404, ApiJson.error("NOT_FOUND",
            "contract " + contract + " has no value under key " + HexFormat.of().formatHex(key))));
  }

  /**
   * {@code {"kind": "call"|"deploy", "contract", "method" (the code name for a deploy), "args_hex",
   * "gas_limit"}}; kind defaults to call, args to none, gas to {@value #DEFAULT_GAS}.
   */
  static ContractCall parseCall(byte[] body, LedgerService service) {
    JsonObject json;
    try (var reader = jakarta.json.Json.createReader(new ByteArrayInputStream(body))) {
      json = reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new InvalidArgumentException("the body must be a JSON object {\"kind\", \"contract\", \"method\", "
          + "\"args_hex\", \"gas_limit\"}: " + e.getMessage());
    }
    String kind = string(json, "kind", "call");
    String contract = string(json, "contract", null);
    String method = string(json, "method", null);
    byte[] args = hex(string(json, "args_hex", ""), "args_hex");
    long gas = number(json, "gas_limit", DEFAULT_GAS);
    return switch (kind) {
      case "call" -> ContractCall.call(service.key(), contract, method, args, gas, null);
      case "deploy" -> ContractCall.deploy(service.key(), contract, method, args, gas, null);
      default -> throw new InvalidArgumentException("kind must be \"call\" or \"deploy\", was \"" + kind + "\"");
    };
  }

  /** {@code {"transaction", "height", "index", "status", "gas_used", "output_hex", "message"}}. */
  static Json.Obj receiptJson(ContractReceipt stored) {
    Receipt receipt = stored.receipt();
    return Json.object().put("transaction", stored.transaction().hex()).put("height", stored.height())
        .put("index", stored.index()).put("status", receipt.status().name()).put("gas_used", receipt.gasUsed())
        .put("output_hex", HexFormat.of().formatHex(receipt.output())).put("message", receipt.message());
  }

  private static String string(JsonObject json, String field, String fallback) {
    JsonValue value = json.get(field);
    if (value == null || value == JsonValue.NULL) {
      if (fallback == null) {
        throw new InvalidArgumentException("the call needs \"" + field + "\"");
      }
      return fallback;
    }
    if (!(value instanceof JsonString text)) {
      throw new InvalidArgumentException("\"" + field + "\" must be a string");
    }
    return text.getString();
  }

  private static long number(JsonObject json, String field, long fallback) {
    JsonValue value = json.get(field);
    if (value == null || value == JsonValue.NULL) {
      return fallback;
    }
    if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
      throw new InvalidArgumentException("\"" + field + "\" must be a whole number");
    }
    try {
      return number.longValueExact();
    } catch (ArithmeticException e) {
      throw new InvalidArgumentException("\"" + field + "\" is out of range");
    }
  }

  private static byte[] hex(String text, String field) {
    try {
      return HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(field + " must be hex digits in pairs, was '" + text + "'");
    }
  }
}
