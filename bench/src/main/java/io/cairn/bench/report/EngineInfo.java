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
 * @param writeBuffers memtables it actually held at once (the run's setting, or what the engine is
 *     built with when it cannot take it: 2 for leveldb-java), reported in each of its rows' {@code
 *     settings.write_buffers}
 */
public record EngineInfo(String name, String description, List<String> deviations, int writeBuffers) {
  /** Copies the list. */
  public EngineInfo {
    deviations = List.copyOf(deviations);
    if (writeBuffers < 1) {
      throw new IllegalArgumentException("an engine holds at least one memtable, was " + writeBuffers);
    }
  }

  /** What a row of this engine ran with, where it may differ from the run's {@code settings.store}. */
  public Json.Obj rowSettings() {
    return Json.object().put("write_buffers", writeBuffers);
  }

  /** The element of the JSON report's {@code engines} array. */
  public Json.Obj toJson() {
    Json.Arr list = Json.array();
    deviations.forEach(list::add);
    return Json.object().put("name", name).put("description", description).put("deviations", list);
  }
}
