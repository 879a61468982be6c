package io.cairn.bench.workload;

import io.cairn.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The db_bench workloads of {@code ./cairn bench run}, with LevelDB's db_bench meaning. A run
 * executes them in the order given on one database per engine; the fill workloads start from an
 * empty database, as db_bench's do.
 */
public enum Workload implements RunStep {
  /** {@code num} writes in key order into an empty database. */
  FILLSEQ(true, true, false),
  /** {@code num} writes of uniformly random keys (with repeats) into an empty database. */
  FILLRANDOM(true, true, false),
  /** {@code num} writes of uniformly random keys into the database as it is. */
  OVERWRITE(true, false, true),
  /** {@code num} point reads of uniformly random keys; some are absent after fillrandom. */
  READRANDOM(false, false, true),
  /** A scan in key order from the first key: {@code num} entries or all there are. */
  READSEQ(false, false, true),
  /** {@code num} seeks to uniformly random keys, each reading the entry it lands on. */
  SEEKRANDOM(false, false, true);

  private final boolean writes;
  private final boolean freshDatabase;
  private final boolean needsData;

  Workload(boolean writes, boolean freshDatabase, boolean needsData) {
    this.writes = writes;
    this.freshDatabase = freshDatabase;
    this.needsData = needsData;
  }

  /** The name on the command line and in reports, e.g. {@code fillrandom}. */
  @Override
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the workload writes (reported under "write") rather than reads. */
  public boolean writes() {
    return writes;
  }

  /** Whether the workload starts from a new, empty database. */
  public boolean freshDatabase() {
    return freshDatabase;
  }

  /** Whether the workload is meaningless on an empty database. */
  public boolean needsData() {
    return needsData;
  }

  /**
   * The db_bench workloads named, in order (a name may repeat, as in db_bench).
   *
   * @throws InvalidArgumentException as {@link RunSteps#parse} does, and for a YCSB workload
   */
  public static List<Workload> parse(List<String> names) {
    List<Workload> workloads = new ArrayList<>();
    for (RunStep step : RunSteps.parse(names)) {
      if (!(step instanceof Workload workload)) {
        throw new InvalidArgumentException("not a db_bench workload: " + step.label());
      }
      workloads.add(workload);
    }
    return List.copyOf(workloads);
  }

  /** The workload labelled {@code label} (already stripped and lower-cased), if any. */
  static java.util.Optional<Workload> byLabel(String label) {
    return Arrays.stream(values()).filter(w -> w.label().equals(label)).findFirst();
  }
}
