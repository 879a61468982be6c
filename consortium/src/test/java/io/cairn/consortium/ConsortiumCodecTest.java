package io.cairn.consortium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.chain.api.Identity;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Round trips, every flipped bit and truncation rejected, and Jazzer targets for every consortium decoder. */
class ConsortiumCodecTest {
  private static final SplittableRandom RANDOM = new SplittableRandom(21);
  private static final Identity HQ = Identity.fromSeed(new byte[32]);
  private static final Identity ENTERPRISE = Identity.fromSeed(filled(7));
  private static final Regulator REGULATOR = new Regulator(Identity.fromSeed(filled(9)));

  private static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  /** One encoding of every type, each with its decoder. */
  static List<Object[]> samples() {
    EnterpriseCertificate certificate = REGULATOR.admit(ENTERPRISE.key(), "acme", 2, 1234);
    StateUpload upload = StateUpload.sign(ENTERPRISE, 2, 5, 99, new byte[] {1, 2, 3});
    X25519Key key = X25519Key.fromSecret(filled(3));
    UploadEnvelope envelope = UploadCipher.seal(upload, key.publicKey(), new SecureRandom());
    SessionEnvelope session = new UploadSession(ENTERPRISE.key(), 2, key.publicKey(), new SecureRandom()).seal(upload);
    DataSet dataSet = DataSet.seal(HQ, 2, 7, List.of(upload, StateUpload.sign(ENTERPRISE, 2, 6, 100, new byte[0])));
    ConsortiumBlock block = ConsortiumBlock.propose(HQ, 3, 0, new byte[32], 7, 8000, List.of(dataSet), 0);
    VerificationResult result = VerificationResult.sign(HQ, 1, 0, block.hash(), BlockFault.VALID);
    VerificationResult bad = VerificationResult.sign(HQ, 1, 0, block.hash(), BlockFault.BAD_RECORD);
    VerificationReply reply = VerificationReply.sign(HQ, 1, result, List.of(bad));
    Evidence evidence = new Evidence(Evidence.Kind.CONTRADICTORY_RESULTS, 1, 0, block.hash(),
        List.of(result.encode(), bad.encode()));
    CommitRecord commit = CommitRecord.sign(HQ, 3, 0, block.hash(), List.of(result), List.of(evidence));
    return List.of(
        new Object[] {certificate.encode(), (Function<byte[], byte[]>) b -> EnterpriseCertificate.decode(b).encode()},
        new Object[] {REGULATOR.revoke(certificate, "closed", 5).encode(),
            (Function<byte[], byte[]>) b -> Revocation.decode(b).encode()},
        new Object[] {upload.encode(), (Function<byte[], byte[]>) b -> StateUpload.decode(b).encode()},
        new Object[] {envelope.encode(), (Function<byte[], byte[]>) b -> UploadEnvelope.decode(b).encode()},
        new Object[] {session.encode(), (Function<byte[], byte[]>) b -> SessionEnvelope.decode(b).encode()},
        new Object[] {dataSet.encode(), (Function<byte[], byte[]>) b -> DataSet.decode(b).encode()},
        new Object[] {block.encode(), (Function<byte[], byte[]>) b -> ConsortiumBlock.decode(b).encode()},
        new Object[] {result.encode(), (Function<byte[], byte[]>) b -> VerificationResult.decode(b).encode()},
        new Object[] {reply.encode(), (Function<byte[], byte[]>) b -> VerificationReply.decode(b).encode()},
        new Object[] {evidence.encode(), (Function<byte[], byte[]>) b -> Evidence.decode(b).encode()},
        new Object[] {commit.encode(), (Function<byte[], byte[]>) b -> CommitRecord.decode(b).encode()},
        new Object[] {HqMessageCodec.encode(new HqMessage(3, 1, new HqMessage.Proposal(block))),
            (Function<byte[], byte[]>) b -> HqMessageCodec.encode(HqMessageCodec.decode(b))},
        new Object[] {HqMessageCodec.encode(new HqMessage(1, 3, new HqMessage.Reply(reply))),
            (Function<byte[], byte[]>) b -> HqMessageCodec.encode(HqMessageCodec.decode(b))},
        new Object[] {HqMessageCodec.encode(new HqMessage(1, 2, new HqMessage.Bft(
            new io.cairn.bft.api.Request(7, 1, commit.encode())))),
            (Function<byte[], byte[]>) b -> HqMessageCodec.encode(HqMessageCodec.decode(b))},
        new Object[] {HqMessageCodec.encode(new HqMessage(2, 0, new HqMessage.SyncRequest(5))),
            (Function<byte[], byte[]>) b -> HqMessageCodec.encode(HqMessageCodec.decode(b))},
        new Object[] {HqMessageCodec.encode(new HqMessage(0, 2, new HqMessage.SyncAnswer(1, List.of(block),
            List.of(commit)))), (Function<byte[], byte[]>) b -> HqMessageCodec.encode(HqMessageCodec.decode(b))});
  }

  @SuppressWarnings("unchecked")
  private static Function<byte[], byte[]> codec(Object[] sample) {
    return (Function<byte[], byte[]>) sample[1];
  }

  @Test
  void everyEncodingRoundTripsToTheSameBytes() {
    for (Object[] sample : samples()) {
      byte[] bytes = (byte[]) sample[0];
      assertThat(codec(sample).apply(bytes)).isEqualTo(bytes);
    }
  }

  @Test
  void anyFlippedBitOrTruncationIsDetected() {
    for (Object[] sample : samples()) {
      byte[] bytes = (byte[]) sample[0];
      for (int trial = 0; trial < 64; trial++) {
        byte[] flipped = bytes.clone();
        int bit = RANDOM.nextInt(flipped.length * 8);
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThatThrownBy(() -> codec(sample).apply(flipped)).isInstanceOfAny(CorruptionException.class,
            InvalidArgumentException.class);
      }
      for (int length = 0; length < bytes.length; length += 1 + length / 8) {
        byte[] truncated = java.util.Arrays.copyOf(bytes, length);
        assertThatThrownBy(() -> codec(sample).apply(truncated)).isInstanceOfAny(CorruptionException.class,
            InvalidArgumentException.class);
      }
    }
  }

  @Test
  void signaturesCoverTheFieldsAndTheRootsTheContent() {
    StateUpload upload = StateUpload.sign(ENTERPRISE, 2, 5, 99, new byte[] {1, 2, 3});
    assertThat(upload.signatureValid()).isTrue();
    StateUpload moved = StateUpload.withSignature(ENTERPRISE.key(), 2, 6, 99, new byte[] {1, 2, 3},
        ENTERPRISE.sign(new byte[] {1}));
    assertThat(moved.signatureValid()).isFalse();
    DataSet dataSet = DataSet.seal(HQ, 2, 7, List.of(upload));
    assertThat(dataSet.signedBy(HQ.key())).isTrue();
    assertThat(dataSet.rootMatches()).isTrue();
    assertThat(DataSet.forge(HQ, 2, 7, List.of(upload), new byte[32]).rootMatches()).isFalse();
  }

  /** Arbitrary bytes either decode to an object whose encoding is exactly those bytes, or are rejected. */
  @FuzzTest(maxDuration = "10s")
  void decodersAcceptOnlyCanonicalEncodings(byte[] input) {
    for (Function<byte[], byte[]> decoder : DECODERS) {
      byte[] again;
      try {
        again = decoder.apply(input);
      } catch (CorruptionException | InvalidArgumentException rejected) {
        continue;
      }
      assertThat(again).isEqualTo(input);
    }
  }

  private static final List<Function<byte[], byte[]>> DECODERS = List.of(
      b -> EnterpriseCertificate.decode(b).encode(), b -> Revocation.decode(b).encode(),
      b -> StateUpload.decode(b).encode(), b -> UploadEnvelope.decode(b).encode(),
      b -> SessionEnvelope.decode(b).encode(), b -> DataSet.decode(b).encode(),
      b -> ConsortiumBlock.decode(b).encode(), b -> VerificationResult.decode(b).encode(),
      b -> VerificationReply.decode(b).encode(), b -> Evidence.decode(b).encode(), b -> CommitRecord.decode(b).encode(),
      b -> HqMessageCodec.encode(HqMessageCodec.decode(b)));
}
