package io.cairn.bench.runner;

import io.cairn.bench.kv.Engine;
import io.cairn.node.api.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The order in which a run visits its cells (engine × value size × round). Engines are rotated:
 * value size {@code k} of round {@code r} starts with engine {@code (r + k) mod E}, so no engine
 * always runs first (cold page cache, a cool CPU) or last (a machine warmed up by the others).
 *
 * @param cells the cells in the order they run
 */
public record BenchPlan(List<Cell> cells) {
  /** One measured unit: a fresh store of {@code engine} with values of {@code valueBytes}. */
  public record Cell(int round, int valueBytes, Engine engine) {}

  /** Copies the list. */
  public BenchPlan {
    cells = List.copyOf(cells);
  }

  /** The rotated plan for {@code engines} (at least one) over {@code valueSizes} and rounds. */
  public static BenchPlan rotated(List<Engine> engines, List<Integer> valueSizes, int rounds) {
    List<Cell> cells = new ArrayList<>();
    int count = engines.size();
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < valueSizes.size(); k++) {
        for (int i = 0; i < count; i++) {
          cells.add(new Cell(round + 1, valueSizes.get(k), engines.get((round + k + i) % count)));
        }
      }
    }
    return new BenchPlan(cells);
  }

  /** The order as the JSON report's {@code settings.engine_order}: one entry per round and size. */
  public Json.Arr toJson() {
    Json.Arr order = Json.array();
    Json.Arr current = null;
    Cell previous = null;
    for (Cell cell : cells) {
      if (previous == null || previous.round() != cell.round() || previous.valueBytes() != cell.valueBytes()) {
        current = Json.array();
        order.add(Json.object().put("round", cell.round()).put("value_size", cell.valueBytes())
            .put("engines", current));
      }
      current.add(cell.engine().name());
      previous = cell;
    }
    return order;
  }
}
