package io.cairn.replication.api;

import io.cairn.chain.api.Admission;
import io.cairn.chain.api.MemberKey;
import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.bft.api.Protocol;
import io.cairn.kraft.api.Mode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One node's configuration file ({@code docs/replication.md}, "The configuration file"): a UTF-8
 * Java properties file, format {@code cairn-node/1}. {@link #load} validates every key and resolves
 * relative paths against the file's folder; {@link #store} writes the canonical form (sorted keys,
 * paths relative to the file's folder where they lie under it), so {@code load(store(c))} equals
 * {@code c}.
 *
 * <p>Thread-safety: immutable.
 *
 * @param clusterId the cluster's identifier (1..128 printable ASCII characters, no spaces); peers of
 *     another cluster are refused at the handshake
 * @param nodeId this node's number in the member list
 * @param nodeKey this node's Ed25519 identity file (chain's {@code KeyFiles} format)
 * @param peerListen the TCP address the transport listens on
 * @param httpListen the TCP address of the client API (served by the {@code node} module)
 * @param dataDir the node's Cairn engine databases (log, ledger, off-chain records)
 * @param pmemDir optional pmem directory: the engines put their L0 there (null: SSD L0)
 * @param mode plain Raft or Kademlia-Raft
 * @param genesis the cluster's genesis file (chain's Genesis encoding), the same on every node
 * @param members every member, this node included, sorted by id
 * @param consensus {@code PBFT} or {@code SBFT} for a Byzantine-tolerant cluster (key {@code
 *     consensus}); null: crash-tolerant KRaft or Raft as {@code mode} says
 * @param join true for a node that joins a running cluster (key {@code join}): it does not write
 *     the founders' bootstrap log but waits, empty, for the leader to send it the log or a
 *     snapshot once its addition is committed ({@link NodeChange})
 */
public record NodeConfig(
    String clusterId, int nodeId, Path nodeKey, InetSocketAddress peerListen, InetSocketAddress httpListen,
    Path dataDir, Path pmemDir, Mode mode, Path genesis, List<Member> members, Protocol consensus, boolean join) {

  /** The value of the {@code format} key. */
  public static final String FORMAT = "cairn-node/1";

  /**
   * One member of the cluster as every node's configuration lists it.
   *
   * @param id its number (1..)
   * @param peer its transport address
   * @param http its client API base URL
   * @param key its Ed25519 public key: its identity in the handshake and on the ledger
   * @param admission the regulator's admission of {@code key} (chain's Admission encoding), or null
   *     when the member is not admitted at bootstrap (it can then relay and vote, not anchor)
   */
  public record Member(int id, InetSocketAddress peer, URI http, MemberKey key, Admission admission) {
    /** Checks the components. */
    public Member {
      ConfigText.require(id >= 1, "member id must be at least 1, was " + id);
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(http, "http");
      Objects.requireNonNull(key, "key");
      ConfigText.require(peer.getPort() >= 1, "member." + id + ".peer needs a port");
      ConfigText.require(admission == null || admission.member().equals(key),
          "member." + id + ".admission admits another key than member." + id + ".key");
    }
  }

  /**
   * Checks the components.
   *
   * @throws InvalidArgumentException naming the bad value
   */
  public NodeConfig {
    ConfigText.require(clusterId != null && clusterId.matches("[\\x21-\\x7e]{1,128}"),
        "cluster.id must be 1..128 printable ASCII characters without spaces");
    Objects.requireNonNull(nodeKey, "nodeKey");
    Objects.requireNonNull(peerListen, "peerListen");
    Objects.requireNonNull(httpListen, "httpListen");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(genesis, "genesis");
    members = List.copyOf(new TreeMap<>(byId(members)).values());
    ConfigText.require(!members.isEmpty(), "the configuration lists no member");
    ConfigText.require(byId(members).containsKey(nodeId), "node.id " + nodeId + " is not a listed member");
    Set<MemberKey> keys = new HashSet<>();
    Set<InetSocketAddress> peers = new HashSet<>();
    for (Member member : members) {
      ConfigText.require(keys.add(member.key()), "member." + member.id() + ".key is listed twice");
      ConfigText.require(peers.add(member.peer()), "member." + member.id() + ".peer is listed twice");
    }
  }

  /** A founding member's crash-tolerant (KRaft or Raft) configuration: {@code consensus} null, {@code join} false. */
  public NodeConfig(String clusterId, int nodeId, Path nodeKey, InetSocketAddress peerListen,
      InetSocketAddress httpListen, Path dataDir, Path pmemDir, Mode mode, Path genesis, List<Member> members) {
    this(clusterId, nodeId, nodeKey, peerListen, httpListen, dataDir, pmemDir, mode, genesis, members, null, false);
  }

  /** A crash-tolerant (KRaft or Raft) configuration, joining a running cluster when {@code join}. */
  public NodeConfig(String clusterId, int nodeId, Path nodeKey, InetSocketAddress peerListen,
      InetSocketAddress httpListen, Path dataDir, Path pmemDir, Mode mode, Path genesis, List<Member> members,
      boolean join) {
    this(clusterId, nodeId, nodeKey, peerListen, httpListen, dataDir, pmemDir, mode, genesis, members, null, join);
  }

  /** A founding member's configuration running {@code consensus} (null: KRaft/Raft by {@code mode}). */
  public NodeConfig(String clusterId, int nodeId, Path nodeKey, InetSocketAddress peerListen,
      InetSocketAddress httpListen, Path dataDir, Path pmemDir, Mode mode, Path genesis, List<Member> members,
      Protocol consensus) {
    this(clusterId, nodeId, nodeKey, peerListen, httpListen, dataDir, pmemDir, mode, genesis, members, consensus, false);
  }

  /** Whether the cluster runs PBFT or SBFT rather than KRaft/Raft. */
  public boolean byzantine() {
    return consensus != null;
  }

  /** A copy running {@code value} (null: KRaft/Raft by {@code mode}). */
  public NodeConfig withConsensus(Protocol value) {
    return new NodeConfig(clusterId, nodeId, nodeKey, peerListen, httpListen, dataDir, pmemDir, mode, genesis, members,
        value, join);
  }

  private static Map<Integer, Member> byId(List<Member> members) {
    Map<Integer, Member> byId = new TreeMap<>();
    for (Member member : members) {
      ConfigText.require(byId.put(member.id(), member) == null, "member " + member.id() + " is listed twice");
    }
    return byId;
  }

  /** This node's own entry in {@link #members()}. */
  public Member self() {
    return member(nodeId);
  }

  /**
   * The member numbered {@code id}.
   *
   * @throws InvalidArgumentException when there is none
   */
  public Member member(int id) {
    for (Member member : members) {
      if (member.id() == id) {
        return member;
      }
    }
    throw new InvalidArgumentException("no member " + id);
  }

  /** Every member but this node. */
  public List<Member> peers() {
    List<Member> peers = new ArrayList<>(members.size());
    for (Member member : members) {
      if (member.id() != nodeId) {
        peers.add(member);
      }
    }
    return peers;
  }

  /** A copy with another data directory (tests, tools). */
  public NodeConfig withDataDir(Path value) {
    return new NodeConfig(clusterId, nodeId, nodeKey, peerListen, httpListen, value, pmemDir, mode, genesis, members,
        consensus, join);
  }

  /**
   * A copy with another pmem directory (null: none, the L0 on SSD): where {@code cluster up
   * --pmem-dir} and {@code bench cluster --pmem-dir} put each node's pmem L0 and WAL.
   */
  public NodeConfig withPmemDir(Path value) {
    return new NodeConfig(clusterId, nodeId, nodeKey, peerListen, httpListen, dataDir, value, mode, genesis, members,
        consensus, join);
  }

  /**
   * Reads and validates the configuration file {@code file}.
   *
   * @throws InvalidArgumentException naming the bad or missing key
   * @throws CairnIoException when the file cannot be read
   */
  public static NodeConfig load(Path file) {
    return ConfigText.parse(ConfigText.read(file), file.toAbsolutePath().getParent());
  }

  /**
   * Writes this configuration canonically to {@code file} (replacing it atomically).
   *
   * @throws CairnIoException when it cannot be written
   */
  public void store(Path file) {
    Path folder = file.toAbsolutePath().getParent();
    ConfigText.write(file, ConfigText.format(this, folder));
  }

  /** The canonical text of this configuration, with paths written relative to {@code folder}. */
  public String toText(Path folder) {
    return ConfigText.render(ConfigText.format(this, folder.toAbsolutePath()));
  }

  /**
   * Parses configuration text, resolving relative paths against {@code folder}.
   *
   * @throws InvalidArgumentException naming the bad or missing key
   */
  public static NodeConfig parse(String text, Path folder) {
    return ConfigText.parse(ConfigText.properties(text), folder.toAbsolutePath());
  }
}
