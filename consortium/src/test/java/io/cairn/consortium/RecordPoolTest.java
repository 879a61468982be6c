package io.cairn.consortium;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.Identity;
import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every reason an HQ's record pool refuses an upload, and acceptance from many threads. */
class RecordPoolTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Regulator regulator = new Regulator(Identity.generate());
  private final AdmissionRegistry registry = new AdmissionRegistry(regulator.key());
  private final X25519Key hqKey = X25519Key.generate(RANDOM);
  private final RecordPool pool = new RecordPool(1, hqKey, registry);
  private final Identity alice = Identity.generate();
  private final Identity mallory = Identity.generate();

  RecordPoolTest() {
    assertThat(registry.admit(regulator.admit(alice.key(), "alice", 1, 0))).isNull();
    assertThat(registry.admit(regulator.admit(mallory.key(), "mallory", 1, 0))).isNull();
  }

  private byte[] sealed(StateUpload upload) {
    return UploadCipher.seal(upload, hqKey.publicKey(), RANDOM).encode();
  }

  private UploadVerdict verdict(byte[] envelope) {
    return pool.accept(envelope).verdict();
  }

  @Test
  void acceptsOnceAndRefusesTheReplay() {
    byte[] envelope = sealed(StateUpload.sign(alice, 1, 1, 10, new byte[] {1}));
    assertThat(verdict(envelope)).isEqualTo(UploadVerdict.ACCEPTED);
    assertThat(verdict(envelope)).isEqualTo(UploadVerdict.REPLAY);
    assertThat(verdict(sealed(StateUpload.sign(alice, 1, 1, 11, new byte[] {2})))).isEqualTo(UploadVerdict.REPLAY);
    assertThat(verdict(sealed(StateUpload.sign(alice, 1, 2, 12, new byte[] {3})))).isEqualTo(UploadVerdict.ACCEPTED);
    assertThat(pool.drain()).extracting(StateUpload::sequence).containsExactly(1L, 2L);
    assertThat(pool.size()).isZero();
  }

  @Test
  void refusesImpersonationForgedSignaturesAndChangedSenders() {
    StateUpload alices = StateUpload.sign(alice, 1, 5, 10, new byte[] {1});
    assertThat(verdict(UploadCipher.seal(alices, mallory.key(), hqKey.publicKey(), RANDOM).encode()))
        .isEqualTo(UploadVerdict.IMPERSONATION);
    StateUpload claimed = StateUpload.withSignature(alice.key(), 1, 6, 10, new byte[] {1}, mallory.sign(new byte[] {1}));
    assertThat(verdict(sealed(claimed))).isEqualTo(UploadVerdict.BAD_SIGNATURE);
    byte[] envelope = sealed(StateUpload.sign(mallory, 1, 1, 10, new byte[] {1}));
    alice.key().copyTo(envelope, 5);
    Varints.putFixed32(envelope, envelope.length - 4, Crc32c.mask(Crc32c.of(envelope, 0, envelope.length - 4)));
    assertThat(verdict(envelope)).isEqualTo(UploadVerdict.UNDECRYPTABLE);
    assertThat(pool.size()).isZero();
  }

  @Test
  void refusesUnknownRevokedWrongHqAndMalformed() {
    Identity stranger = Identity.generate();
    assertThat(verdict(sealed(StateUpload.sign(stranger, 1, 1, 10, new byte[0])))).isEqualTo(UploadVerdict.NOT_ADMITTED);
    Identity elsewhere = Identity.generate();
    registry.admit(regulator.admit(elsewhere.key(), "elsewhere", 2, 0));
    assertThat(verdict(sealed(StateUpload.sign(elsewhere, 1, 1, 10, new byte[0])))).isEqualTo(UploadVerdict.WRONG_HQ);
    assertThat(verdict(UploadCipher.seal(StateUpload.sign(alice, 2, 1, 10, new byte[0]), hqKey.publicKey(), RANDOM)
        .encode())).isEqualTo(UploadVerdict.WRONG_HQ);
    EnterpriseCertificate certificate = registry.certificate(mallory.key());
    assertThat(registry.revoke(regulator.revoke(certificate, "closed", 5))).isNull();
    assertThat(verdict(sealed(StateUpload.sign(mallory, 1, 9, 10, new byte[0])))).isEqualTo(UploadVerdict.REVOKED);
    assertThat(verdict(new byte[] {1, 2, 3})).isEqualTo(UploadVerdict.MALFORMED);
    byte[] otherHq = UploadCipher.seal(StateUpload.sign(alice, 1, 3, 10, new byte[0]),
        X25519Key.generate(RANDOM).publicKey(), RANDOM).encode();
    assertThat(verdict(otherHq)).isEqualTo(UploadVerdict.UNDECRYPTABLE);
  }

  @Test
  void aSessionOpensEachEnvelopeOnceInCounterOrder() {
    UploadSession session = new UploadSession(alice.key(), 1, hqKey.publicKey(), RANDOM);
    byte[] first = session.seal(StateUpload.sign(alice, 1, 1, 10, new byte[] {1})).encode();
    byte[] second = session.seal(StateUpload.sign(alice, 1, 2, 11, new byte[] {2})).encode();
    byte[] third = session.seal(StateUpload.sign(alice, 1, 3, 12, new byte[] {3})).encode();
    assertThat(verdict(first)).isEqualTo(UploadVerdict.ACCEPTED);
    assertThat(verdict(first)).isEqualTo(UploadVerdict.REPLAY);
    assertThat(verdict(third)).isEqualTo(UploadVerdict.ACCEPTED);
    assertThat(verdict(second)).as("a counter below the last one opened").isEqualTo(UploadVerdict.REPLAY);
    assertThat(pool.drain()).extracting(StateUpload::sequence).containsExactly(1L, 3L);
  }

  @Test
  void aSessionEnvelopeRefusesChangedBytesAnotherSenderAndAnotherEnterprisesRecord() {
    UploadSession session = new UploadSession(mallory.key(), 1, hqKey.publicKey(), RANDOM);
    SessionEnvelope envelope = session.seal(StateUpload.sign(mallory, 1, 1, 10, new byte[] {1}));
    SessionEnvelope renumbered = new SessionEnvelope(envelope.sender(), 1, envelope.session(), 7,
        envelope.ciphertext());
    assertThat(verdict(renumbered.encode())).as("the counter is associated data").isEqualTo(UploadVerdict.UNDECRYPTABLE);
    SessionEnvelope asAlice = new SessionEnvelope(alice.key(), 1, envelope.session(), envelope.counter(),
        envelope.ciphertext());
    assertThat(verdict(asAlice.encode())).isEqualTo(UploadVerdict.UNDECRYPTABLE);
    assertThat(verdict(envelope.encode())).as("refused envelopes did not move the counter")
        .isEqualTo(UploadVerdict.ACCEPTED);
    assertThat(verdict(session.seal(StateUpload.sign(alice, 1, 1, 10, new byte[] {1})).encode()))
        .isEqualTo(UploadVerdict.IMPERSONATION);
    UploadSession toAnotherHq = new UploadSession(mallory.key(), 1, X25519Key.generate(RANDOM).publicKey(), RANDOM);
    assertThat(verdict(toAnotherHq.seal(StateUpload.sign(mallory, 1, 2, 10, new byte[0])).encode()))
        .isEqualTo(UploadVerdict.UNDECRYPTABLE);
    assertThat(pool.size()).isEqualTo(1);
  }

  @Test
  void theRegistryRefusesCertificatesAndRevocationsNotFromTheRegulator() {
    Regulator impostor = new Regulator(Identity.generate());
    assertThat(registry.admit(impostor.admit(Identity.generate().key(), "x", 1, 0))).contains("not signed");
    assertThat(registry.revoke(impostor.revoke(registry.certificate(alice.key()), "x", 0))).contains("not signed");
    assertThat(registry.status(alice.key())).isEqualTo(AdmissionRegistry.Status.ADMITTED);
  }

  @Test
  void acceptsFromManyThreadsExactlyOncePerSequence() {
    List<byte[]> envelopes = IntStream.rangeClosed(1, 200)
        .mapToObj(i -> sealed(StateUpload.sign(alice, 1, i, i, new byte[] {(byte) i}))).toList();
    AtomicInteger accepted = new AtomicInteger();
    IntStream.range(0, 400).parallel().forEach(i -> {
      if (pool.accept(envelopes.get(i % 200)).accepted()) {
        accepted.incrementAndGet();
      }
    });
    List<StateUpload> drained = pool.drain();
    assertThat(drained).hasSize(accepted.get());
    assertThat(drained).extracting(StateUpload::sequence).doesNotHaveDuplicates().isSorted();
    assertThat(accepted.get()).isPositive();
  }
}
