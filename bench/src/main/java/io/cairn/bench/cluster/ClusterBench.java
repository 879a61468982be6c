package io.cairn.bench.cluster;

import io.cairn.bench.runner.Directories;
import io.cairn.kraft.api.Mode;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import io.cairn.node.client.NodeClient;
import io.cairn.node.cluster.AotTrainer;
import io.cairn.node.process.AotCache;
import io.cairn.node.process.NodeLauncher;
import jakarta.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cairn bench cluster}: committed records per second and commit latency of local clusters,
 * side by side with Apache Ratis. For each system, cluster size and (for Cairn) consensus mode it
 * starts a cluster on loopback, warms it up, then runs the same closed-loop load ({@link LoadRun}:
 * {@code --clients} concurrent clients, each sending requests of {@code --batch} records of
 * {@code --record-bytes} and waiting for each commit). Cairn is measured through its client API
 * ({@code POST /records} for one record, {@code POST /records/batch} for more), against the
 * leader, timed from send to receipt (committed and applied on the leader); Ratis through its
 * async client, one log entry per request. See {@code docs/bench.md}.
 *
 * <p>{@code leader_bytes_per_entry}: frame bytes the Cairn leader's transport wrote to its peers
 * during the measured seconds, divided by the log entries committed in them (from the leader's
 * {@code GET /status}); for Ratis's server processes ({@code --ratis-jvm process}, session 19) the
 * leader process's TCP bytes to the followers' ports ({@link SocketBytes}) over its entries (one per
 * request); null for Ratis in one JVM.
 *
 * <p>Ratis's servers run, by {@code --ratis-jvm}: each in a JVM of its own ({@code process}, the
 * default since session 19: a node process's JVM options and an AOT cache trained for them, the
 * clients in this JVM, as Cairn's), all in this JVM ({@code shared}), or all with their clients in
 * one new JVM per run ({@code fresh}); docs/bench.md, "Every Ratis server a process (session 19)".
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Committed records/s and commit latency of local clusters: Cairn (raft, kraft) and Apache Ratis.",
    footer = {"", "--json writes {\"runs\": [{\"system\", \"mode\", \"nodes\", \"placement\", \"clients\","
        + " \"batch\", \"record_bytes\", \"seconds\", \"committed_per_s\", \"requests_per_s\", \"failed\","
        + " \"commit_ms_p50\", \"commit_ms_p99\", \"commit_ms_p999\", \"leader_bytes_per_entry\", \"leader_bytes_per_record\","
        + " \"leader_alloc_bytes_per_record\","
        + " \"cpu_us_per_record\", \"cpu_us_per_record_client\", \"cpu_us_per_record_leader\","
        + " \"cpu_us_per_record_follower\", \"cpu_us_per_record_leader_threads\", \"cpu_us_per_record_follower_threads\","
        + " \"cpu_us_per_record_jit\", \"bytes_per_record_leader_databases\", \"bytes_per_record_follower_databases\","
        + " \"vs_ratis\", \"vs_ratis_ledger\", \"state_machine\", \"encoding\", \"load_before\", \"load_after\","
        + " \"machine_cpu_s\", \"measured_cpu_s\", \"other_cpu_s\", \"other_cores\", \"steal_s\", \"data_fs\", \"ratis_jvm\", \"ratis_aot\"}]}",
        "(--repeats N > 1: each row's numbers are the medians of its N runs, with \"repeats\","
            + " \"committed_per_s_min\", \"committed_per_s_max\" and for Cairn \"vs_ratis_pairs\", \"vs_ratis_min\","
            + " \"vs_ratis_max\" (vs_ratis: the median of the pairs' ratios); top-level \"repeats\" and \"repeat_runs\":"
            + " every run, with \"repeat\", \"sequence\" and its pair's vs_ratis.)",
        "(Ratis rows: mode null, leader bytes null, state_machine count or ledger, vs_ratis against the count row;"
            + " ratis_jvm: process (each server a JVM of its own, the clients in this JVM; the default), process-no-aot,"
            + " shared (Ratis in this JVM), fresh or fresh-no-aot; ratis_aot: the Ratis JVMs' AOT cache, used, off, failed, ...;"
            + " placement: process or jvm; encoding: Cairn's request body, binary, json or raw for --batch 1;"
            + " cpu_us_per_record_*: the bench JVM, the leader's process, the mean follower's, null unless the"
            + " members (Cairn's nodes, Ratis's servers) are processes; *_threads: {driver, apply, anchors, http, netty,"
            + " flush, compaction, jit, gc, other}, for Ratis's server processes {jit, gc, other}"
            + " of the leader's process and of the mean follower's, from /proc; cpu_us_per_record_jit: the JIT"
            + " compiler threads of every node process; bytes_per_record_*_databases: {log, ledger, records: {user_written,"
            + " flush_written, compaction_read, compaction_written}} per committed record in the measured seconds,"
            + " of the leader's and the mean follower's engine databases, from GET /metrics)."})
public final class ClusterBench implements Callable<Integer> {
  @Option(names = "--nodes", split = ",", defaultValue = "3,5", description = "Cluster sizes (default ${DEFAULT-VALUE}).")
  List<Integer> nodes;

  @Option(names = "--mode", split = ",", defaultValue = "raft,kraft", description = "Cairn's modes (default ${DEFAULT-VALUE}).")
  List<String> modes;

  @Option(names = "--systems", split = ",", defaultValue = "cairn,ratis",
      description = "Systems to measure: cairn, ratis (default ${DEFAULT-VALUE}).")
  List<String> systems;

  @Option(names = "--ratis-machine", split = ",", defaultValue = "count",
      description = "Ratis's state machines, one row each: count (the issue's row: counts the entries, replication alone),"
          + " ledger (applies every entry to a Cairn ledger on each server) (default ${DEFAULT-VALUE}).")
  List<String> ratisMachines;

  @Option(names = "--in-process", description = "Run Cairn's members in this JVM (each behind its own HTTP API),"
      + " as Ratis runs, instead of as node processes.")
  boolean inProcess;

  @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per run (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--warmup-seconds", defaultValue = "5", description = "Unmeasured seconds first (default ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(names = "--clients", defaultValue = "32", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--batch", defaultValue = "100", description = "Records per request (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--encoding", split = ",", defaultValue = "binary",
      description = "Body of Cairn's batch requests, one row each: binary (application/vnd.cairn.anchor-batch, receipts"
          + " in binary), json (base64 records, JSON receipts) (default ${DEFAULT-VALUE}).")
  List<String> encodings;

  @Option(names = "--record-bytes", defaultValue = "256", description = "Bytes per record (default ${DEFAULT-VALUE}).")
  int recordBytes;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the clusters go (default: a temporary folder,"
      + " deleted afterwards).")
  Path directory;

  @Option(names = "--trace", paramLabel = "DIR", description = "Write each Cairn run's stage trace (where the median"
      + " and the slowest 1 %% of the leader's anchor rounds spent their time, every 10 s, with the engines' stalls and"
      + " flushes) and its node processes' GC logs under DIR/<run>/.")
  Path trace;

  @Option(names = "--aot-train", description = "Train the node processes' AOT cache on this run (one Cairn row of node"
      + " processes): the nodes record their classes and method profiles, the leader's become the cache in the"
      + " AOT folder (./cairn: bench/target/aot), used by every node started afterwards (docs/node.md).")
  boolean aotTrain;

  // --- session 18 (pmemnode): where Cairn's node processes put their pmem L0 and WAL ---------------

  @Option(names = "--pmem-dir", paramLabel = "DIR|none", defaultValue = "none",
      description = "Where Cairn's nodes put their pmem L0 and WAL: each run gets a folder of its own in DIR"
          + " (node-<id> per member, pmem.dir of its config), removed after the run; a DAX mount for real pmem, a"
          + " folder under /dev/shm for emulated pmem (RAM). DIR must exist, be writable and lie outside --dir."
          + " none (default): no pmem, every database on disk (docs/replication.md, \"A node on pmem (session 18)\").")
  String pmemDir;

  /** Prefix of a run's pmem folder inside {@code --pmem-dir}, followed by this JVM's pid and the run's name. */
  static final String PMEM_RUN_PREFIX = "cairn-bench-cluster-";

  /** The {@code --pmem-dir} root, or null for {@code none}. */
  private Path pmemRoot() {
    if (pmemDir == null || pmemDir.equals("none")) {
      return null;
    }
    Path root = Path.of(pmemDir);
    try {
      io.cairn.node.cluster.LocalCluster.checkPmemRoot(root, directory);
    } catch (io.cairn.common.InvalidArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--pmem-dir: " + e.getMessage());
    }
    return root.toAbsolutePath().normalize();
  }

  /** The pmem folder of the run in {@code folder} under {@code root} (null: none). */
  static Path pmemFolder(Path root, Path folder) {
    return root == null ? null
        : root.resolve(PMEM_RUN_PREFIX + ProcessHandle.current().pid() + "-" + folder.getFileName());
  }

  /** Bytes of the files under {@code folder} (their sizes; 0 when it is null or missing). */
  static long fileBytes(Path folder) {
    if (folder == null || !Files.isDirectory(folder)) {
      return 0;
    }
    try (java.util.stream.Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> {
        try {
          return Files.size(file);
        } catch (java.io.IOException e) {
          return 0; // deleted meanwhile (a retired WAL extent, a compacted table)
        }
      }).sum();
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  // ---------------------------------------------------------------------------------------------------

  // How the runs are repeated and ordered, and where Ratis's log goes (session 18, docs/bench.md).
  @Option(names = "--repeats", defaultValue = "1", description = "Runs of each row, alternated A B B A between"
      + " the systems at each size; the row then holds the medians and --json's repeat_runs every run (default"
      + " ${DEFAULT-VALUE}: one run each, in today's order).")
  int repeats;

  @Option(names = "--ratis-dir", paramLabel = "DIR", description = "Where Ratis's servers keep their logs: a new"
      + " folder under DIR, deleted afterwards (default: beside Cairn's nodes, in --dir or the temporary folder).")
  Path ratisDirectory;

  @Option(names = "--ratis-jvm", defaultValue = "process", description = "Where Ratis's servers and clients run: shared"
      + " (this JVM, whose JIT keeps what earlier runs compiled) or fresh (a new JVM for each Ratis run, as each Cairn"
      + " run starts new node processes, from an AOT cache trained as the nodes' is: ratis-KEY.aot in the AOT folder,"
      + " trained on first use) or fresh-no-aot (a new JVM without that cache) or process (each server in a new JVM"
      + " of its own with a node process's JVM options and an AOT cache of its own, ratisserver-KEY.aot, the clients"
      + " in this JVM: as Cairn's nodes and clients run; the default since session 19) or process-no-aot (the same"
      + " without that cache)"
      + " (default ${DEFAULT-VALUE}).")
  String ratisJvm;

  // --- session 19 (ratisproc): --ratis-jvm process, every Ratis server a process of its own ---------

  /** The values of {@code --ratis-jvm}. */
  static final List<String> RATIS_JVMS = List.of("shared", "fresh", "fresh-no-aot", "process", "process-no-aot");

  /** How long a process cluster's servers may take to be ready (JVM start, 1 GiB heap touched, the server's start). */
  static final Duration RATIS_PROCESS_START = Duration.ofSeconds(180);

  /**
   * {@code --ratis-jvm process}: the run of {@link #runRatis} with each server in its own JVM
   * ({@link RatisProcesses}: {@link NodeLauncher#jvmOptions}, the member's young floor, the {@link
   * RatisJvm.Kind#PROCESS} cache unless {@code process-no-aot}) and the clients in this JVM, where
   * Cairn's clients are. CPU per record: this JVM plus every server process, split as Cairn's rows
   * (client, leader, mean follower; by thread group the JVM's own groups, jit and gc, and the rest).
   */
  private Json.Obj runRatisProcesses(Path folder, int size, RatisCluster.Machine machine) throws Exception {
    List<String> options = NodeLauncher.jvmOptions();
    String javaBinary = NodeLauncher.javaBinary();
    String classPath = NodeLauncher.classPath();
    AotCache.Choice aot = ratisJvm.equals("process") && NodeLauncher.aotDir() != null
        ? RatisJvm.ensure(RatisJvm.Kind.PROCESS, new PrintWriter(spec.commandLine().getErr(), true),
            NodeLauncher.aotDir(), javaBinary, options, classPath)
        : new AotCache.Choice(AotCache.State.OFF, List.of(), null, null);
    RatisProcesses.Launch launch = new RatisProcesses.Launch(javaBinary, options, aot.options(), classPath,
        RATIS_PROCESS_START);
    try (RatisCluster cluster = RatisCluster.startProcesses(folder, size, machine, recordBytes, launch)) {
      RatisProcesses processes = cluster.processes();
      LoadRun load = new LoadRun(clients, batch, recordBytes);
      load.run(cluster::send, Duration.ofSeconds(warmupSeconds), 1);
      MachineLoad.Snapshot machineBefore = MachineLoad.now();
      CairnCluster.Cpu cpuBefore = processes.cpu();
      CairnCluster.Threads threadsBefore = processes.threads();
      java.util.Map<String, Long> sentBefore = SocketBytes.read(processes.leaderPid(), processes.followerPorts());
      LoadRun.Result result = load.run(cluster::send, Duration.ofSeconds(seconds), 2);
      CairnCluster.Cpu cpu = processes.cpu().minus(cpuBefore);
      java.util.Map<String, Long> sentAfter = SocketBytes.read(processes.leaderPid(), processes.followerPorts());
      MachineLoad.Snapshot machineAfter = MachineLoad.now();
      CairnCluster.Threads threads = processes.threads().minus(threadsBefore);
      // the leader process's TCP bytes to the followers' ports (ss), over its entries: one per request
      Long sent = sentBefore == null || sentAfter == null ? null : SocketBytes.minus(sentAfter, sentBefore);
      Json.Obj run = row("ratis", null, size, "process", result, cpu.total())
          .put("leader_bytes_per_entry", sent == null || result.requests() == 0 ? null
              : Json.round((double) sent / result.requests(), 1))
          .put("leader_bytes_per_record", sent == null || result.records() == 0 ? null
              : Json.round((double) sent / result.records(), 1))
          .put("leader_alloc_bytes_per_record", null);
      putCpuByProcess(run, cpu, result.records(), false);
      putCpuByThread(run, new CairnCluster.Threads(NodeThreads.jvmGroups(threads.leader()),
          NodeThreads.jvmGroups(threads.followers())), size - 1, result.records(), false);
      run.put("state_machine", machine.name().toLowerCase(Locale.ROOT)).put("encoding", null);
      MachineLoad.put(run, machineBefore, machineAfter, cpu.total(), seconds);
      return run.put("data_fs", MachineLoad.fileSystem(folder)).put("ratis_jvm", ratisJvm)
          .put("ratis_aot", aot.state().name().toLowerCase(Locale.ROOT));
    }
  }

  // ---------------------------------------------------------------------------------------------------

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<Mode> parsed = validate();
    ratisMachines();
    Path pmem = pmemRoot();
    PrintWriter out = spec.commandLine().getOut();
    Path root = directory != null ? directory : Files.createTempDirectory("cairn-bench-cluster");
    Path ratisRoot = ratisDirectory == null ? root
        : Files.createTempDirectory(Files.createDirectories(ratisDirectory), "cairn-bench-ratis");
    List<Json.Obj> rows = new ArrayList<>();
    out.printf("bench cluster: %d clients, %d records of %d bytes per request, %d s per run (after %d s warm-up)%s%n",
        clients, batch, recordBytes, seconds, warmupSeconds,
        repeats == 1 ? "" : ", " + repeats + " repeats alternated A B B A");
    if (pmem != null && systems.contains("cairn")) {
      out.printf("Cairn's nodes: pmem L0 and WAL in %s (a folder per run, removed after it)%n", pmem);
    }
    out.printf("%-7s %-6s %5s %-8s %14s %10s %10s %10s %10s %10s %8s%n", "system", "mode", "nodes", "where", "records/s",
        "p50 ms", "p99 ms", "p99.9 ms", "B/entry", "cpu us/rec", "failed");
    if (systems.contains("cairn") && !inProcess && !aotTrain) {
      // the cache is the default (session 14): trained first when a size measured here uses it
      AotTrainer.ensure(new PrintWriter(spec.commandLine().getErr(), true), nodes.stream().mapToInt(n -> n).min().orElse(1));
    }
    try {
      int sequence = 0;
      for (int size : nodes) {
        for (RepeatOrder.Slot<Configuration> slot : RepeatOrder.of(configurations(parsed), repeats)) {
          Configuration configuration = slot.configuration();
          String name = configuration.folderName(size) + (repeats == 1 ? "" : "-r" + (slot.repeat() + 1));
          Json.Obj run = configuration.cairn()
              ? runCairn(root.resolve(name), configuration.mode(), size, configuration.encoding(), pmem)
              : runRatis(ratisRoot.resolve(name), size, configuration.machine());
          if (repeats > 1) {
            run.put("repeat", slot.repeat() + 1).put("sequence", ++sequence);
          }
          rows.add(report(out, run));
          if (directory == null || ratisDirectory != null && !configuration.cairn()) {
            Directories.deleteTree(configuration.cairn() ? root.resolve(name) : ratisRoot.resolve(name));
          }
        }
      }
    } finally {
      if (directory == null) {
        Directories.deleteTree(root);
      }
      if (ratisDirectory != null) {
        Directories.deleteTree(ratisRoot);
      }
    }
    json.write(report(out, rows, repeats));
    return ExitCodes.OK;
  }

  /**
   * The {@code --json} report of the runs in the order they ran: with one repeat {@code {"runs":
   * [...]}} as before session 18, each Cairn row compared with Ratis's row of its size; with more,
   * {@code runs} holds one row of medians per configuration ({@link Repeats#medians}), {@code
   * repeat_runs} every run with its pair's ratio, and {@code repeats} their number. Prints the
   * ratios (for repeats: the median of the pairs and their range).
   */
  static Json.Obj report(PrintWriter out, List<Json.Obj> runs, int repeats) {
    Json.Arr rows = Json.array();
    if (repeats == 1) {
      compareWithRatis(out, runs);
      runs.forEach(rows::add);
      return Json.object().put("runs", rows);
    }
    Repeats.pairWithRatis(runs);
    Json.Arr each = Json.array();
    runs.forEach(each::add);
    List<Json.Obj> medians = Repeats.medians(runs);
    out.printf("medians of %d repeats:%n", repeats);
    for (Json.Obj row : medians) {
      rows.add(row);
      out.printf(Locale.ROOT, "%-7s %-6s %5d %-8s %,14.0f (%,.0f-%,.0f) p50 %.2f p99 %.2f ms, cpu us/rec %s,"
          + " other cores %s%n", row.get("system"), modeColumn(row), (Integer) row.get("nodes"), row.get("placement"),
          (Double) row.get("committed_per_s"), (Double) row.get("committed_per_s_min"),
          (Double) row.get("committed_per_s_max"), (Double) row.get("commit_ms_p50"), (Double) row.get("commit_ms_p99"),
          row.get("cpu_us_per_record"), row.get("other_cores"));
    }
    for (Json.Obj row : medians) {
      if ("cairn".equals(row.get("system")) && row.get("vs_ratis") != null) {
        out.printf(Locale.ROOT, "cairn %s at %d nodes: median of %d pairs %.2fx Ratis's records/s (counting machine),"
            + " range %.2f-%.2f, pairs %s%n", modeColumn(row), (Integer) row.get("nodes"), repeats,
            (Double) row.get("vs_ratis"), (Double) row.get("vs_ratis_min"), (Double) row.get("vs_ratis_max"),
            row.get("vs_ratis_pairs").toString().replaceAll("\\s+", "").replace(",", " / "));
      }
      if ("cairn".equals(row.get("system")) && row.get("vs_ratis_ledger") != null) {
        out.printf(Locale.ROOT, "cairn %s at %d nodes: median of %d pairs %.2fx Ratis's records/s (applying the"
            + " ledger)%n", modeColumn(row), (Integer) row.get("nodes"), repeats, (Double) row.get("vs_ratis_ledger"));
      }
    }
    out.flush();
    return Json.object().put("runs", rows).put("repeats", repeats).put("repeat_runs", each);
  }

  /** One configuration measured at each size: a Cairn mode and encoding, or a Ratis state machine. */
  record Configuration(Mode mode, String encoding, RatisCluster.Machine machine) {
    boolean cairn() {
      return mode != null;
    }

    /** The run's folder name, as before session 18 ({@code cairn-kraft-binary-3}, {@code ratis-count-3}). */
    String folderName(int size) {
      return cairn() ? "cairn-" + mode.name().toLowerCase(Locale.ROOT) + "-" + encoding + "-" + size
          : "ratis-" + machine.name().toLowerCase(Locale.ROOT) + "-" + size;
    }
  }

  /** The configurations of one size in today's order: Cairn's modes and encodings, then Ratis's machines. */
  private List<Configuration> configurations(List<Mode> parsed) {
    List<Configuration> configurations = new ArrayList<>();
    if (systems.contains("cairn")) {
      for (Mode mode : parsed) {
        for (String encoding : batch == 1 ? List.of("raw") : encodings) {
          configurations.add(new Configuration(mode, encoding, null));
        }
      }
    }
    if (systems.contains("ratis")) {
      for (RatisCluster.Machine machine : ratisMachines()) {
        configurations.add(new Configuration(null, null, machine));
      }
    }
    return configurations;
  }

  /**
   * Gives each Cairn row {@code vs_ratis}, its committed records/s over Ratis's (counting machine)
   * at the same size in this run, and {@code vs_ratis_ledger}, over Ratis applying the Cairn
   * ledger (null when that row was not measured), and prints the comparisons.
   */
  static void compareWithRatis(PrintWriter out, List<Json.Obj> rows) {
    for (Json.Obj row : rows) {
      if (!"cairn".equals(row.get("system"))) {
        continue;
      }
      for (String machine : List.of("count", "ledger")) {
        Double ratis = rows.stream().filter(other -> "ratis".equals(other.get("system"))
            && machine.equals(other.get("state_machine")) && other.get("nodes").equals(row.get("nodes")))
            .map(other -> (Double) other.get("committed_per_s")).findFirst().orElse(null);
        Double ratio = ratis == null || ratis == 0 ? null : Json.round((Double) row.get("committed_per_s") / ratis, 3);
        row.put(machine.equals("count") ? "vs_ratis" : "vs_ratis_ledger", ratio);
        if (ratio != null) {
          out.printf(Locale.ROOT, "cairn %s at %d nodes: %.2fx Ratis's records/s (%s)%n", row.get("mode"),
              (Integer) row.get("nodes"), ratio, machine.equals("count") ? "counting machine" : "applying the ledger");
        }
      }
    }
    out.flush();
  }

  private static String modeColumn(Json.Obj run) {
    if (run.get("mode") != null) {
      return "json".equals(run.get("encoding")) ? run.get("mode") + "-json" : (String) run.get("mode");
    }
    return "ledger".equals(run.get("state_machine")) ? "ledger" : "-";
  }

  /**
   * Heap bytes the leader's process allocated in the measured seconds per record committed in them
   * ({@code allocated_bytes} of its {@code GET /status}, session 14); null when a node does not
   * report it (an older node) or no record committed.
   */
  static Double allocatedPerRecord(JsonObject before, JsonObject after, long records) {
    if (records == 0 || !before.containsKey("allocated_bytes") || !after.containsKey("allocated_bytes")) {
      return null;
    }
    long from = before.getJsonNumber("allocated_bytes").longValue();
    long to = after.getJsonNumber("allocated_bytes").longValue();
    return from < 0 || to < from ? null : Json.round((double) (to - from) / records, 1);
  }

  private static Json.Obj report(PrintWriter out, Json.Obj run) {
    Object bytes = run.get("leader_bytes_per_entry");
    Object cpu = run.get("cpu_us_per_record");
    out.printf("%-7s %-6s %5d %-8s %,14.0f %10.2f %10.2f %10.2f %10s %10s %8d%n", run.get("system"),
        modeColumn(run), (Integer) run.get("nodes"), run.get("placement"),
        (Double) run.get("committed_per_s"), (Double) run.get("commit_ms_p50"), (Double) run.get("commit_ms_p99"),
        (Double) run.get("commit_ms_p999"),
        bytes == null ? "-" : String.format(Locale.ROOT, "%,.0f", (Double) bytes),
        cpu == null ? "-" : String.format(Locale.ROOT, "%,.1f", (Double) cpu), ((Number) run.get("failed")).longValue());
    if (run.get("cpu_us_per_record_leader") != null) {
      out.printf(Locale.ROOT, "%30s cpu us/rec by process: clients %.1f, leader %.1f, follower %.1f%n", "",
          (Double) run.get("cpu_us_per_record_client"), (Double) run.get("cpu_us_per_record_leader"),
          (Double) run.get("cpu_us_per_record_follower"));
      if (run.get("leader_alloc_bytes_per_record") != null) {
        out.printf(Locale.ROOT, "%30s leader allocated %,.0f bytes per record%n", "", (Double) run.get("leader_alloc_bytes_per_record"));
      }
      printThreads(out, "leader", run.get("cpu_us_per_record_leader_threads"));
      printThreads(out, "follower", run.get("cpu_us_per_record_follower_threads"));
      printDatabases(out, "leader", run.get("bytes_per_record_leader_databases"));
      printDatabases(out, "follower", run.get("bytes_per_record_follower_databases"));
    }
    printMachine(out, run);
    out.flush();
    return run;
  }

  /** One line of what else the machine did in the run's window ({@link MachineLoad}), when known. */
  private static void printMachine(PrintWriter out, Json.Obj run) {
    if (run.get("other_cores") == null) {
      return;
    }
    out.printf(Locale.ROOT, "%30s %sload %s -> %s, other processes %.2f cores (%.1f of %.1f cpu s), steal %s s,"
        + " data on %s%n", "", run.get("repeat") == null ? "" : "repeat " + run.get("repeat") + ": ",
        run.get("load_before"), run.get("load_after"), (Double) run.get("other_cores"), (Double) run.get("other_cpu_s"),
        (Double) run.get("machine_cpu_s"), run.get("steal_s"), run.get("data_fs"));
  }

  /** One line of a member's engine bytes per record by database (user, flushed, compaction read / written). */
  private static void printDatabases(PrintWriter out, String who, Object databases) {
    if (!(databases instanceof Json.Obj byName)) {
      return;
    }
    StringBuilder line = new StringBuilder();
    for (String name : java.util.List.of("log", "ledger", "records")) {
      if (byName.get(name) instanceof Json.Obj one) {
        line.append(line.isEmpty() ? "" : "; ").append(name).append(String.format(Locale.ROOT,
            " %.0f in, %.0f flushed, %.0f / %.0f compacted", (Double) one.get("user_written"),
            (Double) one.get("flush_written"), (Double) one.get("compaction_read"), (Double) one.get("compaction_written")));
      }
    }
    out.printf(Locale.ROOT, "%30s %s bytes/rec by database (in, flushed, compaction read / written): %s%n", "", who, line);
  }

  /** One line of a process's CPU per record by thread group, when the row has it. */
  private static void printThreads(PrintWriter out, String who, Object threads) {
    if (!(threads instanceof Json.Obj groups)) {
      return;
    }
    StringBuilder line = new StringBuilder();
    for (String group : NodeThreads.GROUPS) {
      Object value = groups.get(group);
      if (value != null) {
        line.append(line.isEmpty() ? "" : ", ").append(group).append(' ')
            .append(String.format(Locale.ROOT, "%.1f", (Double) value));
      }
    }
    out.printf(Locale.ROOT, "%30s %s by thread: %s%n", "", who, line);
  }

  private List<Mode> validate() {
    List<Mode> parsed = new ArrayList<>();
    for (String mode : modes) {
      try {
        parsed.add(Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--mode takes raft and kraft, was '" + mode + "'");
      }
    }
    for (String system : systems) {
      if (!system.equals("cairn") && !system.equals("ratis")) {
        throw new ParameterException(spec.commandLine(), "--systems takes cairn and ratis, was '" + system + "'");
      }
    }
    for (int size : nodes) {
      if (size < 1 || size > 9) {
        throw new ParameterException(spec.commandLine(), "--nodes takes sizes in 1..9, was " + size);
      }
    }
    for (String encoding : encodings) {
      if (!encoding.equals("binary") && !encoding.equals("json")) {
        throw new ParameterException(spec.commandLine(), "--encoding takes binary and json, was '" + encoding + "'");
      }
    }
    if (aotTrain && (inProcess || nodes.size() != 1 || parsed.size() != 1 || !systems.equals(List.of("cairn"))
        || (batch != 1 && encodings.size() != 1))) {
      throw new ParameterException(spec.commandLine(),
          "--aot-train takes one Cairn row of node processes: one --nodes size, one --mode, --systems cairn");
    }
    if (!RATIS_JVMS.contains(ratisJvm)) {
      throw new ParameterException(spec.commandLine(), "--ratis-jvm takes " + String.join(", ", RATIS_JVMS) + ", was '"
          + ratisJvm + "'");
    }
    if (repeats < 1 || repeats > 20 || aotTrain && repeats != 1) {
      throw new ParameterException(spec.commandLine(), "--repeats takes 1..20 (1 with --aot-train), was " + repeats);
    }
    if (seconds < 1 || clients < 1 || recordBytes < 1 || warmupSeconds < 0 || batch < 1 || batch > 10_000) {
      throw new ParameterException(spec.commandLine(),
          "--seconds, --clients and --record-bytes must be positive, --batch in 1..10000");
    }
    return parsed;
  }

  private Json.Obj runCairn(Path folder, Mode mode, int size, String encoding, Path pmemRoot)
      throws InterruptedException {
    Path pmem = pmemFolder(pmemRoot, folder);
    try {
      if (!aotTrain) {
        return runCairn(folder, mode, size, encoding, null, pmem);
      }
      Json.Obj run;
      try (AotTraining training = AotTraining.start(folder.resolveSibling(folder.getFileName() + "-aot"))) {
        run = runCairn(folder, mode, size, encoding, training, pmem);
        training.finish(spec.commandLine().getOut());
      }
      return run;
    } finally {
      if (pmem != null) {
        Directories.deleteTree(pmem); // after the nodes stopped, whatever happened to the run
      }
    }
  }

  private Json.Obj runCairn(Path folder, Mode mode, int size, String encoding, AotTraining training, Path pmem)
      throws InterruptedException {
    try (RunTrace traced = RunTrace.start(trace == null ? null : trace.resolve(folder.getFileName()), inProcess);
        CairnCluster cluster = inProcess ? CairnCluster.inProcess(folder, size, mode, pmem)
        : CairnCluster.processes(folder, size, mode, pmem)) {
      NodeClient leader = cluster.leader();
      if (training != null) {
        training.leader(cluster.leaderPid());
        cluster.stopGrace(AotTraining.STOP_GRACE);
      }
      LoadRun.Sender sender = batch == 1 ? records -> leader.anchor(records.getFirst())
          : encoding.equals("json") ? leader::anchorAll : leader::anchorBatch;
      LoadRun load = new LoadRun(clients, batch, recordBytes);
      LoadRun.Result warmup = load.run(sender, Duration.ofSeconds(warmupSeconds), 1);
      JsonObject before = cluster.leaderStatus();
      MachineLoad.Snapshot machineBefore = MachineLoad.now();
      CairnCluster.Cpu cpuBefore = cluster.cpu();
      CairnCluster.Threads threadsBefore = cluster.threads();
      CairnCluster.DatabaseBytes bytesBefore = cluster.databaseBytes();
      LoadRun.Result result = load.run(sender, Duration.ofSeconds(seconds), 2);
      CairnCluster.Cpu cpu = cluster.cpu().minus(cpuBefore);
      MachineLoad.Snapshot machineAfter = MachineLoad.now();
      CairnCluster.Threads threads = cluster.threads().minus(threadsBefore);
      CairnCluster.DatabaseBytes written = cluster.databaseBytes().minus(bytesBefore);
      JsonObject after = cluster.leaderStatus();
      long entries = after.getJsonNumber("commit_index").longValue() - before.getJsonNumber("commit_index").longValue();
      long bytes = after.getJsonNumber("peer_bytes_sent").longValue() - before.getJsonNumber("peer_bytes_sent").longValue();
      Json.Obj run = row("cairn", mode.name().toLowerCase(Locale.ROOT), size, inProcess ? "jvm" : "process", result,
          cpu.total());
      run.put("encoding", encoding);
      run.put("aot_cache", inProcess ? null : training != null ? "training"
          : NodeLauncher.aotChoice(size).state().name().toLowerCase(Locale.ROOT));
      putCpuByProcess(run, cpu, result.records(), inProcess);
      putCpuByThread(run, threads, size - 1, result.records(), inProcess);
      putBytesByDatabase(run, written, size - 1, result.records());
      run.put("leader_bytes_per_entry", entries == 0 ? null : Json.round((double) bytes / entries, 1));
      run.put("leader_bytes_per_record", result.records() == 0 ? null : Json.round((double) bytes / result.records(), 1));
      run.put("leader_alloc_bytes_per_record", inProcess ? null : allocatedPerRecord(before, after, result.records()));
      MachineLoad.put(run, machineBefore, machineAfter, cpu.total(), seconds);
      // session 18: where the nodes' pmem was, and its files' bytes at the end (all members; on tmpfs an
      // upper bound of the RAM it holds: a WAL extent's file is its full size from its creation)
      long pmemBytes = fileBytes(pmem);
      long anchored = warmup.records() + result.records();
      run.put("pmem_dir", pmem == null ? null : pmem.getParent().toString());
      run.put("pmem_file_bytes", pmem == null ? null : pmemBytes);
      run.put("pmem_file_bytes_per_record", pmem == null || anchored == 0 ? null
          : Json.round((double) pmemBytes / anchored, 1));
      return run.put("data_fs", MachineLoad.fileSystem(folder));
    }
  }

  /**
   * CPU microseconds per committed record of the bench JVM (the clients), the leader's process and
   * a follower's (the mean over followers); null when the members run in this JVM or nothing
   * committed.
   */
  /**
   * CPU microseconds per committed record by thread group ({@link NodeThreads}) of the leader's
   * process and of a follower's (the mean), and of the JIT compiler threads of every node process
   * together; null when the members run in this JVM, nothing committed or {@code /proc} is missing.
   */
  private static void putCpuByThread(Json.Obj run, CairnCluster.Threads threads, int followers, long records,
      boolean inProcess) {
    boolean known = !inProcess && records > 0 && threads.leader().values().stream().anyMatch(nanos -> nanos > 0);
    if (!known) {
      run.put("cpu_us_per_record_leader_threads", null).put("cpu_us_per_record_follower_threads", null)
          .put("cpu_us_per_record_jit", null);
      return;
    }
    Json.Obj leader = Json.object();
    Json.Obj follower = Json.object();
    for (String group : threads.leader().keySet()) { // NodeThreads.GROUPS, or a Ratis server's jvmGroups
      leader.put(group, Json.round(threads.leader().get(group) / 1000.0 / records, 1));
      follower.put(group, followers == 0 ? null
          : Json.round(threads.followers().getOrDefault(group, 0L) / 1000.0 / followers / records, 1));
    }
    long jit = threads.leader().get("jit") + threads.followers().get("jit");
    run.put("cpu_us_per_record_leader_threads", leader).put("cpu_us_per_record_follower_threads", follower)
        .put("cpu_us_per_record_jit", Json.round(jit / 1000.0 / records, 1));
  }

  /**
   * Bytes per committed record that each engine database of the leader and of a follower (the
   * mean) took from its writers, wrote as flushed L0 tables, and read and wrote in compactions
   * during the measured seconds (session 16); null when the members run in this JVM or nothing
   * committed. Counts, not times, so a loaded machine moves them only through what a run did (how
   * many memtables filled, which compactions ran in the window).
   */
  static void putBytesByDatabase(Json.Obj run, CairnCluster.DatabaseBytes written, int followers,
      long records) {
    boolean known = records > 0 && !written.leader().isEmpty();
    run.put("bytes_per_record_leader_databases", known ? bytesPerRecord(written.leader(), 1, records) : null);
    run.put("bytes_per_record_follower_databases",
        known && followers > 0 ? bytesPerRecord(written.followers(), followers, records) : null);
  }

  private static Json.Obj bytesPerRecord(java.util.Map<String, long[]> byDatabase, int members, long records) {
    Json.Obj out = Json.object();
    byDatabase.forEach((name, sums) -> {
      Json.Obj one = Json.object();
      for (int i = 0; i < sums.length; i++) {
        String counter = CairnCluster.DATABASE_COUNTERS.get(i).replace("_bytes", "");
        one.put(counter, Json.round((double) sums[i] / members / records, 1));
      }
      out.put(name, one);
    });
    return out;
  }

  private static void putCpuByProcess(Json.Obj run, CairnCluster.Cpu cpu, long records, boolean inProcess) {
    boolean known = !inProcess && records > 0;
    run.put("cpu_us_per_record_client", known ? Json.round(cpu.client() / 1000.0 / records, 1) : null);
    run.put("cpu_us_per_record_leader", known ? Json.round(cpu.leader() / 1000.0 / records, 1) : null);
    run.put("cpu_us_per_record_follower", known ? Json.round(cpu.followerMean() / 1000.0 / records, 1) : null);
  }

  private List<RatisCluster.Machine> ratisMachines() {
    List<RatisCluster.Machine> parsed = new ArrayList<>();
    for (String machine : ratisMachines) {
      try {
        parsed.add(RatisCluster.Machine.valueOf(machine.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--ratis-machine takes count and ledger, was '" + machine + "'");
      }
    }
    return parsed;
  }

  private Json.Obj runRatis(Path folder, int size, RatisCluster.Machine machine) throws Exception {
    if (ratisJvm.startsWith("fresh")) {
      return runRatisInNewJvm(folder, size, machine);
    }
    if (ratisJvm.startsWith("process")) {
      return runRatisProcesses(folder, size, machine);
    }
    try (RatisCluster cluster = RatisCluster.start(folder, size, machine, recordBytes)) {
      LoadRun load = new LoadRun(clients, batch, recordBytes);
      load.run(cluster::send, Duration.ofSeconds(warmupSeconds), 1);
      MachineLoad.Snapshot machineBefore = MachineLoad.now();
      long cpu = LoadRun.jvmCpuNanos();
      LoadRun.Result result = load.run(cluster::send, Duration.ofSeconds(seconds), 2);
      cpu = LoadRun.jvmCpuNanos() - cpu;
      MachineLoad.Snapshot machineAfter = MachineLoad.now();
      Json.Obj run = row("ratis", null, size, "jvm", result, cpu).put("leader_bytes_per_entry", null)
          .put("leader_bytes_per_record", null).put("leader_alloc_bytes_per_record", null)
          .put("cpu_us_per_record_client", null)
          .put("cpu_us_per_record_leader", null).put("cpu_us_per_record_follower", null)
          .put("cpu_us_per_record_leader_threads", null).put("cpu_us_per_record_follower_threads", null)
          .put("cpu_us_per_record_jit", null)
          .put("state_machine", machine.name().toLowerCase(Locale.ROOT))
          .put("encoding", null);
      MachineLoad.put(run, machineBefore, machineAfter, cpu, seconds);
      return run.put("data_fs", MachineLoad.fileSystem(folder)).put("ratis_jvm", "shared")
          .put("ratis_aot", null);
    }
  }

  /**
   * {@code --ratis-jvm fresh}: the same Ratis run as {@code bench cluster --systems ratis} with one
   * size, one machine and this command's load options in a new JVM (this JVM's options and class
   * path; {@code fresh}: from the Ratis AOT cache, {@link RatisJvm}), its storage in {@code folder};
   * returns the row it wrote, with {@code ratis_jvm} and {@code ratis_aot} (the cache's state,
   * {@code used} when the JVM got it). Its CPU and machine figures are the new JVM's own.
   */
  private Json.Obj runRatisInNewJvm(Path folder, int size, RatisCluster.Machine machine) throws Exception {
    Files.createDirectories(folder);
    Path report = folder.resolve("ratis-run.json");
    String javaBinary = NodeLauncher.javaBinary();
    String classPath = System.getProperty("java.class.path");
    List<String> options = RatisJvm.options(java.lang.management.ManagementFactory.getRuntimeMXBean()
        .getInputArguments());
    AotCache.Choice aot = ratisJvm.equals("fresh") && NodeLauncher.aotDir() != null
        ? RatisJvm.ensure(new PrintWriter(spec.commandLine().getErr(), true), NodeLauncher.aotDir(), javaBinary, options,
            classPath)
        : new AotCache.Choice(AotCache.State.OFF, List.of(), null, null);
    List<String> command = RatisJvm.command(javaBinary, options, aot.options(), classPath,
        freshArgs(size, machine, folder, report));
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      if (!process.waitFor(seconds + warmupSeconds + 300L, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IllegalStateException("the Ratis run's JVM (pid " + process.pid() + ") did not end in time");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("the Ratis run's JVM exited with " + process.exitValue());
      }
    } finally {
      process.destroyForcibly();
    }
    JsonObject written = jakarta.json.Json.createReader(new java.io.StringReader(Files.readString(report))).readObject();
    return rowOf(written.getJsonArray("runs").getJsonObject(0)).put("ratis_jvm", ratisJvm)
        .put("ratis_aot", aot.state().name().toLowerCase(Locale.ROOT));
  }

  /**
   * The {@code bench cluster} arguments of a {@code --ratis-jvm fresh} run's new JVM: Ratis alone,
   * one size and machine, this command's load options, storage in {@code folder}, its row to {@code
   * report}, and {@code --ratis-jvm shared}: the new JVM is where the servers run (whatever the
   * default is: since session 19 {@code process}, which would start processes of its own).
   */
  List<String> freshArgs(int size, RatisCluster.Machine machine, Path folder, Path report) {
    return List.of("--systems", "ratis", "--nodes", Integer.toString(size), "--ratis-jvm", "shared",
        "--ratis-machine", machine.name().toLowerCase(Locale.ROOT), "--seconds", Integer.toString(seconds),
        "--warmup-seconds", Integer.toString(warmupSeconds), "--clients", Integer.toString(clients), "--batch",
        Integer.toString(batch), "--record-bytes", Integer.toString(recordBytes), "--dir", folder.toString(), "--json",
        report.toString());
  }

  /**
   * A row read back from {@code --json}, with the types this command's rows have: a whole number as
   * an {@link Integer} (a {@link Long} beyond its range), any other number as a {@link Double}.
   */
  static Json.Obj rowOf(JsonObject object) {
    Json.Obj row = Json.object();
    object.forEach((name, value) -> row.put(name, valueOf(value)));
    return row;
  }

  private static Object valueOf(jakarta.json.JsonValue value) {
    return switch (value.getValueType()) {
      case NULL -> null;
      case TRUE -> true;
      case FALSE -> false;
      case STRING -> ((jakarta.json.JsonString) value).getString();
      case NUMBER -> {
        jakarta.json.JsonNumber number = (jakarta.json.JsonNumber) value;
        if (!number.isIntegral()) {
          yield number.doubleValue();
        }
        long whole = number.longValue();
        yield whole == (int) whole ? (Object) (int) whole : (Object) whole;
      }
      case OBJECT -> rowOf(value.asJsonObject());
      case ARRAY -> {
        Json.Arr array = Json.array();
        value.asJsonArray().forEach(element -> array.add(valueOf(element)));
        yield array;
      }
    };
  }

  private Json.Obj row(String system, String mode, int size, String placement, LoadRun.Result result, long cpuNanos) {
    Histogram micros = result.latencyMicros();
    return Json.object().put("system", system).put("mode", mode).put("nodes", size).put("placement", placement)
        .put("clients", clients).put("batch", batch).put("record_bytes", recordBytes).put("seconds", seconds)
        .put("committed_per_s", Json.round((double) result.records() / seconds, 1))
        .put("requests_per_s", Json.round((double) result.requests() / seconds, 1))
        .put("failed", result.failed())
        .put("commit_ms_p50", Json.round(micros.getValueAtPercentile(50) / 1000.0, 3))
        .put("commit_ms_p99", Json.round(micros.getValueAtPercentile(99) / 1000.0, 3))
        .put("commit_ms_p999", Json.round(micros.getValueAtPercentile(99.9) / 1000.0, 3))
        .put("cpu_us_per_record", result.records() == 0 ? null : Json.round(cpuNanos / 1000.0 / result.records(), 1));
  }
}
