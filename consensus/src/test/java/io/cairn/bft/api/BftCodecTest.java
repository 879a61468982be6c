package io.cairn.bft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.bft.wire.BftFormat;
import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import io.cairn.testing.Property;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BftCodecTest {
  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static long number(SplittableRandom random) {
    return random.nextBoolean() ? random.nextInt(100) : random.nextLong(Long.MAX_VALUE);
  }

  private static int replica(SplittableRandom random) {
    return random.nextInt(BftFormat.MAX_REPLICA + 1);
  }

  private static List<Request> batch(SplittableRandom random) {
    List<Request> batch = new ArrayList<>();
    for (int i = 0, n = random.nextInt(4); i < n; i++) {
      batch.add(new Request(number(random), 1 + random.nextInt(1000), bytes(random, random.nextInt(20))));
    }
    return batch;
  }

  private static List<Vote> votes(SplittableRandom random) {
    List<Vote> votes = new ArrayList<>();
    int next = random.nextInt(5);
    for (int i = 0, n = random.nextInt(5); i < n; i++) {
      votes.add(new Vote(next, bytes(random, 64)));
      next += 1 + random.nextInt(3);
    }
    return votes;
  }

  private static PrePrepare prePrepare(SplittableRandom random) {
    return new PrePrepare(replica(random), number(random), number(random), bytes(random, 32), batch(random),
        bytes(random, 64));
  }

  private static ViewChange viewChange(SplittableRandom random) {
    List<PreparedProof> prepared = new ArrayList<>();
    for (int i = 0, n = random.nextInt(3); i < n; i++) {
      prepared.add(new PreparedProof(prePrepare(random), votes(random)));
    }
    List<PrePrepare> accepted = new ArrayList<>();
    for (int i = 0, n = random.nextInt(3); i < n; i++) {
      accepted.add(prePrepare(random));
    }
    return new ViewChange(replica(random), number(random),
        new CheckpointProof(number(random), bytes(random, 32), votes(random)), prepared, accepted, bytes(random, 64));
  }

  /** A random message of any type, with random (not necessarily meaningful) field values. */
  static BftMessage randomMessage(SplittableRandom random) {
    int from = replica(random);
    return switch (random.nextInt(11)) {
      case 0 -> new Request(number(random), 1 + number(random), bytes(random, random.nextInt(30)));
      case 1 -> prePrepare(random);
      case 2 -> new Prepare(from, number(random), number(random), bytes(random, 32), bytes(random, 64));
      case 3 -> new Commit(from, number(random), number(random), bytes(random, 32), bytes(random, 64));
      case 4 -> new Checkpoint(from, number(random), bytes(random, 32), bytes(random, 64));
      case 5 -> new Certificate(from, Certificate.Kind.values()[random.nextInt(4)], number(random), number(random),
          bytes(random, 32), votes(random));
      case 6 -> viewChange(random);
      case 7 -> {
        List<ViewChange> changes = new ArrayList<>();
        List<PrePrepare> prePrepares = new ArrayList<>();
        for (int i = 0, n = random.nextInt(3); i < n; i++) {
          changes.add(viewChange(random));
          prePrepares.add(prePrepare(random));
        }
        yield new NewView(from, number(random), changes, prePrepares, bytes(random, 64));
      }
      case 8 -> new FetchState(from, number(random), bytes(random, 64));
      case 9 -> new StateSnapshot(from, number(random), bytes(random, random.nextInt(100)), bytes(random, 64));
      default -> new Reply(from, number(random), number(random), 1 + number(random), number(random), bytes(random, 64));
    };
  }

  @Test
  void everyMessageRoundTripsToTheSameBytes() {
    Property.of("encode(decode(encode(m))) == encode(m)", BftCodecTest::randomMessage)
        .trials(2000)
        .describeWith(BftMessage::brief)
        .check(message -> {
          byte[] encoded = BftCodec.encode(message);
          BftMessage decoded = BftCodec.decode(encoded);
          assertThat(decoded.getClass()).isEqualTo(message.getClass());
          assertThat(decoded.brief()).isEqualTo(message.brief());
          assertThat(BftCodec.encode(decoded)).isEqualTo(encoded);
          assertThat(BftCodec.signedBytes(decoded)).isEqualTo(BftCodec.signedBytes(message));
        });
  }

  @Test
  void signedBytesLeaveOutOnlyTheSignature() {
    Prepare prepare = new Prepare(2, 5, 9, new byte[32], new byte[64]);
    byte[] framed = BftCodec.encode(prepare);
    byte[] signed = BftCodec.signedBytes(prepare);
    // magic + version, then the signed body, then the signature (length 64 + 64 bytes), then the CRC.
    assertThat(framed.length).isEqualTo(5 + signed.length + 1 + 64 + 4);
    assertThat(Arrays.copyOfRange(framed, 5, 5 + signed.length)).isEqualTo(signed);
    assertThat(BftCodec.signedBytes(prepare.withSignature(new byte[] {1}))).isEqualTo(signed);
  }

  @Test
  void anyFlippedBitIsDetected() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 40; trial++) {
      byte[] encoded = BftCodec.encode(randomMessage(random));
      for (int i = 0; i < encoded.length; i++) {
        byte[] damaged = encoded.clone();
        damaged[i] ^= (byte) (1 << random.nextInt(8));
        assertThatThrownBy(() -> BftCodec.decode(damaged)).isInstanceOf(CorruptionException.class);
      }
    }
  }

  @Test
  void everyTruncationIsDetected() {
    byte[] encoded = BftCodec.encode(viewChange(new SplittableRandom(11)));
    for (int length = 0; length < encoded.length; length++) {
      byte[] truncated = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> BftCodec.decode(truncated)).isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void votesOutOfOrderAreRejectedEvenWithAValidChecksum() {
    byte[] sig = new byte[2];
    byte[] encoded = BftCodec.encode(new Certificate(1, Certificate.Kind.PREPARED, 0, 1, new byte[32],
        List.of(new Vote(3, sig), new Vote(4, sig))));
    // Body: type, sender, kind, view, seq, digest (1 + 32), count, then (voter, len, sig) pairs.
    int firstVoter = 5 + 1 + 1 + 1 + 1 + 1 + 33 + 1;
    assertThat(encoded[firstVoter]).isEqualTo((byte) 3);
    encoded[firstVoter] = 4;
    withFreshChecksum(encoded);
    assertThatThrownBy(() -> BftCodec.decode(encoded)).hasMessageContaining("ascending");
    assertThatThrownBy(() -> new Certificate(1, Certificate.Kind.PREPARED, 0, 1, new byte[32],
        List.of(new Vote(4, sig), new Vote(4, sig)))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void digestsOfAnyOtherLengthAreRejected() {
    byte[] encoded = BftCodec.encode(new Prepare(1, 0, 1, new byte[32], new byte[0]));
    int digestLength = 5 + 1 + 1 + 1 + 1;
    encoded[digestLength] = 31;
    withFreshChecksum(encoded);
    assertThatThrownBy(() -> BftCodec.decode(encoded)).isInstanceOf(CorruptionException.class);
  }

  @Test
  void wrongMagicAndVersionAreRejected() {
    byte[] encoded = BftCodec.encode(new FetchState(1, 16, new byte[64]));
    byte[] badVersion = encoded.clone();
    badVersion[4] = 2;
    withFreshChecksum(badVersion);
    assertThatThrownBy(() -> BftCodec.decode(badVersion)).hasMessageContaining("version");
    byte[] badMagic = encoded.clone();
    badMagic[0] ^= 1;
    withFreshChecksum(badMagic);
    assertThatThrownBy(() -> BftCodec.decode(badMagic)).hasMessageContaining("magic");
  }

  @Test
  void batchDigestDependsOnOrderAndContent() {
    Request a = new Request(1, 1, new byte[] {1});
    Request b = new Request(2, 1, new byte[] {1});
    assertThat(BftCodec.batchDigest(List.of(a, b))).isNotEqualTo(BftCodec.batchDigest(List.of(b, a)));
    assertThat(BftCodec.batchDigest(List.of())).hasSize(32).isNotEqualTo(BftCodec.batchDigest(List.of(a)));
  }

  private static void withFreshChecksum(byte[] message) {
    int crcAt = message.length - 4;
    Varints.putFixed32(message, crcAt, Crc32c.mask(Crc32c.of(message, 0, crcAt)));
  }

  /** Arbitrary bytes either decode to a message whose encoding is exactly those bytes, or are rejected. */
  @FuzzTest(maxDuration = "10s")
  void decoderAcceptsOnlyCanonicalEncodings(byte[] input) {
    BftMessage message;
    try {
      message = BftCodec.decode(input);
    } catch (CorruptionException rejected) {
      return;
    }
    assertThat(BftCodec.encode(message)).isEqualTo(input);
  }

  /** The same below the checksum: bodies framed with magic, version and a valid CRC reach the field checks. */
  @FuzzTest(maxDuration = "10s")
  void bodiesWithAValidChecksumDecodeOnlyWhenCanonical(byte[] body) {
    byte[] framed = new byte[5 + body.length + 4];
    Varints.putFixed32(framed, 0, BftFormat.MAGIC);
    framed[4] = (byte) BftFormat.VERSION;
    System.arraycopy(body, 0, framed, 5, body.length);
    withFreshChecksum(framed);
    decoderAcceptsOnlyCanonicalEncodings(framed);
  }
}
