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
import io.cairn.replication.api.NodeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Verification consensus between members (seed 003) over the transport: this member answers
 * verification requests of its peers as a {@link LocalParticipant} over its own ledger and record
 * sources (reading the record back from its owner, re-fetching once before it signs a failing
 * verdict), and runs rounds of its own requests with every member as a participant.
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
  private final Calls calls;

  Verifications(NodeConfig config, Identity identity, Supplier<Ledger> ledger, Supplier<List<RecordSource>> sources,
      Calls calls) {
    this.config = config;
    this.identity = identity;
    this.ledger = ledger;
    this.sources = sources;
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
    for (NodeConfig.Member peer : config.peers()) {
      participants.add(remote(peer));
    }
    return new VerificationConsensus(() -> ledger.get().members()).run(request, participants);
  }

  private Participant remote(NodeConfig.Member peer) {
    return new Participant() {
      @Override
      public MemberKey key() {
        return peer.key();
      }

      @Override
      public byte[] handle(byte[] encodedRequest) {
        byte[] verdict = calls.call(peer.id(), Wire.KIND_VERIFY, encodedRequest, ANSWER_TIMEOUT_MILLIS);
        if (verdict == null) {
          throw new io.cairn.common.BusyException("member " + peer.id() + " gave no verdict");
        }
        return verdict;
      }
    };
  }
}
