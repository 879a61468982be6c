package io.cairn.bench.report;

import io.cairn.node.api.Json;
import java.util.List;

/**
 * An engine as the report introduces it: its name, what it is, and every setting it could not
 * take from the run (so that no difference in configuration goes unstated).
 *
 * @param name the engine's name
 * @param description one line
 * @param deviations settings it does not honour, one sentence each
 */
public record EngineInfo(String name, String description, List<String> deviations) {
  /** Copies the list. */
  public EngineInfo {
    deviations = List.copyOf(deviations);
  }

  /** The element of the JSON report's {@code engines} array. */
  public Json.Obj toJson() {
    Json.Arr list = Json.array();
    deviations.forEach(list::add);
    return Json.object().put("name", name).put("description", description).put("deviations", list);
  }
}
