package io.cairn.bench.workload;

import io.cairn.bench.workload.ycsb.YcsbWorkload;
import io.cairn.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the {@code --workload} list of {@code ./cairn bench run}: db_bench workloads and YCSB core
 * workloads, in any order, with one rule about data. A db_bench workload that needs data ({@code
 * readrandom}, {@code overwrite}, ...) must follow a db_bench fill with no YCSB workload in
 * between: YCSB workloads run on a database of their own (loaded when the first of a sequence of
 * them starts), whose keys a db_bench read would not find.
 */
public final class RunSteps {
  private RunSteps() {}

  /** Every workload label, comma-separated. */
  public static String labels() {
    return Stream.concat(Arrays.stream(Workload.values()).map(Workload::label),
        Arrays.stream(YcsbWorkload.values()).map(YcsbWorkload::label)).collect(Collectors.joining(","));
  }

  /**
   * The workloads named, in order (a name may repeat).
   *
   * @throws InvalidArgumentException for an unknown name, an empty list, or a db_bench workload
   *     that needs data placed before any db_bench fill (say {@code readrandom} alone)
   */
  public static List<RunStep> parse(List<String> names) {
    List<RunStep> steps = new ArrayList<>();
    for (String raw : names) {
      String name = raw.strip().toLowerCase(Locale.ROOT);
      RunStep step = Workload.byLabel(name).<RunStep>map(w -> w)
          .or(() -> YcsbWorkload.byLabel(name))
          .orElseThrow(() -> new InvalidArgumentException(
              "unknown workload '" + raw.strip() + "'; known workloads: " + labels()));
      steps.add(step);
    }
    if (steps.isEmpty()) {
      throw new InvalidArgumentException("no workload given; known workloads: " + labels());
    }
    boolean filled = false;
    for (RunStep step : steps) {
      if (step instanceof Workload workload) {
        if (workload.needsData() && !filled) {
          throw new InvalidArgumentException("workload " + workload.label()
              + " needs data: put fillseq or fillrandom before it (e.g. fillrandom," + workload.label() + ")");
        }
        filled |= workload.writes();
      } else {
        filled = false;
      }
    }
    return List.copyOf(steps);
  }
}
