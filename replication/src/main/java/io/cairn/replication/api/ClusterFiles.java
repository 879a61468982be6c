package io.cairn.replication.api;

import io.cairn.chain.api.Admission;
import io.cairn.chain.api.Genesis;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.KeyFiles;
import io.cairn.chain.api.Role;
import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.api.Mode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes the files of a new local cluster of {@code n} members on loopback:
 *
 * <pre>
 * DIR/regulator.key        the regulator's identity (signs the genesis' admissions; 0600)
 * DIR/genesis.bin          the genesis (chain's Genesis encoding), shared by every node
 * DIR/node-I/identity.key  member I's identity (0600)
 * DIR/node-I/node.properties  member I's configuration ({@link NodeConfig})
 * DIR/node-I/data/         member I's databases (created at its first start)
 * </pre>
 *
 * <p>Every member is admitted by the regulator with roles SUBMIT and PROPOSE (organisation {@code
 * node-I}); the admissions travel in the configurations. Ports are free loopback ports picked now
 * (the operating system may hand one to another process before the node binds it).
 *
 * <p>Thread-safety: stateless.
 */
public final class ClusterFiles {
  /** File name of every node's configuration inside its folder. */
  public static final String CONFIG_FILE = "node.properties";

  private ClusterFiles() {}

  /**
   * Creates the files of an {@code nodes}-member cluster in {@code directory} (which must not hold
   * a cluster yet) and returns the configuration file of each member, in member order.
   *
   * @throws InvalidArgumentException when {@code nodes} is not in 1..64 or the folder holds a cluster
   * @throws CairnIoException when a file cannot be written
   */
  public static List<Path> create(Path directory, int nodes, Mode mode) {
    return create(directory, nodes, mode, null);
  }

  /**
   * {@link #create(Path, int, Mode)} for a cluster running {@code consensus} (PBFT or SBFT; null:
   * KRaft/Raft by {@code mode}). A Byzantine cluster needs at least 4 members.
   */
  public static List<Path> create(Path directory, int nodes, Mode mode, io.cairn.bft.api.Protocol consensus) {
    if (consensus != null && nodes < 4) {
      throw new InvalidArgumentException("a " + consensus + " cluster needs at least 4 nodes (3f+1), not " + nodes);
    }
    if (nodes < 1 || nodes > 64) {
      throw new InvalidArgumentException("a local cluster has 1..64 nodes, not " + nodes);
    }
    Path dir = directory.toAbsolutePath().normalize();
    if (Files.exists(dir.resolve("genesis.bin"))) {
      throw new InvalidArgumentException(dir + " already holds a cluster (genesis.bin exists)");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw CairnIoException.wrap("create " + dir, e);
    }
    Identity regulator = Identity.generate();
    KeyFiles.write(regulator, dir.resolve("regulator.key"));
    long now = System.currentTimeMillis();
    Genesis genesis = Genesis.create("cairn-cluster-" + regulator.key().shortHex(), regulator.key(), now);
    write(dir.resolve("genesis.bin"), genesis.encode());
    byte[] clusterId = new byte[32];
    new SecureRandom().nextBytes(clusterId);
    List<NodeConfig.Member> members = new ArrayList<>();
    List<int[]> ports = new ArrayList<>();
    for (int id = 1; id <= nodes; id++) {
      Identity identity = newIdentity(dir.resolve("node-" + id));
      int[] pair = {distinctFreePort(ports), 0};
      pair[1] = distinctFreePort(ports, pair[0]);
      ports.add(pair);
      Admission admission = admit(regulator, identity, id, now);
      members.add(new NodeConfig.Member(id, InetSocketAddress.createUnresolved("127.0.0.1", pair[0]),
          URI.create("http://127.0.0.1:" + pair[1]), identity.key(), admission));
    }
    List<Path> files = new ArrayList<>();
    for (int id = 1; id <= nodes; id++) {
      Path folder = dir.resolve("node-" + id);
      NodeConfig config = new NodeConfig(HexFormat.of().formatHex(clusterId), id, folder.resolve("identity.key"),
          InetSocketAddress.createUnresolved("127.0.0.1", ports.get(id - 1)[0]),
          InetSocketAddress.createUnresolved("127.0.0.1", ports.get(id - 1)[1]), folder.resolve("data"), null,
          mode, dir.resolve("genesis.bin"), members, consensus);
      Path file = folder.resolve(CONFIG_FILE);
      config.store(file);
      files.add(file);
    }
    return files;
  }

  /**
   * A node written by {@link #addNode}: its configuration file and the regulator-signed addition
   * to submit.
   *
   * @param config the new node's configuration file ({@code join=true})
   * @param change the addition, signed with {@code DIR/regulator.key}
   */
  public record Joining(Path config, NodeChange change) {}

  /**
   * Writes the files of a node joining the cluster in {@code directory}: {@code node-N/} with a new
   * identity, free loopback ports and a configuration that lists the current {@code nodes} and
   * itself, with {@code join=true}; N is one more than the highest number listed or present in the
   * folder (as {@code node-N}, {@code removed-node-N} or {@code failed-node-N}: numbers are not
   * reused). Cluster id, mode and genesis are {@code template}'s (any member's configuration). The
   * addition carries an admission (SUBMIT, PROPOSE) so the node may lead.
   *
   * @throws InvalidArgumentException when the folder has no regulator key
   */
  public static Joining addNode(Path directory, NodeConfig template, List<NodeChange> nodes) {
    Path dir = directory.toAbsolutePath().normalize();
    Path regulatorFile = dir.resolve("regulator.key");
    if (!Files.isRegularFile(regulatorFile)) {
      throw new InvalidArgumentException(dir + " has no regulator.key: only the cluster's regulator can add a node");
    }
    Identity regulator = KeyFiles.read(regulatorFile);
    int number = Math.max(template.nodeId(), nodes.stream().mapToInt(NodeChange::number).max().orElse(0));
    for (NodeConfig.Member member : template.members()) {
      number = Math.max(number, member.id());
    }
    while (Files.exists(dir.resolve("node-" + (number + 1))) || Files.exists(dir.resolve("removed-node-" + (number + 1)))
        || Files.exists(dir.resolve("failed-node-" + (number + 1)))) {
      number++;
    }
    number++;
    Path folder = dir.resolve("node-" + number);
    Identity identity = newIdentity(folder);
    InetSocketAddress peer = InetSocketAddress.createUnresolved("127.0.0.1", freePort());
    int httpPort = freePort();
    URI http = URI.create("http://127.0.0.1:" + httpPort);
    Admission admission = admit(regulator, identity, number, System.currentTimeMillis());
    List<NodeConfig.Member> members = new ArrayList<>();
    for (NodeChange node : nodes) {
      members.add(new NodeConfig.Member(node.number(), node.peer(), node.http(), node.key(), null));
    }
    members.add(new NodeConfig.Member(number, peer, http, identity.key(), admission));
    NodeConfig config = new NodeConfig(template.clusterId(), number, folder.resolve("identity.key"), peer,
        InetSocketAddress.createUnresolved("127.0.0.1", httpPort), folder.resolve("data"), null, template.mode(),
        template.genesis(), members, true);
    Path file = folder.resolve(CONFIG_FILE);
    config.store(file);
    return new Joining(file, NodeChange.add(regulator, template.clusterId(), number, identity.key(), peer, http,
        admission));
  }

  /** Creates {@code folder} with a new identity in {@code identity.key}. */
  private static Identity newIdentity(Path folder) {
    Identity identity = Identity.generate();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw CairnIoException.wrap("create " + folder, e);
    }
    KeyFiles.write(identity, folder.resolve("identity.key"));
    return identity;
  }

  /** The regulator's admission of node {@code number} (organisation {@code node-N}, SUBMIT and PROPOSE). */
  private static Admission admit(Identity regulator, Identity node, int number, long now) {
    return Admission.issue(regulator, node.key(), "node-" + number, EnumSet.of(Role.SUBMIT, Role.PROPOSE), now);
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw CairnIoException.wrap("write " + file, e);
    }
  }

  /** A free loopback port that none of {@code taken} (nor {@code also}) uses: the OS may hand out a port twice. */
  private static int distinctFreePort(List<int[]> taken, int... also) {
    while (true) {
      int port = freePort();
      boolean clash = java.util.Arrays.stream(also).anyMatch(p -> p == port)
          || taken.stream().anyMatch(pair -> pair[0] == port || pair[1] == port);
      if (!clash) {
        return port;
      }
    }
  }

  /** A loopback TCP port that is free right now. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw CairnIoException.wrap("find a free loopback port", e);
    }
  }
}
