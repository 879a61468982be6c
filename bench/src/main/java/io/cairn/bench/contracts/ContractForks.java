package io.cairn.bench.contracts;

import static io.cairn.bench.report.Median.median;

import io.cairn.bench.runner.ChildJvm;
import io.cairn.bench.runner.Directories;
import io.cairn.common.CairnIoException;
import io.cairn.node.api.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench contracts --forks N} (session 15): the whole sweep run in N fresh JVMs one after the
 * other, as JMH forks its benchmarks, and their figures merged. Each fork measures serial and the
 * parallel executors interleaved, round by round, as one JVM always did; a fork's speedup is the
 * median over its rounds of the configuration's rate over serial's in the same round (measured
 * back to back, milliseconds apart), and the merged speedup of a configuration ({@code
 * speedup_vs_serial}) is the median of the forks' speedups, with their range beside it. Each
 * fork's ratio of its two medians (a single JVM's {@code speedup_vs_serial}, which pairs no
 * rounds) is kept beside it ({@code speedup_ratio_of_medians}).
 *
 * <p>Why forks: one JVM's figure carries that JVM's compiled code and heap layout for its whole
 * life, and the idle runs of sessions 13-14 gave one tree 1.35x and 2.22x in two JVMs; a figure
 * from one JVM cannot say whether the target is met. The median of several JVMs, with their
 * range, can (see docs/contracts.md, "Session 15").
 *
 * <p>Each fork runs with a fixed, pre-touched heap ({@link ChildJvm}), the same options and
 * arguments as this command but its own {@code --json} in a temporary directory (and no {@code
 * --charts}: the merged runs are drawn here); its output is copied through, after a {@code fork
 * k/N} line.
 */
final class ContractForks {
  /** The numeric members of a run that are merged as their median over the forks. */
  private static final List<String> MEDIAN_MEMBERS = List.of("tx_per_s", "speedup_vs_serial", "cpu_us_per_tx",
      "cpu_vs_serial", "alloc_bytes_per_tx", "gc_us_per_tx", "gc_cpu_us_per_tx", "speedup_vs_serial_declared",
      "ceiling_share");

  private ContractForks() {}

  /** The merged report of the forks, and the runs for the charts. */
  record Merged(Json.Obj report, List<ContractRun> runs, List<double[]> forkSpeedups, int mismatches,
      int failedForks) {}

  /**
   * Runs {@code arguments} (this command's own arguments, after {@code bench contracts}) in {@code
   * forks} child JVMs with a heap of {@code heapBytes}, one after the other, and merges their JSON
   * reports; {@code out} and {@code err} get each fork's output.
   */
  static Merged run(int forks, long heapBytes, List<String> arguments, PrintWriter out, PrintWriter err) {
    Path directory;
    try {
      directory = Files.createTempDirectory("cairn-bench-contracts-forks");
    } catch (IOException e) {
      throw CairnIoException.wrap("create a temporary directory for the forks' reports", e);
    }
    try {
      List<String> forwarded = withoutFileOptions(arguments);
      List<JsonObject> reports = new ArrayList<>();
      int failed = 0;
      for (int fork = 0; fork < forks; fork++) {
        Path json = directory.resolve("fork-" + fork + ".json");
        List<String> command = new ArrayList<>(List.of("bench", "contracts"));
        command.addAll(forwarded);
        command.addAll(List.of("--json", json.toString()));
        out.printf("fork %d/%d: a fresh JVM, load average %s%n", fork + 1, forks, LoadAverage.read());
        out.flush();
        int status = ChildJvm.run(heapBytes, command, out, err);
        if (Files.exists(json)) {
          reports.add(read(json));
        }
        if (status != 0) {
          failed++;
        }
      }
      if (reports.isEmpty()) {
        throw new CairnIoException("no fork of bench contracts wrote its report");
      }
      return merge(reports, failed);
    } finally {
      Directories.deleteTree(directory);
    }
  }

  /** {@code arguments} without {@code --json}, {@code --charts} and {@code --forks} (and their values). */
  static List<String> withoutFileOptions(List<String> arguments) {
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
      if (name.equals("--json") || name.equals("--charts") || name.equals("--forks")) {
        if (!argument.contains("=")) {
          i++; // its value
        }
        continue;
      }
      kept.add(argument);
    }
    return kept;
  }

  private static JsonObject read(Path json) {
    try (Reader in = Files.newBufferedReader(json); JsonReader reader = jakarta.json.Json.createReader(in)) {
      return reader.readObject();
    } catch (IOException e) {
      throw CairnIoException.wrap("read the fork's report " + json, e);
    }
  }

  /**
   * The forks' reports merged: per configuration (executor, threads, conflict rate) the median over
   * the forks of each numeric figure, {@code speedup_vs_serial} included, the forks' speedups and
   * their range ({@code "forks"}, with each fork's per-round median and its repeats' speedups: the
   * spread between JVMs beside the spread inside one), and the per-round spread over every fork's rounds; the ceiling's
   * rows likewise; the phases of every fork, each marked with its fork.
   */
  static Merged merge(List<JsonObject> reports, int failedForks) {
    Map<String, List<JsonObject>> byConfiguration = new LinkedHashMap<>();
    Map<String, List<JsonObject>> ceilingByRow = new LinkedHashMap<>();
    Json.Arr phases = Json.array();
    int mismatches = 0;
    for (int fork = 0; fork < reports.size(); fork++) {
      JsonObject report = reports.get(fork);
      mismatches += report.getInt("mismatches", 0);
      for (JsonValue value : report.getJsonArray("runs")) {
        JsonObject run = value.asJsonObject();
        String key = run.getString("executor") + "/" + run.getInt("threads") + "/"
            + run.getJsonNumber("conflict_rate").doubleValue();
        byConfiguration.computeIfAbsent(key, k -> new ArrayList<>()).add(run);
      }
      for (JsonValue value : report.getJsonArray("ceiling")) {
        JsonObject row = value.asJsonObject();
        ceilingByRow.computeIfAbsent(row.getString("kernel") + "/" + row.getInt("threads"), k -> new ArrayList<>())
            .add(row);
      }
      for (JsonValue value : report.getJsonArray("phases")) {
        Json.Obj row = (Json.Obj) convert(value);
        phases.add(row.put("fork", fork + 1));
      }
    }
    Json.Arr runsJson = Json.array();
    List<ContractRun> runs = new ArrayList<>();
    List<double[]> forkSpeedups = new ArrayList<>();
    for (List<JsonObject> forks : byConfiguration.values()) {
      JsonObject first = forks.getFirst();
      Json.Obj merged = Json.object().put("executor", first.getString("executor"))
          .put("threads", first.getInt("threads"))
          .put("conflict_rate", first.getJsonNumber("conflict_rate").doubleValue());
      double[] speedups = numbers(forks, "speedup_vs_serial");
      double[] pairedMedians = forks.stream().mapToDouble(run -> spread(run).getJsonNumber("median").doubleValue())
          .toArray();
      Map<String, Double> medians = new LinkedHashMap<>();
      for (String member : MEDIAN_MEMBERS) {
        // The speedup: the median over the forks of each fork's per-round ratio, serial and the
        // configuration measured back to back in each round (not each fork's ratio of medians).
        double median = member.equals("speedup_vs_serial") ? medianOrNaN(pairedMedians)
            : medianOrNaN(numbers(forks, member));
        medians.put(member, median);
        merged.put(member, member.equals("tx_per_s") || member.equals("alloc_bytes_per_tx") ? Math.round(median)
            : Json.round(median, 3));
      }
      int gcBlocks = forks.stream().mapToInt(run -> run.getInt("gc_blocks", 0)).sum();
      merged.put("gc_blocks", gcBlocks);
      merged.put("speedup_ratio_of_medians", Json.round(medianOrNaN(speedups), 3));
      List<Double> rounds = new ArrayList<>();
      List<Double> repeats = new ArrayList<>();
      Json.Arr repeatsByFork = Json.array();
      for (JsonObject run : forks) {
        JsonObject spread = spread(run);
        JsonArray perRound = spread.getJsonArray("rounds");
        if (perRound != null) {
          perRound.getValuesAs(JsonNumber.class).forEach(number -> rounds.add(number.doubleValue()));
        }
        Json.Arr forkRepeats = Json.array();
        spread.getJsonArray("repeats").getValuesAs(JsonNumber.class).forEach(n -> {
          repeats.add(n.doubleValue());
          forkRepeats.add(n.doubleValue());
        });
        repeatsByFork.add(forkRepeats);
      }
      double[] paired = rounds.stream().mapToDouble(Double::doubleValue).toArray();
      if (paired.length == 0) {
        paired = pairedMedians;
      }
      ContractRun.Spread spread = new ContractRun.Spread(ContractsBench.quantile(paired, 0.1),
          ContractsBench.quantile(paired, 0.5), ContractsBench.quantile(paired, 0.9),
          repeats.stream().mapToDouble(Double::doubleValue).toArray(), new double[0]);
      merged.put("speedup_spread", spread.toJson());
      merged.put("forks", forksJson(pairedMedians, speedups).put("repeats_by_fork", repeatsByFork));
      forkSpeedups.add(pairedMedians);
      runsJson.add(merged);
      runs.add(new ContractRun(first.getString("executor"), first.getInt("threads"),
          first.getJsonNumber("conflict_rate").doubleValue(), medians.get("tx_per_s"),
          medians.get("speedup_vs_serial"), medians.get("cpu_us_per_tx"), medians.get("cpu_vs_serial"),
          medians.get("alloc_bytes_per_tx"), medians.get("gc_us_per_tx"), medians.get("gc_cpu_us_per_tx"), gcBlocks,
          spread, medians.get("speedup_vs_serial_declared"), medians.get("ceiling_share")));
    }
    Json.Arr ceiling = Json.array();
    for (List<JsonObject> forks : ceilingByRow.values()) {
      Json.Obj merged = Json.object();
      for (Map.Entry<String, JsonValue> member : forks.getFirst().entrySet()) {
        if (member.getValue() instanceof JsonNumber && !member.getKey().equals("threads")) {
          double median = medianOrNaN(numbers(forks, member.getKey()));
          merged.put(member.getKey(), Json.round(median, 3));
        } else {
          merged.put(member.getKey(), convert(member.getValue()));
        }
      }
      Json.Arr perFork = Json.array();
      forks.forEach(row -> perFork.add(row.getJsonNumber("speedup_vs_1_thread").doubleValue()));
      ceiling.add(merged.put("speedup_vs_1_thread_forks", perFork));
    }
    JsonObject last = reports.getLast();
    Json.Obj report = Json.object();
    for (Map.Entry<String, JsonValue> member : last.entrySet()) {
      switch (member.getKey()) {
        case "runs" -> report.put("runs", runsJson);
        case "ceiling" -> report.put("ceiling", ceiling);
        case "phases" -> report.put("phases", phases);
        case "mismatches" -> report.put("mismatches", mismatches);
        default -> report.put(member.getKey(), convert(member.getValue()));
      }
    }
    report.put("forks", reports.size()).put("failed_forks", failedForks);
    return new Merged(report, runs, forkSpeedups, mismatches, failedForks);
  }

  /**
   * Each fork's speedup (its per-round median) in the order they ran, their median and range, and
   * each fork's ratio of medians (session 14's {@code speedup_vs_serial} of one JVM).
   */
  private static Json.Obj forksJson(double[] pairedMedians, double[] ratiosOfMedians) {
    Json.Arr each = Json.array();
    Json.Arr ratios = Json.array();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < pairedMedians.length; i++) {
      each.add(Json.round(pairedMedians[i], 3));
      ratios.add(Json.round(ratiosOfMedians[i], 3));
      min = Math.min(min, pairedMedians[i]);
      max = Math.max(max, pairedMedians[i]);
    }
    return Json.object().put("speedup", each).put("median", Json.round(medianOrNaN(pairedMedians), 3))
        .put("min", Json.round(min, 3)).put("max", Json.round(max, 3)).put("ratio_of_medians", ratios);
  }

  private static double medianOrNaN(double[] values) {
    return median(values);
  }

  private static JsonObject spread(JsonObject run) {
    return run.getJsonObject("speedup_spread");
  }

  private static double[] numbers(List<JsonObject> rows, String member) {
    return rows.stream().mapToDouble(row -> {
      JsonValue value = row.get(member);
      return value instanceof JsonNumber number ? number.doubleValue() : Double.NaN;
    }).filter(Double::isFinite).toArray();
  }

  /** A parsed JSON value as the report builder's value. */
  private static Object convert(JsonValue value) {
    return switch (value.getValueType()) {
      case NULL -> null;
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case STRING -> ((JsonString) value).getString();
      case NUMBER -> ((JsonNumber) value).isIntegral() ? (Object) ((JsonNumber) value).longValue()
          : (Object) ((JsonNumber) value).doubleValue();
      case ARRAY -> {
        Json.Arr array = Json.array();
        value.asJsonArray().forEach(element -> array.add(convert(element)));
        yield array;
      }
      case OBJECT -> {
        Json.Obj object = Json.object();
        value.asJsonObject().forEach((name, member) -> object.put(name, convert(member)));
        yield object;
      }
    };
  }
}
