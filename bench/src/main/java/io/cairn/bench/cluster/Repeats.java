package io.cairn.bench.cluster;

import static io.cairn.bench.report.Median.median;

import io.cairn.node.api.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rows of {@code bench cluster --repeats N} (session 18): every run keeps its own row (in
 * {@code repeat_runs}), each Cairn run carries its ratio to the Ratis run of the same repeat (the
 * pair, adjacent in {@link RepeatOrder}'s order), and {@code runs} holds one row per system, mode,
 * encoding, state machine and size whose numbers are the medians of its repeats.
 */
final class Repeats {
  /** The members that name a row's configuration: runs with equal values are repeats of one row. */
  static final List<String> KEY = List.of("system", "mode", "encoding", "state_machine", "nodes");

  private Repeats() {}

  /**
   * Gives each Cairn run its ratio to Ratis's run of the same size and repeat ({@code vs_ratis}
   * against the counting machine, {@code vs_ratis_ledger} against the ledger machine; {@link
   * ClusterBench#compareWithRatis} on each repeat's runs, printing nothing). Each run has a {@code
   * repeat} member.
   */
  static void pairWithRatis(List<Json.Obj> runs) {
    Map<Object, List<Json.Obj>> byRepeat = new LinkedHashMap<>();
    for (Json.Obj run : runs) {
      byRepeat.computeIfAbsent(run.get("repeat"), unused -> new ArrayList<>()).add(run);
    }
    java.io.PrintWriter nowhere = new java.io.PrintWriter(java.io.Writer.nullWriter());
    byRepeat.values().forEach(repeat -> ClusterBench.compareWithRatis(nowhere, repeat));
  }

  /**
   * One row per configuration ({@link #KEY}), in the order the configurations first ran: every
   * number is the median of that member over the runs (the middle value of a whole number's sorted
   * values, the lower of the two middle ones for an even count; nested objects member by member;
   * nulls left out, null when every run has null), every other value is kept when all runs agree and
   * null otherwise. Each row adds {@code repeats}, {@code committed_per_s_min} and {@code _max}, and
   * for Cairn rows {@code vs_ratis_min}, {@code vs_ratis_max} and {@code vs_ratis_pairs} (each
   * repeat's ratio, in repeat order; {@code vs_ratis} itself is their median) when paired; the
   * per-run members {@code repeat} and {@code sequence} are left out.
   */
  static List<Json.Obj> medians(List<Json.Obj> runs) {
    Map<List<Object>, List<Json.Obj>> groups = new LinkedHashMap<>();
    for (Json.Obj run : runs) {
      List<Object> key = new ArrayList<>();
      for (String name : KEY) {
        key.add(run.get(name));
      }
      groups.computeIfAbsent(key, unused -> new ArrayList<>()).add(run);
    }
    List<Json.Obj> rows = new ArrayList<>();
    for (List<Json.Obj> group : groups.values()) {
      Json.Obj row = merge(group);
      row.put("repeats", group.size());
      double[] rates = numbers(group, "committed_per_s");
      row.put("committed_per_s_min", rates.length == 0 ? null : Arrays.stream(rates).min().getAsDouble());
      row.put("committed_per_s_max", rates.length == 0 ? null : Arrays.stream(rates).max().getAsDouble());
      if ("cairn".equals(row.get("system"))) {
        double[] ratios = numbers(group, "vs_ratis");
        Json.Arr pairs = Json.array();
        group.forEach(run -> pairs.add(run.get("vs_ratis")));
        row.put("vs_ratis_pairs", ratios.length == 0 ? null : pairs);
        row.put("vs_ratis_min", ratios.length == 0 ? null : Arrays.stream(ratios).min().getAsDouble());
        row.put("vs_ratis_max", ratios.length == 0 ? null : Arrays.stream(ratios).max().getAsDouble());
      }
      rows.add(row);
    }
    return rows;
  }

  private static Json.Obj merge(List<Json.Obj> objects) {
    Json.Obj merged = Json.object();
    for (String name : names(objects.getFirst())) {
      if (name.equals("repeat") || name.equals("sequence")) {
        continue;
      }
      List<Object> values = new ArrayList<>();
      for (Json.Obj object : objects) {
        values.add(object.get(name));
      }
      merged.put(name, mergeValues(values));
    }
    return merged;
  }

  private static Object mergeValues(List<Object> values) {
    List<Object> present = values.stream().filter(Objects::nonNull).toList();
    if (present.isEmpty()) {
      return null;
    }
    if (present.stream().allMatch(value -> value instanceof Json.Obj)) {
      return merge(present.stream().map(value -> (Json.Obj) value).toList());
    }
    if (present.stream().allMatch(value -> value instanceof Double || value instanceof Float)) {
      return Json.round(median(present.stream().mapToDouble(value -> ((Number) value).doubleValue()).toArray()), 3);
    }
    if (present.stream().allMatch(value -> value instanceof Number)) {
      List<Object> sorted = new ArrayList<>(present);
      sorted.sort((a, b) -> Long.compare(((Number) a).longValue(), ((Number) b).longValue()));
      return sorted.get((sorted.size() - 1) / 2);
    }
    boolean agree = values.stream().allMatch(value -> Objects.equals(String.valueOf(value),
        String.valueOf(values.getFirst())));
    return agree ? values.getFirst() : null;
  }

  private static double[] numbers(List<Json.Obj> runs, String name) {
    return runs.stream().map(run -> run.get(name)).filter(value -> value instanceof Number)
        .mapToDouble(value -> ((Number) value).doubleValue()).toArray();
  }

  /** The member names of {@code object}, in order ({@link Json.Obj} has no accessor: read from its text). */
  static List<String> names(Json.Obj object) {
    JsonObject parsed = jakarta.json.Json.createReader(new StringReader(object.toString())).readObject();
    return new ArrayList<>(parsed.keySet());
  }
}
