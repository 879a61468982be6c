package io.cairn.replication.node;

import io.cairn.chain.api.ConsensusOutcome;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.LocalParticipant;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.api.Participant;
import io.cairn.chain.api.RecordSource;
import io.cairn.chain.api.VerificationConsensus;
import io.cairn.chain.api.VerificationRequest;
import io.cairn.replication.api.NodeChange;
import io.cairn.replication.api.NodeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Verification consensus between members (seed 003) over the transport: this member answers
 * verification requests of its peers as a {@link LocalParticipant} over its own ledger and record
 * sources (reading the record back from its owner, re-fetching once before it signs a failing
 * verdict), and runs rounds of its own requests with every member as a participant: every node
 * of the committed node list (ledger state), so a node that joined a running cluster is asked
 * and a removed one is not; the configuration file's members while the list is empty (a cluster
 * without one, such as a PBFT/SBFT cluster).
 *
 * <p>Thread-safety: thread-safe.
 */
final class Verifications {
  /** How long a participant may take to answer (it may fetch the record and retry). */
  static final long ANSWER_TIMEOUT_MILLIS = 20_000;
  private static final int RETRIES = 1;

  private final NodeConfig config;
  private final Identity identity;
  private final Supplier<Ledger> ledger;
  private final Supplier<List<RecordSource>> sources;
  private final Supplier<List<NodeChange>> nodes;
  private final Calls calls;

  Verifications(NodeConfig config, Identity identity, Supplier<Ledger> ledger, Supplier<List<RecordSource>> sources,
      Supplier<List<NodeChange>> nodes, Calls calls) {
    this.config = config;
    this.identity = identity;
    this.ledger = ledger;
    this.sources = sources;
    this.nodes = nodes;
    this.calls = calls;
    calls.handle(Wire.KIND_VERIFY, body -> local().handle(body));
  }

  private LocalParticipant local() {
    return new LocalParticipant(identity, ledger.get(), sources.get(), RETRIES);
  }

  /** Asks every member (this one included) to verify {@code request}; blocks until all answered or timed out. */
  ConsensusOutcome run(VerificationRequest request) {
    List<Participant> participants = new ArrayList<>();
    participants.add(local());
    List<NodeChange> listed = nodes.get();
    if (listed.isEmpty()) {
      for (NodeConfig.Member peer : config.peers()) {
        participants.add(remote(peer.id(), peer.key()));
      }
    } else {
      for (NodeChange node : listed) {
        if (!node.key().equals(identity.key())) {
          participants.add(remote(node.number(), node.key()));
        }
      }
    }
    return new VerificationConsensus(() -> ledger.get().members()).run(request, participants);
  }

  private Participant remote(int member, MemberKey key) {
    return new Participant() {
      @Override
      public MemberKey key() {
        return key;
      }

      @Override
      public byte[] handle(byte[] encodedRequest) {
        byte[] verdict = calls.call(member, Wire.KIND_VERIFY, encodedRequest, ANSWER_TIMEOUT_MILLIS);
        if (verdict == null) {
          throw new io.cairn.common.BusyException("member " + member + " gave no verdict");
        }
        return verdict;
      }
    };
  }
}
