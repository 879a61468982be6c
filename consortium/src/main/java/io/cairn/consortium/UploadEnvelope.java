package io.cairn.consortium;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.codec.ByteReader;
import io.cairn.common.ByteWriter;

/**
 * A sealed {@link StateUpload} on its way to an HQ node: the sender's key, the HQ's number, the
 * sender's ephemeral X25519 public value, and the AES-256-GCM ciphertext (tag included) of the
 * encoded upload. The header (everything before the ciphertext) is the associated data, so the
 * sender and the HQ are bound to the ciphertext. Format: docs/formats/consortium.md; the sealing:
 * {@link UploadCipher}.
 */
public record UploadEnvelope(MemberKey sender, int hq, byte[] ephemeral, byte[] ciphertext) {
  /** GCM tag plus the largest encoded upload. */
  static final int MAX_CIPHERTEXT = StateUpload.MAX_STATE_BYTES + 256;

  public UploadEnvelope {
    if (ephemeral.length != X25519Key.BYTES || hq < 0 || hq > 0xffff || ciphertext.length > MAX_CIPHERTEXT) {
      throw new io.cairn.common.InvalidArgumentException("bad envelope: ephemeral " + ephemeral.length
          + " bytes, hq " + hq + ", ciphertext " + ciphertext.length + " bytes");
    }
    ephemeral = ephemeral.clone();
    ciphertext = ciphertext.clone();
  }

  /** The associated data: magic, version, sender, hq, ephemeral. */
  byte[] header() {
    return headerWriter().toByteArray();
  }

  private ByteWriter headerWriter() {
    return Wire.begin(Wire.ENVELOPE, 80 + ciphertext.length).raw(sender.bytes()).u16(hq).raw(ephemeral);
  }

  public byte[] encode() {
    return Wire.finish(headerWriter().bytes32(ciphertext));
  }

  public static UploadEnvelope decode(byte[] bytes) {
    ByteReader reader = Wire.open(bytes, Wire.ENVELOPE, "upload envelope");
    MemberKey sender = MemberKey.of(reader.raw(MemberKey.BYTES, "sender"));
    int hq = reader.u16("hq");
    byte[] ephemeral = reader.raw(X25519Key.BYTES, "ephemeral key");
    byte[] ciphertext = Wire.bytes32(reader, MAX_CIPHERTEXT, "ciphertext");
    Wire.close(reader);
    return new UploadEnvelope(sender, hq, ephemeral, ciphertext);
  }

  @Override
  public byte[] ephemeral() {
    return ephemeral.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }
}
