package io.cairn.bench.cluster;

import io.cairn.common.CairnException;
import io.cairn.common.ErrorCode;
import io.cairn.node.process.NodeLauncher;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;

/**
 * {@code bench cluster --ratis-jvm process} (session 19): the Ratis servers of one run, each in a
 * new JVM of its own on loopback, started as Cairn's node processes are ({@link NodeLauncher}'s JVM
 * options and per-member young floor, an AOT cache of their own: {@link RatisJvm.Kind#PROCESS}),
 * each running {@link RatisServerMain}. Known and stopped by pid: a failed start kills every process
 * started so far, {@link #close} kills them all (SIGKILL, then waits for each to be gone), a
 * shutdown hook of this JVM does the same when it is stopped first, and each server ends itself
 * when this JVM ends however it ends ({@code --exit-with}).
 *
 * <p>Start-up is bounded ({@link Launch#startTimeout}): a server that exits before it is ready or
 * is not ready in time fails the start with its id, pid and the last lines of its log ({@code
 * folder/<id>.log}).
 *
 * <p>Thread-safety: {@link #cpu} and {@link #threads} from one thread; {@link #close} from any,
 * once or more.
 */
final class RatisProcesses implements AutoCloseable {
  /** How long {@link #close} waits for a killed process to be gone. */
  private static final Duration KILL_WAIT = Duration.ofSeconds(30);

  /**
   * How the servers' JVMs start.
   *
   * @param java the java binary
   * @param options the JVM options before the member's young floor and the AOT cache's ({@link
   *     NodeLauncher#jvmOptions})
   * @param aot the AOT cache's options (empty: none)
   * @param classPath the class path (this program's)
   * @param startTimeout how long all servers together may take to be ready
   */
  record Launch(String java, List<String> options, List<String> aot, String classPath, Duration startTimeout) {
    Launch {
      options = List.copyOf(options);
      aot = List.copyOf(aot);
    }
  }

  /** One server's process, its gRPC port, its log and the file it writes once its server runs. */
  record Server(String id, int port, Process process, Path log, Path ready) {}

  private final List<Server> servers = new ArrayList<>();
  private final Thread killOnExit = new Thread(this::close, "ratis-processes-kill");
  private String leaderId;
  private boolean closed;

  private RatisProcesses() {
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * The command line of member {@code memberIndex} (from 1): {@code java OPTIONS YOUNG-FLOOR AOT
   * -Dorg.slf4j...ratis=off -cp CLASSPATH io.cairn.bench.cluster.RatisServerMain ARGS}, the young
   * floor as a Cairn member of the same index gets it ({@link NodeLauncher#memberOptions}).
   */
  static List<String> command(Launch launch, int memberIndex, List<String> serverArgs) {
    List<String> command = new ArrayList<>();
    command.add(launch.java());
    command.addAll(launch.options());
    command.addAll(NodeLauncher.memberOptions(launch.options(), memberIndex));
    command.addAll(launch.aot());
    command.addAll(List.of("-Dorg.slf4j.simpleLogger.log.org.apache.ratis=off", "-cp", launch.classPath(),
        RatisServerMain.class.getName()));
    command.addAll(serverArgs);
    return command;
  }

  /**
   * Starts a server process for every peer of {@code group}, storage under {@code folder}, and
   * returns once each has said it runs; kills every one of them and throws when one exits first or
   * they are not all ready within {@link Launch#startTimeout}.
   */
  static RatisProcesses start(Path folder, RaftGroup group, RatisCluster.Machine machine, int recordBytes,
      Launch launch) throws IOException, InterruptedException {
    Files.createDirectories(folder);
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    Path seedFile = Files.write(folder.resolve("member.seed"), seed); // the bench's throwaway ledger member
    long genesisMillis = System.currentTimeMillis();
    RatisProcesses started = new RatisProcesses();
    try {
      int index = 0;
      for (RaftPeer peer : group.getPeers()) {
        index++;
        String id = peer.getId().toString();
        Path ready = folder.resolve(id + ".ready");
        Path log = folder.resolve(id + ".log");
        RatisServerMain.Args args = new RatisServerMain.Args(id, group.getGroupId().getUuid().toString(),
            RatisServerMain.Args.peers(group.getPeers()), folder, machine, recordBytes, genesisMillis, seedFile,
            ProcessHandle.current().pid(), ready);
        Process process = new ProcessBuilder(command(launch, index, args.toList()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        started.servers.add(new Server(id, SocketBytes.port(peer.getAddress()), process, log, ready));
      }
      started.awaitReady(launch.startTimeout());
      return started;
    } catch (IOException | RuntimeException | InterruptedException e) {
      started.close();
      throw e;
    }
  }

  private void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Server> waiting = new ArrayList<>();
      for (Server server : servers) {
        if (Files.isRegularFile(server.ready())) {
          continue;
        }
        if (!server.process().isAlive()) {
          throw new CairnException(ErrorCode.IO_ERROR, "the Ratis server " + server.id() + " (pid "
              + server.process().pid() + ") exited with " + server.process().exitValue() + " before it was ready: "
              + tail(server.log()));
        }
        waiting.add(server);
      }
      if (waiting.isEmpty()) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        Server first = waiting.getFirst();
        throw new CairnException(ErrorCode.IO_ERROR, waiting.size() + " Ratis server process(es) not ready within "
            + timeout.toSeconds() + " s, the first " + first.id() + " (pid " + first.process().pid() + "): "
            + tail(first.log()));
      }
      Thread.sleep(20);
    }
  }

  /** The leader's peer id, as the first reply named it. */
  void leader(String id) {
    leaderId = id;
  }

  /** The leader's pid (0 before {@link #leader} named one among the servers). */
  long leaderPid() {
    return servers.stream().filter(server -> server.id().equals(leaderId)).mapToLong(server -> server.process().pid())
        .findFirst().orElse(0);
  }

  /** The followers' gRPC ports: where the leader sends them the log ({@link SocketBytes}). */
  java.util.Set<Integer> followerPorts() {
    return servers.stream().filter(server -> !server.id().equals(leaderId)).map(Server::port)
        .collect(java.util.stream.Collectors.toSet());
  }

  /** The servers' pids, in peer order. */
  List<Long> pids() {
    return servers.stream().map(server -> server.process().pid()).toList();
  }

  /**
   * CPU time used so far: this JVM (the client), the leader's process and each follower's (a
   * process gone counts zero), as {@link CairnCluster#cpu} splits a Cairn cluster's.
   */
  CairnCluster.Cpu cpu() {
    long leader = 0;
    List<Long> followers = new ArrayList<>();
    for (Server server : servers) {
      long nanos = server.process().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
      if (server.id().equals(leaderId)) {
        leader = nanos;
      } else {
        followers.add(nanos);
      }
    }
    return new CairnCluster.Cpu(LoadRun.jvmCpuNanos(), leader, followers.stream().mapToLong(Long::longValue).toArray());
  }

  /** CPU nanoseconds by thread group ({@link NodeThreads#of}) of the leader's process and, summed, the followers'. */
  CairnCluster.Threads threads() {
    Map<String, Long> leader = new LinkedHashMap<>();
    Map<String, Long> followers = new LinkedHashMap<>();
    for (Server server : servers) {
      NodeThreads.of(server.process().pid()).forEach((group, nanos) ->
          (server.id().equals(leaderId) ? leader : followers).merge(group, nanos, Long::sum));
    }
    return new CairnCluster.Threads(leader, followers);
  }

  /** Kills every server process by pid (SIGKILL) and waits until each is gone; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Server server : servers) {
      server.process().destroyForcibly();
    }
    for (Server server : servers) {
      try {
        server.process().waitFor(KILL_WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (Thread.currentThread() != killOnExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
      } catch (IllegalStateException shuttingDown) {
        // this JVM is exiting: the hook runs, and finds them closed
      }
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return lines.isEmpty() ? "(its log " + log + " is empty)"
          : String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())) + " (log " + log + ")";
    } catch (IOException | RuntimeException e) {
      return "(no log at " + log + ")";
    }
  }
}
