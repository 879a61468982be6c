package io.cairn.node.http;

import io.cairn.chain.api.AnchorReceipt;
import io.cairn.common.InvalidArgumentException;
import io.cairn.node.api.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code POST /records/batch}: many records anchored by one request, so a client that anchors at
 * a high rate pays one HTTP exchange per batch, not per record. The node groups concurrent calls
 * into shared transactions anyway; the batch only saves the HTTP round trips.
 *
 * <p>Request: {@code {"records": ["<base64>", ...]}} (1..{@value #RECORDS_MAX} records, standard
 * base64 with padding); answer 201: {@code {"receipts": [Receipt, ...]}} in the same order, once
 * every record is committed and applied on this node. All or nothing: a malformed request anchors
 * nothing; the records of one batch commit together.
 *
 * <p>Thread-safety: stateless.
 */
final class AnchorBatch {
  /** Most records in one request. */
  static final int RECORDS_MAX = 10_000;

  private AnchorBatch() {}

  /** The records of a request body. */
  static List<byte[]> parse(byte[] body) {
    JsonObject object;
    try (JsonReader reader = jakarta.json.Json.createReader(new ByteArrayInputStream(body))) {
      object = reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new InvalidArgumentException("the body is not a JSON object {\"records\": [\"<base64>\", ...]}");
    }
    JsonValue value = object.get("records");
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw new InvalidArgumentException("\"records\" must be a non-empty array of base64 strings");
    }
    if (array.size() > RECORDS_MAX) {
      throw new InvalidArgumentException("a batch holds at most " + RECORDS_MAX + " records, this one " + array.size());
    }
    List<byte[]> raws = new ArrayList<>(array.size());
    Base64.Decoder decoder = Base64.getDecoder();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof JsonString text)) {
        throw new InvalidArgumentException("record " + i + " is not a base64 string");
      }
      byte[] raw;
      try {
        raw = decoder.decode(text.getString());
      } catch (IllegalArgumentException e) {
        throw new InvalidArgumentException("record " + i + " is not valid base64: " + e.getMessage());
      }
      if (raw.length == 0) {
        throw new InvalidArgumentException("record " + i + " is empty");
      }
      raws.add(raw);
    }
    return raws;
  }

  /** The answer: one receipt per record, in order. */
  static Json.Obj answer(List<AnchorReceipt> receipts) {
    Json.Arr array = Json.array();
    for (AnchorReceipt receipt : receipts) {
      array.add(ApiJson.receipt(receipt));
    }
    return Json.object().put("receipts", array);
  }
}
