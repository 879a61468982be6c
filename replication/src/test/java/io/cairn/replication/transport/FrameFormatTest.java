package io.cairn.replication.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import io.cairn.testing.Property;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameFormatTest {
  @Test
  void framesRoundTripAndEveryFlippedBitIsDetected() {
    Property.of("frame round trip", random -> {
      List<Frame> frames = new ArrayList<>();
      int count = 1 + random.nextInt(4);
      for (int i = 0; i < count; i++) {
        byte[] payload = new byte[random.nextInt(300)];
        random.nextBytes(payload);
        frames.add(new Frame(Frame.Type.values()[random.nextInt(Frame.Type.values().length)], payload));
      }
      return frames;
    }).trials(200).check(frames -> {
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      frames.forEach(frame -> stream.writeBytes(FrameFormat.encode(frame)));
      byte[] bytes = stream.toByteArray();
      assertThat(FrameFormat.decodeAll(bytes)).isEqualTo(frames);
      int bit = (bytes.length * 8 - 1) / 2;
      bytes[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> FrameFormat.decodeAll(bytes)).isInstanceOf(CorruptionException.class);
    });
  }

  @Test
  void aFrameWithATailIsOnTheWireTheFrameOfBothPartsTogether() {
    Property.of("head + tail frames encode as one payload", random -> {
      byte[] head = new byte[random.nextInt(50)];
      byte[] shared = new byte[random.nextInt(300)];
      random.nextBytes(head);
      random.nextBytes(shared);
      int offset = random.nextInt(shared.length + 1);
      return new Frame(Frame.Type.RAFT, head, new Frame.Tail(shared, offset, random.nextInt(shared.length - offset + 1)));
    }).trials(200).check(frame -> {
      Frame whole = new Frame(Frame.Type.RAFT, frame.wholePayload());
      assertThat(whole.payload()).hasSize(frame.payloadLength());
      byte[] header = FrameFormat.header(frame);
      assertThat(header).isEqualTo(FrameFormat.header(whole));
      assertThat(FrameFormat.trailer(header, frame)).isEqualTo(FrameFormat.trailer(header, whole));
      assertThat(FrameFormat.decodeAll(FrameFormat.encode(frame))).containsExactly(whole);
      assertThat(frame).isEqualTo(whole);
    });
  }

  @Test
  void anOversizedLengthIsRefusedFromTheHeaderAlone() {
    byte[] header = new byte[FrameFormat.HEADER_BYTES];
    Varints.putFixed32(header, 0, FrameFormat.MAGIC);
    header[4] = FrameFormat.VERSION;
    header[5] = (byte) Frame.Type.RAFT.code();
    Varints.putFixed32(header, 6, FrameFormat.PAYLOAD_BYTES_MAX + 1);
    assertThatThrownBy(() -> FrameFormat.payloadLength(header, 0)).hasMessageContaining("exceeds");
    header[5] = 99;
    assertThatThrownBy(() -> FrameFormat.payloadLength(header, 0)).hasMessageContaining("unknown frame type");
  }

  /** Any byte stream either decodes into frames that re-encode to exactly it, or is refused. */
  @FuzzTest(maxDuration = "10s")
  void decoderAcceptsOnlyWholeCanonicalFrames(byte[] input) {
    List<Frame> frames;
    try {
      frames = FrameFormat.decodeAll(input);
    } catch (CorruptionException refused) {
      return;
    }
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    frames.forEach(frame -> stream.writeBytes(FrameFormat.encode(frame)));
    assertThat(stream.toByteArray()).isEqualTo(input);
  }

  /** The same below the checksum: an arbitrary type and payload framed with a fresh CRC. */
  @FuzzTest(maxDuration = "10s")
  void framedBodiesDecodeWhenTheirTypeIsKnown(byte[] body) {
    if (body.length < 1) {
      return;
    }
    byte[] framed = new byte[FrameFormat.HEADER_BYTES + body.length - 1 + FrameFormat.TRAILER_BYTES];
    Varints.putFixed32(framed, 0, FrameFormat.MAGIC);
    framed[4] = FrameFormat.VERSION;
    framed[5] = body[0];
    Varints.putFixed32(framed, 6, body.length - 1);
    System.arraycopy(body, 1, framed, FrameFormat.HEADER_BYTES, body.length - 1);
    int crcAt = framed.length - 4;
    Varints.putFixed32(framed, crcAt, Crc32c.mask(Crc32c.of(framed, 4, crcAt - 4)));
    decoderAcceptsOnlyWholeCanonicalFrames(framed);
    if (Frame.Type.ofCode(body[0] & 0xFF) != null) {
      assertThat(FrameFormat.decodeAll(framed)).hasSize(1);
    }
  }
}
