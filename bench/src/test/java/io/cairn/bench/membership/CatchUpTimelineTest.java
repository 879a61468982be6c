package io.cairn.bench.membership;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catch-up timeline of {@code bench membership}: steps of two processes on one axis, cut into phases. */
class CatchUpTimelineTest {
  private static final long T0 = 1_800_000_000_000_000L;

  private static JsonObject transfer(int member, String... stepsAndMicros) {
    var steps = Json.createObjectBuilder();
    for (int i = 0; i < stepsAndMicros.length; i += 2) {
      steps.add(stepsAndMicros[i], T0 + Long.parseLong(stepsAndMicros[i + 1]));
    }
    return Json.createObjectBuilder().add("member", member).add("index", 359).add("bytes", 50_000_000)
        .add("steps_us", steps).build();
  }

  @Test
  void theLeadersAndTheNewNodesStepsLineUpAfterTheSubmissionAndMakeThePhases() {
    JsonObject leader = Json.createObjectBuilder().add("snapshots_sent", Json.createArrayBuilder()
        .add(transfer(5, "offered", "900000"))
        .add(transfer(4, "snapshot_held", "-60000000", "offered", "1000000", "first_chunk_sent", "1002000",
            "last_chunk_sent", "1500000", "last_chunk_acked", "1700000", "ended", "2100000"))).build();
    JsonObject other = Json.createObjectBuilder().add("snapshots_sent", Json.createArrayBuilder()).build();
    JsonObject newNode = Json.createObjectBuilder().add("snapshot_received", transfer(1, "first_chunk_in", "1003000",
        "last_chunk_in", "1600000", "checked", "1650000", "stored", "1690000", "ingest_read", "1620000",
        "install_start", "1695000", "install_end", "1800000", "first_append", "1810000")).build();

    CatchUpTimeline timeline = CatchUpTimeline.of(4, newNode, List.of(other, leader), T0, T0 + 2_500_000);

    assertThat(timeline.steps().keySet()).containsExactly("snapshot_held", "submitted", "offered", "first_chunk_sent",
        "first_chunk_in", "last_chunk_sent", "last_chunk_in", "ingest_read", "checked", "stored", "install_start",
        "last_chunk_acked", "install_end", "first_append", "ended", "promoted");
    assertThat(timeline.steps()).containsEntry("offered", 1000.0).containsEntry("snapshot_held", -60_000.0)
        .containsEntry("promoted", 2500.0);
    assertThat(timeline.phases()).containsEntry("join", 1000.0).containsEntry("wire", 598.0)
        .containsEntry("check", 50.0).containsEntry("store", 40.0).containsEntry("install", 110.0)
        .containsEntry("log_tail", 700.0);
    assertThat(timeline.line()).startsWith("join 1000 ms, wire 598 ms");
  }

  @Test
  void phasesWithoutBothEndsAreNull() {
    JsonObject newNode = Json.createObjectBuilder().add("snapshot_received", transfer(1, "first_chunk_in", "1000",
        "install_end", "9000")).build();

    CatchUpTimeline timeline = CatchUpTimeline.of(4, newNode, List.of(), T0, T0 + 10_000);

    assertThat(timeline.phases()).containsEntry("log_tail", 1.0).containsEntry("wire", null)
        .containsEntry("join", null);
    JsonObject json = Json.createReader(new java.io.StringReader(timeline.toJson().toString())).readObject();
    assertThat(json.getJsonObject("phases_ms").isNull("wire")).isTrue();
    assertThat(json.getJsonObject("steps_ms").getJsonNumber("install_end").doubleValue()).isEqualTo(9.0);
  }
}
