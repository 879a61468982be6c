package io.cairn.bench.membership;

import io.cairn.node.api.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One new node's catch-up on one time axis: the leader's steps of the snapshot transfer to it
 * ({@code GET /status} {@code snapshots_sent}), the new node's intake steps ({@code
 * snapshot_received}) and the bench's own two (the addition {@code submitted}, the node {@code
 * promoted}: it votes), all wall-clock microseconds of one machine, as milliseconds after the
 * submission; and the catch-up cut into phases:
 *
 * <ul>
 *   <li>{@code join}: submitted to the leader's offer (the addition commits, the node joins as a
 *       learner, the protocol finds it needs the snapshot);
 *   <li>{@code wire}: the leader's first chunk sent to the new node's last chunk in;
 *   <li>{@code check}: last chunk in to the snapshot assembled and its CRC32C checked;
 *   <li>{@code store}: checked to its file adopted and the log store synced;
 *   <li>{@code install}: stored to the ledger holding it (the streamed ingest's commit);
 *   <li>{@code log_tail}: installed to promoted (the log after the snapshot, then the promotion);
 *       negative when the promotion came first: since session 12 a new node persists and
 *       acknowledges the log tail while its ledger still installs and applies (replication.md).
 * </ul>
 *
 * The snapshot's creation is not a phase of a catch-up: the leader sends the snapshot it holds
 * ({@code snapshot_held}, before the submission in {@code --preload-mb} runs). A phase whose ends
 * are missing is null.
 *
 * <p>Thread-safety: immutable.
 *
 * @param steps step name to milliseconds after the submission, in time order
 * @param phases phase name to milliseconds, null when unknown
 */
record CatchUpTimeline(Map<String, Double> steps, Map<String, Double> phases) {
  private static final String[][] PHASES = {{"join", "submitted", "offered"},
      {"wire", "first_chunk_sent", "last_chunk_in"}, {"check", "last_chunk_in", "checked"},
      {"store", "checked", "stored"}, {"install", "stored", "install_end"}, {"log_tail", "install_end", "promoted"}};

  /**
   * The timeline of node {@code number}'s catch-up from its status ({@code received}), its
   * leaders' statuses ({@code leaders}: any node's; those without a transfer to it add nothing),
   * the submission and promotion by the bench's clock (µs since the epoch).
   */
  static CatchUpTimeline of(int number, JsonObject received, List<JsonObject> leaders, long submittedMicros,
      long promotedMicros) {
    Map<String, Long> micros = new LinkedHashMap<>();
    micros.put("submitted", submittedMicros);
    for (JsonObject leader : leaders) {
      JsonValue sent = leader.get("snapshots_sent");
      if (sent == null || sent.getValueType() != JsonValue.ValueType.ARRAY) {
        continue;
      }
      for (JsonObject transfer : sent.asJsonArray().getValuesAs(JsonObject.class)) {
        if (transfer.getInt("member") == number) {
          putSteps(transfer, micros);
        }
      }
    }
    JsonValue intake = received.get("snapshot_received");
    if (intake != null && intake.getValueType() == JsonValue.ValueType.OBJECT) {
      putSteps(intake.asJsonObject(), micros);
    }
    micros.put("promoted", promotedMicros);
    List<Map.Entry<String, Long>> ordered = new ArrayList<>(micros.entrySet());
    ordered.sort(Comparator.comparingLong(Map.Entry::getValue));
    Map<String, Double> steps = new LinkedHashMap<>();
    ordered.forEach(step -> steps.put(step.getKey(), (step.getValue() - submittedMicros) / 1000.0));
    Map<String, Double> phases = new LinkedHashMap<>();
    for (String[] phase : PHASES) {
      Long from = micros.get(phase[1]);
      Long to = micros.get(phase[2]);
      phases.put(phase[0], from == null || to == null ? null : (to - from) / 1000.0);
    }
    return new CatchUpTimeline(steps, phases);
  }

  private static void putSteps(JsonObject transfer, Map<String, Long> micros) {
    for (Map.Entry<String, JsonValue> step : transfer.getJsonObject("steps_us").entrySet()) {
      micros.put(step.getKey(), ((JsonNumber) step.getValue()).longValue());
    }
  }

  /** {@code {"steps_ms": {...}, "phases_ms": {...}}}, rounded to 0.1 ms. */
  Json.Obj toJson() {
    Json.Obj stepsJson = Json.object();
    steps.forEach((name, ms) -> stepsJson.put(name, Json.round(ms, 1)));
    Json.Obj phasesJson = Json.object();
    phases.forEach((name, ms) -> phasesJson.put(name, ms == null ? null : Json.round(ms, 1)));
    return Json.object().put("steps_ms", stepsJson).put("phases_ms", phasesJson);
  }

  /** One line: each phase in ms. */
  String line() {
    StringBuilder out = new StringBuilder();
    phases.forEach((name, ms) -> out.append(out.isEmpty() ? "" : ", ").append(name).append(' ')
        .append(ms == null ? "?" : String.format("%.0f", ms)).append(" ms"));
    return out.toString();
  }
}
