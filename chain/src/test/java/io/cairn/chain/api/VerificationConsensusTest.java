package io.cairn.chain.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.Fixtures;
import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification consensus among in-process participants, each with its own copy of the ledger
 * (fed the same entries) and its own copy of the off-chain record.
 */
class VerificationConsensusTest {
  @TempDir Path directory;
  private final List<Db> databases = new ArrayList<>();
  private final Identity regulator = Fixtures.identity(1);
  private final Identity requester = Fixtures.identity(7);
  private final byte[] record = "enterprise record: 2024 tax filing".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private final Hash32 key = HashAlgorithm.SHA_256.hash(record);
  private final ReadParameters read = ReadParameters.of(RecordStore.DEFAULT_NAME, key.bytes());
  private final List<LedgerEntry> log = new ArrayList<>();
  private final List<Identity> participantIdentities = List.of(
      Fixtures.identity(31), Fixtures.identity(32), Fixtures.identity(33), Fixtures.identity(34));

  VerificationConsensusTest() {
    Genesis genesis = Genesis.create("consortium", regulator.key(), Fixtures.T0);
    log.add(genesis);
    log.add(Admission.issue(regulator, requester.key(), "acme", EnumSet.allOf(Role.class), Fixtures.T0));
    for (Identity participant : participantIdentities) {
      log.add(Admission.issue(regulator, participant.key(), "auditor", EnumSet.of(Role.SUBMIT), Fixtures.T0));
    }
    AnchorEntry entry = AnchorEntry.of(HashAlgorithm.SHA_256, key, read);
    log.add(Block.propose(requester, 0, genesis.hash(), Fixtures.T0 + 1,
        List.of(AnchorTransaction.sign(requester, 0, List.of(entry)))));
  }

  /** A participant with its own ledger and its own record store, read through {@code wrap}. */
  private LocalParticipant participant(Identity identity, java.util.function.UnaryOperator<RecordSource> wrap, int retries) {
    RecordStore store = new RecordStore(RecordStore.DEFAULT_NAME, freshDb(), WriteOptions.DEFAULT);
    store.store(record, HashAlgorithm.SHA_256);
    RecordSource source = wrap.apply(store);
    Ledger ledger = Ledger.open(freshDb(), LedgerOptions.defaults().withSources(source));
    log.forEach(ledger::apply);
    return new LocalParticipant(identity, ledger, List.of(source), retries);
  }

  /** A new engine database (every participant has its own), closed after the test. */
  private Db freshDb() {
    Db db = Cairn.open(directory.resolve("db-" + databases.size()), Options.defaults());
    databases.add(db);
    return db;
  }

  @AfterEach
  void closeDatabases() {
    databases.forEach(Db::close);
  }

  private LocalParticipant honest(int index) {
    return participant(participantIdentities.get(index), source -> source, 2);
  }

  private LocalParticipant tampered(int index) {
    return participant(participantIdentities.get(index), source -> new FixedSource(source.name(), new byte[] {6}), 2);
  }

  private VerificationConsensus coordinator() {
    Ledger ledger = Ledger.open(freshDb(), LedgerOptions.defaults());
    log.forEach(ledger::apply);
    return new VerificationConsensus(ledger::members);
  }

  private VerificationRequest request() {
    return VerificationRequest.sign(requester, 1, HashAlgorithm.SHA_256, record, read);
  }

  /** A record source added after the ledger was opened (a member that joined) is read by the ledger's own verifier. */
  @Test
  void aSourceAddedAfterOpeningIsReadByTheLedgersVerifier() {
    Ledger ledger = Ledger.open(freshDb(), LedgerOptions.defaults());
    try {
      log.forEach(ledger::apply);
      assertThat(ledger.verify(key).code()).isNotEqualTo(VerdictCode.VERIFIED);
      RecordStore store = new RecordStore(RecordStore.DEFAULT_NAME, freshDb(), WriteOptions.DEFAULT);
      store.store(record, HashAlgorithm.SHA_256);
      ledger.addSource(store);
      assertThat(ledger.verify(key).code()).isEqualTo(VerdictCode.VERIFIED);
    } finally {
      ledger.close();
    }
  }

  @Test
  void allHonestParticipantsAgree() {
    ConsensusOutcome outcome = coordinator().run(request(), List.of(honest(0), honest(1), honest(2), honest(3)));
    assertThat(outcome.agreed()).isTrue();
    assertThat(outcome.passing()).isEqualTo(4);
    assertThat(outcome.verdicts()).allSatisfy(v -> {
      assertThat(v.code()).isEqualTo(VerdictCode.VERIFIED);
      assertThat(v.attempts()).isEqualTo(1);
      assertThat(v.signatureValid()).isTrue();
    });
    assertThat(outcome.problems()).isEmpty();
  }

  @Test
  void halfPassingIsEnough() {
    ConsensusOutcome outcome = coordinator().run(request(), List.of(honest(0), tampered(1), honest(2), tampered(3)));
    assertThat(outcome.agreed()).isTrue();
    assertThat(outcome.passing()).isEqualTo(2);
  }

  @Test
  void lessThanHalfPassingIsNotAgreed() {
    ConsensusOutcome outcome = coordinator().run(request(), List.of(tampered(0), tampered(1), honest(2), tampered(3)));
    assertThat(outcome.agreed()).isFalse();
    assertThat(outcome.passing()).isEqualTo(1);
    SignedVerdict failing = outcome.verdicts().getFirst();
    assertThat(failing.code()).isEqualTo(VerdictCode.TAMPERED_DATA);
    assertThat(failing.attempts()).as("one check and two re-fetches").isEqualTo(3);
  }

  @Test
  void aFailingParticipantRefetchesAndThenPasses() {
    AtomicInteger reads = new AtomicInteger();
    LocalParticipant flaky = participant(participantIdentities.get(0),
        source -> new FlakySource(source, reads), 2);
    ConsensusOutcome outcome = coordinator().run(request(), List.of(flaky));
    assertThat(outcome.agreed()).isTrue();
    assertThat(outcome.verdicts().getFirst().attempts()).isEqualTo(2);
    assertThat(reads.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void verdictsFromNonMembersOrWrongSignersDoNotCount() {
    LocalParticipant stranger = participant(Fixtures.identity(99), source -> source, 0);
    Participant impostor = new Participant() {
      @Override
      public MemberKey key() {
        return participantIdentities.get(1).key();
      }

      @Override
      public byte[] handle(byte[] request) {
        return SignedVerdict.sign(Fixtures.identity(98), VerificationRequest.decode(request).hash(),
            VerdictCode.VERIFIED, 1, "trust me").encode();
      }
    };
    Participant broken = new Participant() {
      @Override
      public MemberKey key() {
        return participantIdentities.get(2).key();
      }

      @Override
      public byte[] handle(byte[] request) {
        throw new CorruptionException("disk on fire");
      }
    };
    ConsensusOutcome outcome = coordinator().run(request(), List.of(stranger, impostor, broken, tampered(3)));
    assertThat(outcome.passing()).isZero();
    assertThat(outcome.agreed()).isFalse();
    assertThat(outcome.problems()).hasSize(3)
        .anySatisfy(p -> assertThat(p).contains("not an admitted member"))
        .anySatisfy(p -> assertThat(p).contains("signed as"))
        .anySatisfy(p -> assertThat(p).contains("disk on fire"));
  }

  @Test
  void requestFromANonMemberGetsFailingVerdicts() {
    VerificationRequest forged = VerificationRequest.sign(Fixtures.identity(99), 1, HashAlgorithm.SHA_256, record, read);
    ConsensusOutcome outcome = coordinator().run(forged, List.of(honest(0), honest(1)));
    assertThat(outcome.agreed()).isFalse();
    assertThat(outcome.verdicts()).allSatisfy(v -> assertThat(v.code()).isEqualTo(VerdictCode.BAD_SIGNATURE));
  }

  @Test
  void requestWhoseTargetDataWasChangedIsTampered() {
    byte[] changed = record.clone();
    changed[0] ^= 1;
    VerificationRequest request = VerificationRequest.sign(requester, 2, HashAlgorithm.SHA_256, changed, read);
    ConsensusOutcome outcome = coordinator().run(request, List.of(honest(0), honest(1)));
    assertThat(outcome.agreed()).isFalse();
    assertThat(outcome.verdicts()).allSatisfy(v -> assertThat(v.code()).isEqualTo(VerdictCode.TAMPERED_DATA));
  }

  @Test
  void requestAndVerdictRoundTripTheirEncodings() {
    VerificationRequest request = request();
    assertThat(VerificationRequest.decode(request.encode()).hash()).isEqualTo(request.hash());
    SignedVerdict verdict = SignedVerdict.sign(requester, request.hash(), VerdictCode.BAD_PROOF, 3, "détail ✓");
    SignedVerdict decoded = SignedVerdict.decode(verdict.encode());
    assertThat(decoded.detail()).isEqualTo("détail ✓");
    assertThat(decoded.code()).isEqualTo(VerdictCode.BAD_PROOF);
    assertThat(decoded.signatureValid()).isTrue();
  }

  /** A store whose copy of every record is {@code bytes}. */
  private record FixedSource(String name, byte[] bytes) implements RecordSource {
    @Override
    public byte[] read(byte[] key) {
      return bytes.clone();
    }
  }

  /** A store whose first read returns damaged bytes (a transient fault), then the real ones. */
  private record FlakySource(RecordSource inner, AtomicInteger reads) implements RecordSource {
    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public byte[] read(byte[] key) {
      byte[] bytes = inner.read(key);
      if (reads.getAndIncrement() == 0) {
        bytes[0] ^= 1;
      }
      return bytes;
    }
  }
}
