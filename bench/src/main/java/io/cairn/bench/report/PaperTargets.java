package io.cairn.bench.report;

import io.cairn.node.api.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The targets of issue #8 for the paper's experiment, checked against one run's figures: with L0
 * on pmem, mean read latency at most 0.5× and mean write latency at most 0.7× the same engine with
 * L0 on SSD; {@code cairn-pmem} ahead of {@code leveldb-java} on every row; at least level with
 * {@code rocksdb} on reads; and of issue #14: {@code cairn-pmem} level with {@code rocksdb} on
 * writes too, {@code cairn-pmem-budget} (the pmem-sized L0) at most 0.35× / 0.5× {@code
 * cairn-ssd}'s mean read / write latency. Since session 9 {@code cairn-pmem} keeps values on pmem
 * (key-value separation with relocation GC, the pmem mode's default); {@code cairn-pmem-inline},
 * the paper's inline values, is reported without targets of its own. A target whose engines did not both run is not evaluated (and says
 * so); a missed target is printed as missed.
 */
public final class PaperTargets {
  /** One target on one value size: the measured ratio of means and the limit it must not exceed. */
  public record Check(String target, String phase, int valueBytes, double ratio, double limit) {
    /** Whether the target is met. */
    public boolean met() {
      return ratio <= limit;
    }

    /** The element of the JSON report's {@code targets} array. */
    public Json.Obj toJson() {
      return Json.object().put("target", target).put("phase", phase).put("value_size", valueBytes)
          .put("ratio", LatencySummary.round(ratio)).put("limit", limit).put("met", met());
    }
  }

  private record Target(String subject, String description, String other, String phase, double limit) {
    Target(String description, String other, String phase, double limit) {
      this(SUBJECT, description, other, phase, limit);
    }
  }

  private static final String SUBJECT = "cairn-pmem";
  private static final String BUDGET = "cairn-pmem-budget";
  private static final List<Target> TARGETS = List.of(
      new Target("read mean <= 0.5 x cairn-ssd", "cairn-ssd", "read", 0.5),
      new Target("write mean <= 0.7 x cairn-ssd", "cairn-ssd", "write", 0.7),
      new Target("ahead of leveldb-java (write)", "leveldb-java", "write", 1.0),
      new Target("ahead of leveldb-java (read)", "leveldb-java", "read", 1.0),
      new Target("reads at least level with rocksdb", "rocksdb", "read", 1.0),
      new Target("writes at least level with rocksdb", "rocksdb", "write", 1.0),
      new Target(BUDGET, BUDGET + " read mean <= 0.35 x cairn-ssd", "cairn-ssd", "read", 0.35),
      new Target(BUDGET, BUDGET + " write mean <= 0.5 x cairn-ssd", "cairn-ssd", "write", 0.5));

  private PaperTargets() {}

  /** Every target that both of its engines have figures for, per value size. */
  public static List<Check> evaluate(BenchResults results) {
    List<Check> checks = new ArrayList<>();
    List<Integer> sizes = results.runs().stream().filter(r -> r.workload().equals("paper"))
        .map(RunResult::valueBytes).distinct().sorted().toList();
    for (Target target : TARGETS) {
      for (int size : sizes) {
        Function<RunResult, LatencySummary> phase = target.phase().equals("read") ? RunResult::read : RunResult::write;
        Optional<LatencySummary> subject = results.row(target.subject(), "paper", size).map(phase);
        Optional<LatencySummary> other = results.row(target.other(), "paper", size).map(phase);
        if (subject.isPresent() && other.isPresent() && other.get().meanMicros() > 0) {
          checks.add(new Check(target.description(), target.phase(), size,
              subject.get().meanMicros() / other.get().meanMicros(), target.limit()));
        }
      }
    }
    return checks;
  }

  /** The targets as lines under the table; one line saying why when none can be evaluated. */
  public static void print(BenchResults results, PrintWriter out) {
    if (results.runs().stream().noneMatch(r -> r.workload().equals("paper"))) {
      return;
    }
    List<Check> checks = evaluate(results);
    if (checks.isEmpty()) {
      out.println("targets (issue #8): not evaluated: " + SUBJECT + " and the engine it is compared with"
          + " did not both produce figures");
      return;
    }
    out.println("targets (issues #8 and #14; ratio of mean latencies, " + SUBJECT + " (unless named) / other,"
        + " same run):");
    for (Check check : checks) {
      out.println(String.format(Locale.ROOT, "  %-8s %-48s %5.2f  limit %4.2f  %s",
          ResultRows.valueLabel(check.valueBytes()), check.target(), check.ratio(), check.limit(),
          check.met() ? "met" : "MISSED"));
    }
    out.flush();
  }
}
