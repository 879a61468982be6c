package io.cairn.consortium;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.codec.ByteReader;
import io.cairn.common.ByteWriter;

/**
 * A {@link StateUpload} sealed under an enterprise's session with its HQ node: the sender's key,
 * the HQ's number, the session's X25519 public value (the enterprise's key for the session), the
 * upload's counter in the session (1, 2, 3, ...: the GCM nonce's last 8 bytes, and what the HQ
 * refuses to see twice), and the AES-256-GCM ciphertext (tag included) of the encoded upload. The
 * header (everything before the ciphertext) is the associated data. One X25519 agreement per
 * session instead of per upload. Format: docs/formats/consortium.md; sealing: {@link
 * UploadSession}; opening: {@link SessionKeys}.
 */
public record SessionEnvelope(MemberKey sender, int hq, byte[] session, long counter, byte[] ciphertext) {
  public SessionEnvelope {
    if (session.length != X25519Key.BYTES || hq < 0 || hq > 0xffff || counter < 1
        || ciphertext.length > UploadEnvelope.MAX_CIPHERTEXT) {
      throw new io.cairn.common.InvalidArgumentException("bad session envelope: session value " + session.length
          + " bytes, hq " + hq + ", counter " + counter + ", ciphertext " + ciphertext.length + " bytes");
    }
    session = session.clone();
    ciphertext = ciphertext.clone();
  }

  /** The associated data: magic, version, sender, hq, session value, counter. */
  byte[] header() {
    return headerWriter().toByteArray();
  }

  private ByteWriter headerWriter() {
    return Wire.begin(Wire.SESSION_ENVELOPE, 96 + ciphertext.length).raw(sender.bytes()).u16(hq).raw(session)
        .u64(counter);
  }

  public byte[] encode() {
    return Wire.finish(headerWriter().bytes32(ciphertext));
  }

  public static SessionEnvelope decode(byte[] bytes) {
    ByteReader reader = Wire.open(bytes, Wire.SESSION_ENVELOPE, "session envelope");
    MemberKey sender = MemberKey.of(reader.raw(MemberKey.BYTES, "sender"));
    int hq = reader.u16("hq");
    byte[] session = reader.raw(X25519Key.BYTES, "session value");
    long counter = reader.u64("counter");
    if (counter < 1) {
      throw reader.error("counter " + counter + " (they start at 1)");
    }
    byte[] ciphertext = Wire.bytes32(reader, UploadEnvelope.MAX_CIPHERTEXT, "ciphertext");
    Wire.close(reader);
    return new SessionEnvelope(sender, hq, session, counter, ciphertext);
  }

  /** The session value as a map key. */
  String sessionKey() {
    return java.util.HexFormat.of().formatHex(session);
  }

  @Override
  public byte[] session() {
    return session.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }
}
