package io.cairn.replication.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.chain.api.Identity;
import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.api.Mode;
import io.cairn.testing.Property;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {
  @TempDir Path dir;

  private static final String VALID = """
      format=cairn-node/1
      cluster.id=abc123
      node.id=2
      node.key=identity.key
      peer.listen=127.0.0.1:7002
      http.listen=127.0.0.1:8002
      data.dir=data
      pmem.dir=
      mode=kraft
      genesis=../genesis.bin
      member.1.peer=127.0.0.1:7001
      member.1.http=http://127.0.0.1:8001
      member.1.key=%s
      member.2.peer=127.0.0.1:7002
      member.2.http=http://127.0.0.1:8002
      member.2.key=%s
      """;

  private static String valid() {
    return VALID.formatted(Identity.generate().key().hex(), Identity.generate().key().hex());
  }

  @Test
  void loadsTheContractFormatAndResolvesPathsAgainstTheFilesFolder() throws IOException {
    Path folder = dir.resolve("node-2");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("node.properties"), valid());
    NodeConfig config = NodeConfig.load(folder.resolve("node.properties"));
    assertThat(config.nodeId()).isEqualTo(2);
    assertThat(config.mode()).isEqualTo(Mode.KRAFT);
    assertThat(config.nodeKey()).isEqualTo(folder.resolve("identity.key"));
    assertThat(config.genesis()).isEqualTo(dir.resolve("genesis.bin"));
    assertThat(config.dataDir()).isEqualTo(folder.resolve("data"));
    assertThat(config.pmemDir()).isNull();
    assertThat(config.self().peer().getPort()).isEqualTo(7002);
    assertThat(config.peers()).extracting(NodeConfig.Member::id).containsExactly(1);
    assertThat(config.member(1).http()).isEqualTo(URI.create("http://127.0.0.1:8001"));
  }

  @Test
  void everyBadValueIsRefusedNamingItsKey() {
    String text = valid();
    Map<String, String> edits = new TreeMap<>(Map.of(
        "format=cairn-node/1", "format=cairn-node/2",
        "node.id=2", "node.id=3",
        "mode=kraft", "mode=paxos",
        "peer.listen=127.0.0.1:7002", "peer.listen=127.0.0.1",
        "member.1.http=http://127.0.0.1:8001", "member.1.http=ftp://x",
        "cluster.id=abc123", "cluster.id=has space",
        "genesis=../genesis.bin\n", "unknown.key=1\n"));
    Map<String, String> named = Map.of(
        "format=cairn-node/2", "format", "node.id=3", "node.id", "mode=paxos", "mode",
        "peer.listen=127.0.0.1", "peer.listen", "member.1.http=ftp://x", "member.1.http",
        "cluster.id=has space", "cluster.id", "unknown.key=1\n", "unknown.key");
    for (Map.Entry<String, String> edit : edits.entrySet()) {
      String bad = text.replace(edit.getKey(), edit.getValue());
      assertThatThrownBy(() -> NodeConfig.parse(bad, dir)).as(edit.getValue())
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining(named.get(edit.getValue()));
    }
    String badKey = text.replaceFirst("member\\.1\\.key=[0-9a-f]+", "member.1.key=zz");
    assertThatThrownBy(() -> NodeConfig.parse(badKey, dir)).hasMessageContaining("member.1.key");
    String missing = text.replace("data.dir=data\n", "");
    assertThatThrownBy(() -> NodeConfig.parse(missing, dir)).hasMessageContaining("missing key data.dir");
  }

  @Test
  void twoMembersWithOneKeyAreRefused() {
    String key = Identity.generate().key().hex();
    assertThatThrownBy(() -> NodeConfig.parse(VALID.formatted(key, key), dir))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("listed twice");
  }

  @Test
  void storeThenLoadGivesTheSameConfigurationAndCanonicalText() {
    Property.of("store/load round trip", random -> {
      int n = 1 + random.nextInt(7);
      List<NodeConfig.Member> members = new ArrayList<>();
      int id = 0;
      for (int i = 0; i < n; i++) {
        id += 1 + random.nextInt(3);
        members.add(new NodeConfig.Member(id, InetSocketAddress.createUnresolved("127.0.0.1", 1000 + id),
            URI.create("http://localhost:" + (2000 + id)), Identity.generate().key(), null));
      }
      NodeConfig.Member self = members.get(random.nextInt(n));
      Path pmem = random.nextBoolean() ? null : dir.resolve("pmem-" + random.nextInt(100));
      return new NodeConfig("c" + Long.toHexString(random.nextLong()), self.id(), dir.resolve("k.key"),
          InetSocketAddress.createUnresolved("0.0.0.0", self.peer().getPort()),
          InetSocketAddress.createUnresolved("127.0.0.1", 0), dir.resolve("d/x"), pmem,
          random.nextBoolean() ? Mode.KRAFT : Mode.RAFT, Path.of("/elsewhere/genesis.bin"), members);
    }).trials(40).check(config -> {
      Path file = dir.resolve("node.properties");
      config.store(file);
      NodeConfig loaded = NodeConfig.load(file);
      assertThat(loaded).isEqualTo(config);
      assertThat(loaded.toText(dir)).isEqualTo(config.toText(dir));
      String text = config.toText(dir);
      List<String> keys = text.lines().filter(line -> !line.startsWith("#")).map(line -> line.split("=")[0]).toList();
      assertThat(keys).isSorted();
      assertThat(text).contains("data.dir=d/x\n").contains("genesis=/elsewhere/genesis.bin\n");
    });
  }

  @Test
  void clusterFilesWriteLoadableConfigurationsWithAdmissions() {
    List<Path> files = ClusterFiles.create(dir.resolve("cluster"), 3, Mode.RAFT);
    assertThat(files).hasSize(3);
    for (int i = 0; i < 3; i++) {
      NodeConfig config = NodeConfig.load(files.get(i));
      assertThat(config.nodeId()).isEqualTo(i + 1);
      assertThat(config.members()).hasSize(3).allSatisfy(member -> assertThat(member.admission()).isNotNull());
      assertThat(config.self().peer().getPort()).isEqualTo(config.peerListen().getPort());
      assertThat(Files.exists(config.genesis())).isTrue();
      assertThat(Files.exists(config.nodeKey())).isTrue();
    }
    assertThatThrownBy(() -> ClusterFiles.create(dir.resolve("cluster"), 3, Mode.RAFT))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void theConsensusKeyChoosesPbftOrSbftAndSurvivesStoreAndLoad() {
    String text = valid();
    assertThat(NodeConfig.parse(text, dir).consensus()).as("absent: KRaft/Raft by mode").isNull();
    for (io.cairn.bft.api.Protocol protocol : io.cairn.bft.api.Protocol.values()) {
      String name = protocol.name().toLowerCase(java.util.Locale.ROOT);
      NodeConfig config = NodeConfig.parse(text + "consensus=" + name + "\n", dir);
      assertThat(config.consensus()).isEqualTo(protocol);
      assertThat(config.byzantine()).isTrue();
      assertThat(config.toText(dir)).contains("consensus=" + name);
      assertThat(NodeConfig.parse(config.toText(dir), dir)).isEqualTo(config);
    }
    assertThatThrownBy(() -> NodeConfig.parse(text + "consensus=raft\n", dir))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("consensus");
    assertThatThrownBy(() -> ClusterFiles.create(dir.resolve("small"), 3, Mode.KRAFT, io.cairn.bft.api.Protocol.SBFT))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("at least 4");
  }
}
