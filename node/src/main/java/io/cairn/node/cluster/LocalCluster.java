package io.cairn.node.cluster;

import io.cairn.common.CairnException;
import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.api.Mode;
import io.cairn.node.client.NodeClient;
import io.cairn.node.process.NodeLauncher;
import io.cairn.node.process.PidFile;
import io.cairn.node.process.ProcessControl;
import io.cairn.replication.api.ClusterFiles;
import io.cairn.replication.api.NodeConfig;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A cluster of node processes on this machine, kept in one folder (written by {@link
 * ClusterFiles}; see {@code docs/node.md}):
 *
 * <pre>
 * DIR/genesis.bin, DIR/regulator.key   the cluster's genesis and its regulator
 * DIR/api.token                        the API token for writes (only when made with a token)
 * DIR/node-I/node.properties           node I's configuration
 * DIR/node-I/node.pid                  node I's pid while it runs
 * DIR/node-I/node.log                  node I's output, appended
 * DIR/node-I/data/                     node I's databases
 * DIR/owner.pid                        the process the nodes stop with, while one is bound
 * </pre>
 *
 * <p>The folder is the only state: any {@code cairn} process can start, stop, kill or query the
 * nodes of a folder another one created, by their pid files and their client API.
 *
 * <p>Thread-safety: not thread-safe; one command at a time per folder.
 */
public final class LocalCluster {
  /** The API token file inside the folder. */
  public static final String TOKEN_FILE = "api.token";
  /** Present when the cluster's nodes run the DAG chain ({@code cluster up --dag}). */
  public static final String DAG_FILE = "dag.enabled";
  /** Marks a cluster whose nodes start with another snapshot policy: one line "EVERY KEPT". */
  public static final String SNAPSHOTS_FILE = "snapshots.policy";
  /**
   * The pid of the process the cluster's nodes are bound to ({@link #stopWith}): a node started
   * while it names a live process gets {@code --exit-with PID} and stops when that process ends.
   */
  public static final String OWNER_FILE = "owner.pid";

  private final Path dir;
  /** The configuration files written by {@link #create}, in member order (empty for {@link #open}). */
  private final List<Path> created;

  private LocalCluster(Path dir) {
    this(dir, List.of());
  }

  private LocalCluster(Path dir, List<Path> created) {
    this.dir = dir;
    this.created = List.copyOf(created);
  }

  /** Writes a new cluster of {@code nodes} into {@code dir} (keys, genesis, configurations). */
  public static LocalCluster create(Path dir, int nodes, Mode mode, boolean token) {
    return create(dir, nodes, mode, null, token);
  }

  /**
   * {@link #create(Path, int, Mode, boolean)} running {@code consensus} (PBFT or SBFT, at least 4
   * nodes; null: KRaft/Raft by {@code mode}). Its nodes report the primary as the leader.
   */
  public static LocalCluster create(Path dir, int nodes, Mode mode, io.cairn.bft.api.Protocol consensus,
      boolean token) {
    Path folder = dir.toAbsolutePath().normalize();
    List<Path> configs = ClusterFiles.create(folder, nodes, mode, consensus);
    if (token) {
      byte[] secret = new byte[24];
      new SecureRandom().nextBytes(secret);
      try {
        Path file = folder.resolve(TOKEN_FILE);
        Files.writeString(file, HexFormat.of().formatHex(secret) + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (IOException e) {
        throw CairnIoException.wrap("write " + folder.resolve(TOKEN_FILE), e);
      }
    }
    return new LocalCluster(folder, configs);
  }

  /**
   * Puts each node's pmem L0 and WAL in {@code root/node-<id>} (session 18, {@code cluster up
   * --pmem-dir}): writes {@code pmem.dir} into every node's configuration, so that {@code cluster
   * start} and every later {@code cluster up} of the folder keep it. Call before the nodes first
   * start; {@link #checkPmemRoot} first.
   *
   * @return the nodes' pmem directories, in id order
   */
  public List<Path> placePmem(Path root) {
    Path absolute = root.toAbsolutePath().normalize();
    List<Path> placed = new ArrayList<>();
    for (int id : ids()) {
      Path file = config(id);
      NodeConfig config = NodeConfig.load(file);
      Path pmem = absolute.resolve("node-" + id);
      config.withPmemDir(pmem).store(file);
      placed.add(pmem);
    }
    return placed;
  }

  /** Each node's pmem directory from its configuration ({@code pmem.dir}), in id order; empty when none has one. */
  public List<Path> pmemDirs() {
    List<Path> dirs = new ArrayList<>();
    for (int id : ids()) {
      Path pmem = NodeConfig.load(config(id)).pmemDir();
      if (pmem != null) {
        dirs.add(pmem);
      }
    }
    return dirs;
  }

  /**
   * Refuses a pmem root ({@code --pmem-dir}) that does not exist, is not a writable directory, or is
   * the cluster's folder or lies inside it (where the nodes' data directories are): the nodes' pmem
   * L0 must be a file system of its own, e.g. {@code /dev/shm} for emulated pmem or a DAX mount.
   *
   * @param clusterDir the cluster's folder, or null when it is not chosen yet (a temporary one)
   * @throws InvalidArgumentException naming the reason
   */
  public static void checkPmemRoot(Path root, Path clusterDir) {
    Path pmem = root.toAbsolutePath().normalize();
    if (!Files.exists(pmem)) {
      throw new InvalidArgumentException("the pmem directory " + pmem + " does not exist (emulated pmem: a folder"
          + " under /dev/shm; real pmem: a DAX mount)");
    }
    if (!Files.isDirectory(pmem)) {
      throw new InvalidArgumentException("the pmem directory " + pmem + " is not a directory");
    }
    if (!writable(pmem)) {
      throw new InvalidArgumentException("the pmem directory " + pmem + " is not writable");
    }
    Path cluster = clusterDir == null ? null : clusterDir.toAbsolutePath().normalize();
    if (cluster != null && pmem.startsWith(cluster)) {
      throw new InvalidArgumentException("the pmem directory " + pmem + " is the cluster's data folder " + cluster
          + " (or inside it); give pmem a directory of its own, e.g. under /dev/shm");
    }
  }

  /** Whether a file can be created in {@code directory} (a probe, made and removed: root passes every mode check). */
  private static boolean writable(Path directory) {
    try {
      Files.delete(Files.createTempFile(directory, ".cairn-pmem-probe-", ""));
      return true;
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * A new consortium of {@code hqs} HQ node processes in {@code dir} ({@code cluster up
   * --consortium}): the cluster's files (keys, addresses; the regulator is the consortium's) plus
   * the consortium's ({@link io.cairn.node.consortium.ConsortiumFiles}). Its nodes run {@code
   * consortium hq} instead of {@code node start}; the Byzantine core's primary is the leader.
   */
  public static LocalCluster createConsortium(Path dir, int hqs, long periodMillis,
      io.cairn.consortium.Bookkeeping bookkeeping, int difficulty) {
    LocalCluster cluster = create(dir, hqs, Mode.KRAFT, io.cairn.bft.api.Protocol.SBFT, false);
    io.cairn.node.consortium.ConsortiumFiles.create(cluster.dir, cluster.created, periodMillis, bookkeeping,
        difficulty);
    return cluster;
  }

  /**
   * The cluster in {@code dir}.
   *
   * @throws InvalidArgumentException when the folder holds no cluster
   */
  public static LocalCluster open(Path dir) {
    Path folder = dir.toAbsolutePath().normalize();
    LocalCluster cluster = new LocalCluster(folder);
    if (!Files.isRegularFile(folder.resolve("genesis.bin")) || cluster.ids().isEmpty()) {
      throw new InvalidArgumentException(folder + " holds no cluster (make one with: cairn cluster up --dir " + dir + ")");
    }
    return cluster;
  }

  /** The folder. */
  public Path dir() {
    return dir;
  }

  /** The node ids, ascending. */
  public List<Integer> ids() {
    List<Integer> ids = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries.forEach(entry -> {
        String name = entry.getFileName().toString();
        if (name.matches("node-[1-9][0-9]{0,3}") && Files.isRegularFile(entry.resolve(ClusterFiles.CONFIG_FILE))) {
          ids.add(Integer.parseInt(name.substring("node-".length())));
        }
      });
    } catch (IOException e) {
      throw CairnIoException.wrap("list " + dir, e);
    }
    ids.sort(null);
    return ids;
  }

  /** Node {@code id}'s configuration file. */
  public Path config(int id) {
    Path file = folder(id).resolve(ClusterFiles.CONFIG_FILE);
    if (!Files.isRegularFile(file)) {
      throw new InvalidArgumentException("the cluster in " + dir + " has no node " + id + " (nodes: " + ids() + ")");
    }
    return file;
  }

  /** Node {@code id}'s pid file. */
  public PidFile pidFile(int id) {
    return new PidFile(folder(id).resolve("node.pid"));
  }

  /** Node {@code id}'s log file. */
  public Path log(int id) {
    return folder(id).resolve("node.log");
  }

  /** Node {@code id}'s client API base URL, from its configuration. */
  public String url(int id) {
    return NodeConfig.load(config(id)).self().http().toString();
  }

  /** The API token, when the cluster has one. */
  public Optional<String> token() {
    Path file = dir.resolve(TOKEN_FILE);
    try {
      return Files.isRegularFile(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    } catch (IOException e) {
      throw CairnIoException.wrap("read " + file, e);
    }
  }

  /** A client of node {@code id}, with the cluster's token. */
  public NodeClient client(int id, Duration timeout) {
    return new NodeClient(url(id), token().orElse(null), timeout);
  }

  /**
   * Starts node {@code id}'s process (it returns at once; see {@link #awaitReady}).
   *
   * @throws InvalidArgumentException when it is already running
   */
  public Process start(int id) {
    Path config = config(id);
    Optional<ProcessHandle> running = pidFile(id).live();
    if (running.isPresent()) {
      throw new InvalidArgumentException("node " + id + " is already running (pid " + running.get().pid() + ")");
    }
    List<String> extra = new ArrayList<>();
    if (Files.isRegularFile(dir.resolve(TOKEN_FILE))) {
      extra.addAll(List.of("--token-file", dir.resolve(TOKEN_FILE).toString()));
    }
    if (Files.isRegularFile(dir.resolve(DAG_FILE))) {
      extra.add("--dag");
    }
    if (io.cairn.node.consortium.ConsortiumFiles.present(dir)) {
      return NodeLauncher.launch(List.of("consortium", "hq"), config, pidFile(id), log(id), List.of());
    }
    extra.addAll(snapshotOptions());
    new PidFile(dir.resolve(OWNER_FILE)).live()
        .ifPresent(owner -> extra.addAll(List.of("--exit-with", Long.toString(owner.pid()))));
    return NodeLauncher.launch(config, pidFile(id), log(id), extra, ids().size(), id);
  }

  /**
   * Binds the nodes started from now on (by any process, {@code cluster start} included) to {@code
   * owner}: each stops as on SIGTERM when it ends, however it ends, so a benchmark or a test killed
   * with SIGKILL leaves no node behind. {@code cluster up} binds its nodes to itself unless it
   * detaches. Nodes already running are not affected.
   */
  public LocalCluster stopWith(ProcessHandle owner) {
    new PidFile(dir.resolve(OWNER_FILE)).write(owner.pid());
    return this;
  }

  /** {@link #stopWith} the running process. */
  public LocalCluster stopWithThisProcess() {
    return stopWith(ProcessHandle.current());
  }

  /** Nodes started from now on outlive whoever starts them ({@code cluster up --detach}). */
  public void unbind() {
    new PidFile(dir.resolve(OWNER_FILE)).deleteIfOwnedBy(-1);
  }

  /** From now on, nodes started by this cluster run the DAG chain too. */
  public void enableDag() {
    try {
      Files.writeString(dir.resolve(DAG_FILE), "nodes start with --dag\n");
    } catch (java.io.IOException e) {
      throw io.cairn.common.CairnIoException.wrap("write " + dir.resolve(DAG_FILE), e);
    }
  }

  /**
   * From now on, nodes started by this cluster snapshot their ledger every {@code everyEntries}
   * applied entries and keep {@code keptAfter} entries below a snapshot ({@code node start
   * --snapshot-every-entries}); the benchmarks use it to make a joining node catch up by snapshot.
   */
  public void snapshotPolicy(long everyEntries, long keptAfter) {
    if (everyEntries < 1 || keptAfter < 0) {
      throw new InvalidArgumentException("need a positive snapshot interval and a non-negative number of kept entries");
    }
    try {
      Files.writeString(dir.resolve(SNAPSHOTS_FILE), everyEntries + " " + keptAfter + "\n");
    } catch (java.io.IOException e) {
      throw io.cairn.common.CairnIoException.wrap("write " + dir.resolve(SNAPSHOTS_FILE), e);
    }
  }

  private List<String> snapshotOptions() {
    Path file = dir.resolve(SNAPSHOTS_FILE);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      String[] policy = Files.readString(file).trim().split(" ");
      return List.of("--snapshot-every-entries", policy[0], "--entries-kept-after-snapshot", policy[1]);
    } catch (java.io.IOException e) {
      throw io.cairn.common.CairnIoException.wrap("read " + file, e);
    }
  }

  /** Starts every node that is not running. */
  public void startAll() {
    for (int id : ids()) {
      if (pidFile(id).live().isEmpty()) {
        start(id);
      }
    }
  }

  /**
   * Stops node {@code id}: SIGTERM, then SIGKILL if it has not exited within {@code grace}.
   *
   * @return whether it was running
   */
  public boolean stop(int id, Duration grace) {
    PidFile pid = pidFile(id);
    Optional<ProcessHandle> process = pid.live();
    if (process.isPresent()) {
      process.get().destroy();
      if (!ProcessControl.awaitExit(process.get(), grace)) {
        process.get().destroyForcibly();
        ProcessControl.awaitExit(process.get(), Duration.ofSeconds(10));
      }
    }
    pid.deleteIfOwnedBy(-1);
    return process.isPresent();
  }

  /**
   * Kills node {@code id} with SIGKILL and waits until it is gone.
   *
   * @throws InvalidArgumentException when it is not running
   */
  public void kill(int id) {
    PidFile pid = pidFile(id);
    ProcessHandle process = pid.live()
        .orElseThrow(() -> new InvalidArgumentException("node " + id + " is not running"));
    process.destroyForcibly();
    if (!ProcessControl.awaitExit(process, Duration.ofSeconds(10))) {
      throw new CairnException(io.cairn.common.ErrorCode.BUSY, "node " + id + " (pid " + process.pid()
          + ") did not exit after SIGKILL");
    }
    pid.deleteIfOwnedBy(-1);
  }

  /** Stops every node; returns how many were running. */
  public int stopAll(Duration grace) {
    List<ProcessHandle> running = new ArrayList<>();
    for (int id : ids()) {
      pidFile(id).live().ifPresent(process -> {
        process.destroy();
        running.add(process);
      });
    }
    for (int id : ids()) {
      stop(id, grace);
    }
    return running.size();
  }

  /** Asks every node for its status (a node that does not answer within {@code timeout} is not alive). */
  public ClusterStatus status(Duration timeout) {
    List<ClusterStatus.NodeView> views = new ArrayList<>();
    Integer leader = null;
    long leaderTerm = -1;
    for (int id : ids()) {
      String url = url(id);
      try {
        JsonObject status = new NodeClient(url, null, timeout).status();
        String role = status.getString("role");
        long term = status.getJsonNumber("term").longValue();
        views.add(new ClusterStatus.NodeView(id, url, role, term, status.getJsonNumber("commit_index").longValue(),
            true, status.getInt("leader")));
        if (("leader".equals(role) || "primary".equals(role)) && term > leaderTerm) {
          leader = id;
          leaderTerm = term;
        }
      } catch (CairnException | ClassCastException | NullPointerException unreachable) {
        views.add(new ClusterStatus.NodeView(id, url, null, null, null, false, null));
      }
    }
    return new ClusterStatus(leader, views);
  }

  /**
   * Waits until every node answers and all name one leader.
   *
   * @throws CairnException (BUSY) naming what was missing when {@code timeout} passes, or when a
   *     node process exits while starting
   */
  public ClusterStatus awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ClusterStatus status = status(Duration.ofSeconds(2));
    while (!status.ready()) {
      for (int id : ids()) {
        if (pidFile(id).live().isEmpty()) {
          throw new CairnException(io.cairn.common.ErrorCode.BUSY, "node " + id + " is not running; its log: " + log(id));
        }
      }
      if (System.nanoTime() > deadline) {
        throw new CairnException(io.cairn.common.ErrorCode.BUSY, "the cluster was not ready within "
            + timeout.toSeconds() + " s: " + status.toJson().toString().replace('\n', ' '));
      }
      ProcessControl.sleep(Duration.ofMillis(100));
      status = status(Duration.ofSeconds(2));
    }
    return status;
  }

  /**
   * Waits until node {@code id}'s client API answers.
   *
   * @throws CairnException (BUSY) when it does not within {@code timeout} or its process exits
   */
  public void awaitAnswer(int id, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    NodeClient client = new NodeClient(url(id), null, Duration.ofSeconds(2));
    while (true) {
      try {
        client.status();
        return;
      } catch (CairnException notYet) {
        if (pidFile(id).live().isEmpty()) {
          throw new CairnException(io.cairn.common.ErrorCode.BUSY, "node " + id + " exited while starting; its log: "
              + log(id));
        }
        if (System.nanoTime() > deadline) {
          throw new CairnException(io.cairn.common.ErrorCode.BUSY, "node " + id + " did not answer within "
              + timeout.toSeconds() + " s; its log: " + log(id));
        }
        ProcessControl.sleep(Duration.ofMillis(100));
      }
    }
  }

  /**
   * Takes stopped node {@code id} out of the folder's nodes: renames {@code node-I} to {@code
   * prefix + I} (the data is kept for inspection; the number is not reused).
   */
  public void retire(int id, String prefix) {
    Path from = folder(id);
    Path to = dir.resolve(prefix + id);
    try {
      if (Files.exists(from)) {
        Files.move(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw CairnIoException.wrap("move " + from + " to " + to, e);
    }
  }

  private Path folder(int id) {
    return dir.resolve("node-" + id);
  }
}
