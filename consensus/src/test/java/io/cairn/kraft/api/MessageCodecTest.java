package io.cairn.kraft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import io.cairn.testing.Property;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  private static NodeId id(SplittableRandom random) {
    return new NodeId(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
  }

  private static byte[] bytes(SplittableRandom random, int max) {
    byte[] bytes = new byte[random.nextInt(max + 1)];
    random.nextBytes(bytes);
    return bytes;
  }

  private static long position(SplittableRandom random) {
    return random.nextBoolean() ? random.nextInt(100) : random.nextLong(Long.MAX_VALUE);
  }

  private static List<NodeId> ids(SplittableRandom random, int max) {
    List<NodeId> ids = new ArrayList<>();
    int count = random.nextInt(max + 1);
    for (int i = 0; i < count; i++) {
      ids.add(id(random));
    }
    return ids;
  }

  private static NodeId maybeId(SplittableRandom random) {
    return random.nextBoolean() ? null : id(random);
  }

  /** A random message of any type, with random (not necessarily meaningful) field values. */
  static Message randomMessage(SplittableRandom random) {
    NodeId from = id(random);
    NodeId to = id(random);
    long term = position(random);
    return switch (random.nextInt(12)) {
      case 0 -> {
        long prev = random.nextInt(1000);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
          entries.add(new Entry(prev + 1 + i, random.nextInt(9), random.nextBoolean() ? EntryType.NORMAL : EntryType.CONFIG,
              bytes(random, 40)));
        }
        yield new AppendRequest(from, to, term, prev, position(random), entries, position(random), ids(random, 3),
            maybeId(random), random.nextBoolean());
      }
      case 1 -> new AppendResponse(from, to, term, position(random), random.nextBoolean(), position(random),
          position(random), maybeId(random));
      case 2 -> new HeartbeatRequest(from, to, term, position(random), bytes(random, 16), ids(random, 3),
          maybeId(random), random.nextBoolean());
      case 3 -> new HeartbeatResponse(from, to, term, bytes(random, 16), maybeId(random));
      case 4 -> new VoteRequest(from, to, term, random.nextBoolean(), position(random), position(random),
          random.nextBoolean(), ids(random, 3), maybeId(random));
      case 5 -> new VoteResponse(from, to, term, random.nextBoolean(), random.nextBoolean(), maybeId(random));
      case 6 -> {
        byte[] data = bytes(random, 30);
        int offset = random.nextInt(50);
        boolean last = random.nextBoolean();
        yield new SnapshotChunk(from, to, term, new SnapshotMetadata(position(random), position(random),
            Configuration.of(ids(random, 3), ids(random, 2))), offset + data.length + (last ? 0 : 7),
            random.nextInt(), offset, data, last);
      }
      case 7 -> new SnapshotResponse(from, to, term, position(random), position(random));
      case 8 -> new TimeoutNow(from, to, term);
      case 9 -> new ReadIndexRequest(from, to, bytes(random, 16));
      case 10 -> new ReadIndexResponse(from, to, term, position(random), bytes(random, 16));
      default -> {
        List<Message> responses = new ArrayList<>();
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
          responses.add(switch (random.nextInt(3)) {
            case 0 -> new AppendResponse(id(random), to, term, 3, false, 0, 0, from);
            case 1 -> new HeartbeatResponse(id(random), to, term, bytes(random, 4), from);
            default -> new VoteResponse(id(random), to, term, true, false, from);
          });
        }
        yield new RelayBundle(from, to, responses);
      }
    };
  }

  @Test
  void everyMessageRoundTripsToTheSameBytes() {
    Property.of("decode(encode(m)) == m and re-encodes identically", MessageCodecTest::randomMessage)
        .trials(3000)
        .check(message -> {
          byte[] encoded = MessageCodec.encode(message);
          assertThat(MessageCodec.encodedSize(message)).isEqualTo(encoded.length);
          Message decoded = MessageCodec.decode(encoded);
          assertThat(decoded).isEqualTo(message);
          assertThat(MessageCodec.encode(decoded)).isEqualTo(encoded);
        });
  }

  @Test
  void anyFlippedByteIsDetected() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 50; trial++) {
      byte[] encoded = MessageCodec.encode(randomMessage(random));
      for (int i = 0; i < encoded.length; i++) {
        byte[] damaged = encoded.clone();
        damaged[i] ^= (byte) (1 << random.nextInt(8));
        assertThatThrownBy(() -> MessageCodec.decode(damaged)).isInstanceOf(CorruptionException.class);
      }
    }
  }

  @Test
  void everyTruncationIsDetected() {
    byte[] encoded = MessageCodec.encode(randomMessage(new SplittableRandom(11)));
    for (int length = 0; length < encoded.length; length++) {
      byte[] truncated = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> MessageCodec.decode(truncated)).isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void nonCanonicalVarintIsRejectedEvenWithAValidChecksum() {
    NodeId a = new NodeId(1, 2, 3, 4);
    byte[] encoded = MessageCodec.encode(new TimeoutNow(a, a, 5));
    // The term sits right after the two ids; re-encode 5 in two bytes (0x85 0x00).
    int termAt = 6 + 64;
    byte[] padded = new byte[encoded.length + 1];
    System.arraycopy(encoded, 0, padded, 0, termAt);
    padded[termAt] = (byte) 0x85;
    padded[termAt + 1] = 0;
    withFreshChecksum(padded);
    assertThatThrownBy(() -> MessageCodec.decode(padded))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("non-canonical");
  }

  @Test
  void booleanOtherThanZeroOrOneIsRejected() {
    NodeId a = new NodeId(1, 2, 3, 4);
    byte[] encoded = MessageCodec.encode(new VoteResponse(a, a, 5, false, false, null));
    encoded[6 + 64 + 1] = 2;
    withFreshChecksum(encoded);
    assertThatThrownBy(() -> MessageCodec.decode(encoded)).hasMessageContaining("boolean");
  }

  @Test
  void bundlesCarryOnlyTheirOwnAppendHeartbeatAndVoteResponses() {
    NodeId a = new NodeId(1, 2, 3, 4);
    NodeId b = new NodeId(5, 6, 7, 8);
    assertThatThrownBy(() -> new RelayBundle(a, b, List.of(new VoteResponse(a, a, 1, false, false, a))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RelayBundle(a, b, List.of(new VoteResponse(a, b, 1, false, false, b))))
        .isInstanceOf(IllegalArgumentException.class);
    // A bundled response whose type byte says "vote request" is corrupt.
    byte[] encoded = MessageCodec.encode(new RelayBundle(a, b, List.of(new VoteResponse(a, b, 1, false, false, a))));
    encoded[6 + 64 + 1 + 1] = 5;
    withFreshChecksum(encoded);
    assertThatThrownBy(() -> MessageCodec.decode(encoded)).hasMessageContaining("cannot be bundled");
  }

  @Test
  void bundledResponsesLeaveOutTheirDestinationAndRelay() {
    NodeId a = new NodeId(1, 2, 3, 4);
    NodeId b = new NodeId(5, 6, 7, 8);
    VoteResponse grant = new VoteResponse(a, b, 1, false, false, a);
    int alone = MessageCodec.encode(grant).length;
    int bundled = MessageCodec.encode(new RelayBundle(a, b, List.of(grant, grant))).length
        - MessageCodec.encode(new RelayBundle(a, b, List.of(grant))).length;
    assertThat(bundled).isEqualTo(alone - 4 - 1 - 32 - 33 - 4);
  }

  @Test
  void wrongMagicAndVersionAreRejected() {
    NodeId a = new NodeId(1, 2, 3, 4);
    byte[] encoded = MessageCodec.encode(new TimeoutNow(a, a, 1));
    byte[] badVersion = encoded.clone();
    badVersion[4] = 2;
    withFreshChecksum(badVersion);
    assertThatThrownBy(() -> MessageCodec.decode(badVersion)).hasMessageContaining("version");
    byte[] badMagic = encoded.clone();
    badMagic[0] ^= 1;
    withFreshChecksum(badMagic);
    assertThatThrownBy(() -> MessageCodec.decode(badMagic)).hasMessageContaining("magic");
  }

  private static void withFreshChecksum(byte[] message) {
    int crcAt = message.length - 4;
    Varints.putFixed32(message, crcAt, Crc32c.mask(Crc32c.of(message, 0, crcAt)));
  }

  /** Arbitrary bytes either decode to a message whose encoding is exactly those bytes, or are rejected. */
  @FuzzTest(maxDuration = "10s")
  void decoderAcceptsOnlyCanonicalEncodings(byte[] input) {
    Message message;
    try {
      message = MessageCodec.decode(input);
    } catch (CorruptionException rejected) {
      return;
    }
    assertThat(MessageCodec.encode(message)).isEqualTo(input);
  }

  /**
   * The same property below the checksum: arbitrary bodies are framed with the magic, the version
   * and a valid CRC, so the fuzzer reaches the field-level checks instead of stopping at the CRC.
   */
  @FuzzTest(maxDuration = "10s")
  void bodiesWithAValidChecksumDecodeOnlyWhenCanonical(byte[] body) {
    byte[] framed = new byte[5 + body.length + 4];
    Varints.putFixed32(framed, 0, io.cairn.kraft.wire.MessageFormat.MAGIC);
    framed[4] = (byte) io.cairn.kraft.wire.MessageFormat.VERSION;
    System.arraycopy(body, 0, framed, 5, body.length);
    withFreshChecksum(framed);
    decoderAcceptsOnlyCanonicalEncodings(framed);
  }
}
