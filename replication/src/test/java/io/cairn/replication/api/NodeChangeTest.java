package io.cairn.replication.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.chain.api.Admission;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.Role;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class NodeChangeTest {
  private static final Identity REGULATOR = Identity.generate();
  private static final InetSocketAddress PEER = InetSocketAddress.createUnresolved("127.0.0.1", 7001);
  private static final URI HTTP = URI.create("http://127.0.0.1:8001");

  private static NodeChange addition(Identity node) {
    Admission admission = Admission.issue(REGULATOR, node.key(), "node-4", EnumSet.of(Role.SUBMIT), 5);
    return NodeChange.add(REGULATOR, "cluster-a", 4, node.key(), PEER, HTTP, admission);
  }

  @Test
  void roundTripsAsALogEntryAndDetectsDamage() {
    NodeChange add = addition(Identity.generate());
    byte[] entry = add.logEntry();
    assertThat(NodeChange.isLogEntry(entry)).isTrue();
    assertThat(NodeChange.fromLogEntry(entry)).isEqualTo(add);
    assertThat(NodeChange.fromLogEntry(entry).admission()).isEqualTo(add.admission());
    byte[] body = add.encode();
    body[body.length / 2] ^= 1;
    assertThatThrownBy(() -> NodeChange.decode(body)).isInstanceOf(CorruptionException.class);
    assertThat(NodeChange.isLogEntry(new byte[] {'C', 'L', 'E', 'N', 1})).isFalse();
  }

  @Test
  void onlyTheRegulatorsSignatureOverTheWholeChangeVerifies() {
    Identity node = Identity.generate();
    NodeChange add = addition(node);
    assertThat(add.signedBy(REGULATOR.key())).isTrue();
    assertThat(add.signedBy(Identity.generate().key())).isFalse();
    NodeChange moved = new NodeChange(add.kind(), add.clusterId(), add.number(), add.key(),
        InetSocketAddress.createUnresolved("10.0.0.9", 7001), add.http(), add.admission(), add.signature());
    assertThat(moved.signedBy(REGULATOR.key())).isFalse();
    NodeChange removal = NodeChange.remove(REGULATOR, add);
    assertThat(removal.kind()).isEqualTo(NodeChange.Kind.REMOVE);
    assertThat(removal.sameNode(add)).isTrue();
    assertThat(removal.signedBy(REGULATOR.key())).isTrue();
    NodeChange otherCluster = NodeChange.add(REGULATOR, "cluster-b", 4, node.key(), PEER, HTTP, null);
    assertThat(NodeChange.decode(otherCluster.encode()).clusterId()).isEqualTo("cluster-b");
  }

  @Test
  void aFounderIsNeverSignedAndOnlyAnAdditionCarriesAnAdmission() {
    Identity node = Identity.generate();
    NodeChange founder = NodeChange.founder("c", new NodeConfig.Member(1, PEER, HTTP, node.key(), null));
    assertThat(founder.signedBy(REGULATOR.key())).isFalse();
    Admission admission = Admission.issue(REGULATOR, node.key(), "o", EnumSet.of(Role.SUBMIT), 1);
    assertThatThrownBy(() -> new NodeChange(NodeChange.Kind.REMOVE, "c", 1, node.key(), PEER, HTTP, admission,
        new byte[0])).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> NodeChange.add(REGULATOR, "c", 2, Identity.generate().key(), PEER, HTTP, admission))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> NodeChange.add(REGULATOR, "c", 0, node.key(), PEER, HTTP, null))
        .hasMessageContaining("at least 1");
  }

  @FuzzTest(maxDuration = "10s")
  void decoderAcceptsOnlyCanonicalChanges(byte[] input) {
    NodeChange change;
    try {
      change = NodeChange.decode(input);
    } catch (CorruptionException refused) {
      return;
    }
    assertThat(change.encode()).isEqualTo(input);
  }
}
