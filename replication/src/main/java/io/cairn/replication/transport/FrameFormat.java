package io.cairn.replication.transport;

import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The frame layout on a member-to-member TCP connection ({@code docs/formats/replication-frame.md}):
 *
 * <pre>
 * magic   u32 LE  0x4652_4E43 ("CNRF")
 * version u8      1
 * type    u8      {@link Frame.Type} code
 * length  u32 LE  payload bytes, at most {@link #PAYLOAD_BYTES_MAX}
 * payload length bytes
 * crc     u32 LE  masked CRC32C of version, type, length and payload
 * </pre>
 *
 * <p>The header is checked before the payload is awaited, so a peer announcing an oversized or
 * unknown frame is refused after 10 bytes, without buffering its payload.
 *
 * <p>Thread-safety: stateless.
 */
public final class FrameFormat {
  /** The first four bytes of every frame. */
  public static final int MAGIC = 0x46524E43;
  /** The only version. */
  public static final int VERSION = 1;
  /** Bytes before the payload. */
  public static final int HEADER_BYTES = 10;
  /** Bytes after the payload. */
  public static final int TRAILER_BYTES = 4;
  /** Largest payload: 16 MiB (KRaft appends are capped at 1 MiB, snapshot chunks at 64 KiB). */
  public static final int PAYLOAD_BYTES_MAX = 16 << 20;

  private FrameFormat() {}

  /** The whole encoding of {@code frame}. */
  public static byte[] encode(Frame frame) {
    byte[] payload = frame.wholePayload();
    byte[] out = new byte[HEADER_BYTES + payload.length + TRAILER_BYTES];
    System.arraycopy(header(frame), 0, out, 0, HEADER_BYTES);
    System.arraycopy(payload, 0, out, HEADER_BYTES, payload.length);
    System.arraycopy(trailer(out, frame), 0, out, HEADER_BYTES + payload.length, TRAILER_BYTES);
    return out;
  }

  /**
   * The {@value #HEADER_BYTES} bytes before {@code frame}'s payload; with the payload itself and
   * {@link #trailer} they are its whole encoding, without a copy of the payload (the transport
   * writes the three in turn).
   */
  public static byte[] header(Frame frame) {
    byte[] out = new byte[HEADER_BYTES];
    Varints.putFixed32(out, 0, MAGIC);
    out[4] = VERSION;
    out[5] = (byte) frame.type().code();
    Varints.putFixed32(out, 6, frame.payloadLength());
    return out;
  }

  /** The {@value #TRAILER_BYTES} bytes after {@code frame}'s payload, {@code header} its {@link #header}. */
  public static byte[] trailer(byte[] header, Frame frame) {
    byte[] out = new byte[TRAILER_BYTES];
    CRC32C crc = new CRC32C();
    crc.update(header, 4, HEADER_BYTES - 4);
    crc.update(frame.payload(), 0, frame.payload().length);
    Frame.Tail tail = frame.tail();
    if (tail != null) {
      crc.update(tail.array(), tail.offset(), tail.length());
    }
    Varints.putFixed32(out, 0, Crc32c.mask((int) crc.getValue()));
    return out;
  }

  /** The raw CRC32C of a frame: its header after the magic, then its payload. */
  private static int checksum(byte[] header, byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(header, 4, HEADER_BYTES - 4);
    crc.update(payload, 0, payload.length);
    return (int) crc.getValue();
  }

  /**
   * Checks the header at {@code bytes[offset, offset + HEADER_BYTES)} and returns the payload
   * length it announces.
   *
   * @throws CorruptionException on a bad magic, version or type, or an oversized length
   */
  public static int payloadLength(byte[] bytes, int offset) {
    int magic = Varints.getFixed32(bytes, offset);
    if (magic != MAGIC) {
      throw CorruptionException.at("frame", offset, String.format("bad magic 0x%08x", magic));
    }
    int version = bytes[offset + 4] & 0xFF;
    if (version != VERSION) {
      throw CorruptionException.at("frame", offset + 4, "unknown version " + version);
    }
    int type = bytes[offset + 5] & 0xFF;
    if (Frame.Type.ofCode(type) == null) {
      throw CorruptionException.at("frame", offset + 5, "unknown frame type " + type);
    }
    long length = Varints.getFixed32(bytes, offset + 6) & 0xFFFF_FFFFL;
    if (length > PAYLOAD_BYTES_MAX) {
      throw CorruptionException.at("frame", offset + 6, "payload of " + length + " bytes exceeds " + PAYLOAD_BYTES_MAX);
    }
    return (int) length;
  }

  /**
   * The frame of {@code payload} (its bytes as read, not copied) behind {@code header}, which
   * {@link #payloadLength} accepted, and the trailer's {@code storedCrc} (as read, little-endian).
   *
   * @throws CorruptionException when the checksum does not match
   */
  public static Frame decodeBody(byte[] header, byte[] payload, int storedCrc) {
    if (Crc32c.unmask(storedCrc) != checksum(header, payload)) {
      throw CorruptionException.at("frame", HEADER_BYTES + payload.length, "checksum mismatch");
    }
    return new Frame(Frame.Type.ofCode(header[5] & 0xFF), payload);
  }

  /**
   * Decodes a byte stream holding whole frames only (tests and fuzzing; the Netty decoder works
   * incrementally with the same two steps).
   *
   * @throws CorruptionException on any bad frame or a truncated last frame
   */
  public static List<Frame> decodeAll(byte[] bytes) {
    List<Frame> frames = new ArrayList<>();
    int offset = 0;
    while (offset < bytes.length) {
      if (bytes.length - offset < HEADER_BYTES) {
        throw CorruptionException.at("frame", offset, "truncated header");
      }
      int length = payloadLength(bytes, offset);
      if (bytes.length - offset - HEADER_BYTES - TRAILER_BYTES < length) {
        throw CorruptionException.at("frame", offset, "truncated payload");
      }
      byte[] header = Arrays.copyOfRange(bytes, offset, offset + HEADER_BYTES);
      byte[] payload = Arrays.copyOfRange(bytes, offset + HEADER_BYTES, offset + HEADER_BYTES + length);
      frames.add(decodeBody(header, payload, Varints.getFixed32(bytes, offset + HEADER_BYTES + length)));
      offset += HEADER_BYTES + length + TRAILER_BYTES;
    }
    return frames;
  }
}
