package io.cairn.node.consortium;

import io.cairn.chain.api.MemberKey;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.consortium.AdmissionRegistry;
import io.cairn.consortium.EnterpriseCertificate;
import io.cairn.consortium.HqNode;
import io.cairn.consortium.StateProof;
import io.cairn.consortium.StateUpload;
import io.cairn.node.api.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The JSON of the consortium API's answers that clients read back ({@code docs/consortium.md}, "HTTP
 * API"): an HQ node's description, an admission, and a record with its {@link StateProof} (every
 * binary field hex: the record's own encoding, the audit paths, the data set's header and
 * signature, the block header), which {@link #proof(JsonObject)} turns back into a proof to check.
 *
 * <p>Thread-safety: stateless.
 */
public final class ConsortiumJson {
  private static final HexFormat HEX = HexFormat.of();

  private ConsortiumJson() {}

  /** {@code {"hq", "signing_key", "x25519", "period_ms", "bookkeeping", "height", "head_hash", "view", "primary", ...}}. */
  public static Json.Obj hq(HqProcess process) {
    HqNode node = process.node();
    HqProcess.Status status = process.status();
    return Json.object().put("hq", node.number()).put("hqs", node.settings().n())
        .put("signing_key", node.identity().key().hex())
        .put("x25519", HEX.formatHex(node.settings().hqs().get(node.number()).encryptionKey()))
        .put("regulator", node.settings().regulator().hex())
        .put("period_ms", node.settings().periodMillis())
        .put("bookkeeping", node.settings().bookkeeping() == io.cairn.consortium.Bookkeeping.PROOF_OF_WORK ? "pow"
            : "round-robin")
        .put("height", node.ledger().height()).put("head_hash", HEX.formatHex(node.ledger().headHash()))
        .put("records", node.ledger().records()).put("view", status.view()).put("primary", status.primary())
        .put("pooled", status.pooled()).put("pending", status.pending()).put("connected", status.connected())
        .put("catch_up_rounds", status.catchUpRounds()).put("flagged", node.ledger().flagged().size());
  }

  /** {@code {"enterprise", "status", "organization", "home_hq", "serial", "certificate"}}. */
  public static Json.Obj admission(AdmissionRegistry registry, MemberKey enterprise) {
    EnterpriseCertificate certificate = registry.certificate(enterprise);
    Json.Obj out = Json.object().put("enterprise", enterprise.hex())
        .put("status", registry.status(enterprise).name().toLowerCase(Locale.ROOT));
    if (certificate != null) {
      out.put("organization", certificate.organization()).put("home_hq", certificate.homeHq())
          .put("serial", certificate.serial()).put("certificate", HEX.formatHex(certificate.encode()));
    }
    return out;
  }

  /** One record of a history with its proof. */
  public static Json.Obj proof(StateProof proof) {
    StateUpload record = proof.record();
    return Json.object().put("height", proof.height()).put("sequence", record.sequence())
        .put("timestamp_ms", record.timestampMillis()).put("hq", record.hq())
        .put("state", HEX.formatHex(record.state())).put("record", HEX.formatHex(record.encode()))
        .put("data_set_index", proof.dataSetIndex()).put("data_set_count", proof.dataSetCount())
        .put("record_index", proof.recordIndex()).put("record_count", proof.recordCount())
        .put("record_path", hexList(proof.recordPath())).put("data_set_header", HEX.formatHex(proof.dataSetHeader()))
        .put("data_set_path", hexList(proof.dataSetPath())).put("block_header", HEX.formatHex(proof.blockHeader()));
  }

  /**
   * The proof that {@link #proof(StateProof)} wrote.
   *
   * @throws InvalidArgumentException when a field is missing or not what it should be
   */
  public static StateProof proof(JsonObject json) {
    try {
      return new StateProof(StateUpload.decode(hex(json, "record")), json.getJsonNumber("height").longValueExact(),
          json.getInt("data_set_index"), json.getInt("data_set_count"), json.getInt("record_index"),
          json.getInt("record_count"), hexes(json.getJsonArray("record_path")), hex(json, "data_set_header"),
          hexes(json.getJsonArray("data_set_path")), hex(json, "block_header"));
    } catch (CorruptionException | ClassCastException | NullPointerException | ArithmeticException e) {
      throw new InvalidArgumentException("a history record is malformed: " + e.getMessage());
    }
  }

  private static Json.Arr hexList(List<byte[]> items) {
    Json.Arr out = Json.array();
    items.forEach(item -> out.add(HEX.formatHex(item)));
    return out;
  }

  private static byte[] hex(JsonObject json, String field) {
    try {
      return HEX.parseHex(json.getString(field));
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(field + " is not hex");
    }
  }

  private static List<byte[]> hexes(JsonArray array) {
    try {
      return array.getValuesAs(JsonString.class).stream().map(s -> HEX.parseHex(s.getString())).toList();
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("an audit path is not hex");
    }
  }
}
