package io.cairn.replication.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.MemberKey;
import io.cairn.common.InvalidArgumentException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handshake as a transcript between two in-memory sides, and the attacks it must stop. */
class HandshakeTest {
  private final Identity a = Identity.generate();
  private final Identity b = Identity.generate();
  private final Map<MemberKey, Integer> members = Map.of(a.key(), 1, b.key(), 2);

  @Test
  void twoMembersAuthenticateEachOther() {
    Handshake left = new Handshake("c", a, members);
    Handshake right = new Handshake("c", b, members);
    assertThat(right.acceptHello(left.hello())).isEqualTo(1);
    assertThat(left.acceptHello(right.hello())).isEqualTo(2);
    right.acceptProof(left.proof());
    left.acceptProof(right.proof());
    assertThat(left.authenticated() && right.authenticated()).isTrue();
    assertThat(left.peerKey()).isEqualTo(b.key());
  }

  @Test
  void aRecordedProofDoesNotOpenAnotherSession() {
    Handshake victim = new Handshake("c", a, members);
    Handshake genuine = new Handshake("c", b, members);
    genuine.acceptHello(victim.hello());
    victim.acceptHello(genuine.hello());
    Frame recordedHello = genuine.hello();
    Frame recordedProof = genuine.proof();
    victim.acceptProof(recordedProof);
    Handshake nextSession = new Handshake("c", a, members);
    nextSession.acceptHello(recordedHello);
    assertThatThrownBy(() -> nextSession.acceptProof(recordedProof))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("does not verify");
  }

  @Test
  void strangersOtherClustersReflectionsAndOutOfOrderFramesAreRefused() {
    Handshake node = new Handshake("c", a, members);
    assertThatThrownBy(() -> node.acceptHello(new Handshake("c", Identity.generate(), members).hello()))
        .hasMessageContaining("not a member");
    assertThatThrownBy(() -> node.acceptHello(new Handshake("other", b, members).hello()))
        .hasMessageContaining("cluster other");
    assertThatThrownBy(() -> node.acceptHello(new Handshake("c", a, members).hello()))
        .hasMessageContaining("own key");
    assertThatThrownBy(() -> node.acceptProof(new Frame(Frame.Type.PROOF, new byte[64])))
        .hasMessageContaining("out of order");
    assertThatThrownBy(() -> node.acceptHello(new Frame(Frame.Type.HELLO, new byte[] {5, 1})))
        .hasMessageContaining("malformed");
    Handshake peer = new Handshake("c", b, members);
    node.acceptHello(peer.hello());
    peer.acceptHello(node.hello());
    // The node's own proof reflected back at it does not verify as the peer's.
    assertThatThrownBy(() -> node.acceptProof(node.proof())).hasMessageContaining("does not verify");
  }
}
