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
    // The term sits right after the body's type and sender; re-encode 5 in two bytes (0x85 0x00).
    int termAt = PLAIN_ENVELOPE + 1 + 32;
    byte[] padded = new byte[encoded.length + 1];
    System.arraycopy(encoded, 0, padded, 0, termAt);
    padded[termAt] = (byte) 0x85;
    padded[termAt + 1] = 0;
    System.arraycopy(encoded, termAt + 1, padded, termAt + 2, encoded.length - termAt - 1);
    withFreshChecksums(padded);
    assertThatThrownBy(() -> MessageCodec.decode(padded))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("non-canonical");
  }

  @Test
  void booleanOtherThanZeroOrOneIsRejected() {
    NodeId a = new NodeId(1, 2, 3, 4);
    byte[] encoded = MessageCodec.encode(new VoteResponse(a, a, 5, false, false, null));
    encoded[PLAIN_ENVELOPE + 1 + 32 + 1] = 2;
    withFreshChecksums(encoded);
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
    encoded[PLAIN_ENVELOPE + 1 + 32 + 1 + 1] = 5;
    withFreshChecksums(encoded);
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
    // Alone it also has the envelope (magic, version, to, empty fanout, relay, CRC) and a body CRC.
    assertThat(bundled).isEqualTo(alone - 4 - 1 - 32 - 1 - 33 - 4 - 4);
  }

  @Test
  void wrongMagicAndVersionAreRejected() {
    NodeId a = new NodeId(1, 2, 3, 4);
    byte[] encoded = MessageCodec.encode(new TimeoutNow(a, a, 1));
    byte[] badVersion = encoded.clone();
    badVersion[4] = 3;
    withFreshChecksums(badVersion);
    assertThatThrownBy(() -> MessageCodec.decode(badVersion)).hasMessageContaining("version");
    byte[] badMagic = encoded.clone();
    badMagic[0] ^= 1;
    withFreshChecksums(badMagic);
    assertThatThrownBy(() -> MessageCodec.decode(badMagic)).hasMessageContaining("magic");
  }

  @Test
  void versionOneIsRefusedWithAClearError() {
    // Version 1's layout: magic, version 1, type, from, to, term, body, one CRC over it all.
    NodeId a = new NodeId(1, 2, 3, 4);
    byte[] old = timeoutNowVersion1(a, 7);
    assertThatThrownBy(() -> MessageCodec.decode(old)).isInstanceOf(CorruptionException.class)
        .hasMessageContaining("version 1 is not supported").hasMessageContaining("same wire version");
  }

  /** A TimeoutNow in version 1's layout, padded to version 2's minimum so the length check does not answer first. */
  private static byte[] timeoutNowVersion1(NodeId id, long term) {
    io.cairn.common.ByteWriter out = new io.cairn.common.ByteWriter(128);
    out.u32(io.cairn.kraft.wire.MessageFormat.MAGIC).u8(1).u8(9);
    id.writeTo(id.writeTo(out)).varint(term);
    return out.raw(new byte[8]).crcFrom(0).toByteArray();
  }

  @Test
  void envelopeAndBodyConcatenateToTheMessageAndForwardedCopiesShareTheBody() {
    Property.of("encode(m) == envelope(m) + body(m); a forwarded copy has the same body", MessageCodecTest::randomMessage)
        .trials(1000)
        .check(message -> {
          byte[] whole = MessageCodec.encode(message);
          byte[] envelope = io.cairn.kraft.wire.MessageEncoder.encodeEnvelope(message);
          byte[] body = io.cairn.kraft.wire.MessageEncoder.encodeBody(message);
          assertThat(whole).isEqualTo(concat(envelope, body));
          var split = io.cairn.kraft.wire.MessageDecoder.decodeSplit(whole);
          assertThat(split.bodyOffset()).isEqualTo(envelope.length);
          if (message instanceof RelayableRequest request) {
            NodeId member = new NodeId(9, 9, 9, 9);
            RelayableRequest copy = request.forwardedTo(member, request.to());
            assertThat(io.cairn.kraft.wire.MessageEncoder.encodeBody(copy)).isEqualTo(body);
            assertThat(MessageCodec.decode(concat(io.cairn.kraft.wire.MessageEncoder.encodeEnvelope(copy), body)))
                .isEqualTo(copy);
          }
        });
  }

  @Test
  void aFanoutOrRelayOnATypeThatHasNoneIsRejected() {
    NodeId a = new NodeId(1, 2, 3, 4);
    byte[] body = io.cairn.kraft.wire.MessageEncoder.encodeBody(new TimeoutNow(a, a, 1));
    // The envelope of a vote request with a fanout of one, put in front of a TimeoutNow body.
    byte[] envelope = io.cairn.kraft.wire.MessageEncoder.encodeEnvelope(
        new VoteRequest(a, a, 1, false, 0, 0, false, List.of(a), null));
    assertThatThrownBy(() -> MessageCodec.decode(concat(envelope, body))).hasMessageContaining("cannot carry a fanout");
    byte[] relayed = io.cairn.kraft.wire.MessageEncoder.encodeEnvelope(new VoteResponse(a, a, 1, false, false, a));
    assertThatThrownBy(() -> MessageCodec.decode(concat(relayed, body))).hasMessageContaining("cannot name a relay");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Envelope bytes of a message with no fanout and no relay. */
  private static final int PLAIN_ENVELOPE = 4 + 1 + 32 + 1 + 1 + 4;

  /** Recomputes both checksums of a message whose fanout has fewer than 128 ids. */
  private static void withFreshChecksums(byte[] message) {
    int relayAt = 38 + 32 * message[37];
    int envelopeCrcAt = relayAt + (message[relayAt] == 1 ? 33 : 1);
    Varints.putFixed32(message, envelopeCrcAt, Crc32c.mask(Crc32c.of(message, 0, envelopeCrcAt)));
    int bodyAt = envelopeCrcAt + 4;
    int crcAt = message.length - 4;
    Varints.putFixed32(message, crcAt, Crc32c.mask(Crc32c.of(message, bodyAt, crcAt - bodyAt)));
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
   * The same property below the checksums: the input's first byte says where its envelope fields
   * end; both parts are framed with the magic, the version and valid CRCs, so the fuzzer reaches
   * the field-level checks of envelope and body instead of stopping at a CRC.
   */
  @FuzzTest(maxDuration = "10s")
  void bodiesWithAValidChecksumDecodeOnlyWhenCanonical(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int split = Math.min(input.length - 1, input[0] & 0xff);
    io.cairn.common.ByteWriter out = new io.cairn.common.ByteWriter(input.length + 16);
    out.u32(io.cairn.kraft.wire.MessageFormat.MAGIC).u8(io.cairn.kraft.wire.MessageFormat.VERSION)
        .raw(input, 1, split).crcFrom(0);
    int bodyAt = out.size();
    out.raw(input, 1 + split, input.length - 1 - split).crcFrom(bodyAt);
    decoderAcceptsOnlyCanonicalEncodings(out.toByteArray());
  }
}
