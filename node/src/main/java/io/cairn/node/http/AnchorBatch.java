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
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>The usual body, {@code {"records":["<base64>",...]}} with optional whitespace and no escape
 * in the strings, is read straight from its bytes ({@link #parseCompact}); anything else goes
 * through the JSON parser, which also words every refusal. Both read the same records (a property
 * test holds them to it); the direct read only skips building a JSON tree and a string per record,
 * which was a third of a batch request's CPU on the leader.
 *
 * <p>Thread-safety: stateless.
 */
final class AnchorBatch {
  /** Most records in one request. */
  static final int RECORDS_MAX = 10_000;

  private AnchorBatch() {}

  /** The records of a request body. */
  static List<byte[]> parse(byte[] body) {
    List<byte[]> compact = parseCompact(body);
    return compact != null ? compact : parseJson(body);
  }

  /**
   * The records of a body of exactly the form {@code {"records":["<base64>",...]}} (JSON
   * whitespace allowed between tokens, 1..{@value #RECORDS_MAX} non-empty records, no escapes),
   * or null for any other body, valid or not.
   */
  static List<byte[]> parseCompact(byte[] body) {
    Base64.Decoder decoder = Base64.getDecoder();
    int at = literal(body, whitespace(body, 0), "{\"records\"");
    at = literal(body, at, ":");
    at = literal(body, at, "[");
    if (at < 0) {
      return null;
    }
    List<byte[]> raws = new ArrayList<>();
    while (true) {
      if (at >= body.length || body[at] != '"' || raws.size() == RECORDS_MAX) {
        return null;
      }
      int end = at + 1;
      while (end < body.length && body[end] != '"') {
        if (body[end] == '\\' || (body[end] & 0xff) < 0x20) {
          return null;
        }
        end++;
      }
      if (end >= body.length || end == at + 1) {
        return null;
      }
      try {
        raws.add(decodeBase64(decoder, body, at + 1, end));
      } catch (IllegalArgumentException e) {
        return null;
      }
      at = whitespace(body, end + 1);
      if (at < body.length && body[at] == ',') {
        at = whitespace(body, at + 1);
      } else {
        break;
      }
    }
    at = literal(body, at, "]");
    at = literal(body, at, "}");
    return at == body.length ? raws : null;
  }

  /** The base64 text at {@code body[from, to)}, decoded straight from the body (no copy of the text). */
  private static byte[] decodeBase64(Base64.Decoder decoder, byte[] body, int from, int to) {
    ByteBuffer decoded = decoder.decode(ByteBuffer.wrap(body, from, to - from));
    return decoded.hasArray() && decoded.arrayOffset() == 0 && decoded.remaining() == decoded.array().length
        ? decoded.array() : Arrays.copyOfRange(decoded.array(), decoded.arrayOffset() + decoded.position(),
            decoded.arrayOffset() + decoded.limit());
  }

  /** The position after {@code token} at {@code at} and the whitespace after it, or -1. */
  private static int literal(byte[] body, int at, String token) {
    if (at < 0 || at + token.length() > body.length) {
      return -1;
    }
    for (int i = 0; i < token.length(); i++) {
      if (body[at + i] != token.charAt(i)) {
        return -1;
      }
    }
    return whitespace(body, at + token.length());
  }

  private static int whitespace(byte[] body, int at) {
    while (at < body.length && (body[at] == ' ' || body[at] == '\n' || body[at] == '\r' || body[at] == '\t')) {
      at++;
    }
    return at;
  }

  /** The records of any body, through the JSON parser, which words each refusal. */
  static List<byte[]> parseJson(byte[] body) {
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
