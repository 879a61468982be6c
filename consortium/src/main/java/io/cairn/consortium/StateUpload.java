package io.cairn.consortium;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.merkle.MerkleTree;
import io.cairn.common.ByteWriter;
import java.util.Arrays;
import java.util.Comparator;

/**
 * One state record an enterprise uploads (seed 004 §4.2, state data uploading): the enterprise's
 * key, the HQ node it is for, a sequence number that only grows per enterprise (replays are
 * refused), the enterprise's timestamp, the state bytes and the enterprise's Ed25519 signature
 * over all of it. It travels sealed in an {@link UploadEnvelope}; the HQ keeps it in its pool and
 * then in a {@link DataSet}. Format: docs/formats/consortium.md.
 */
public final class StateUpload {
  /** Longest state accepted. */
  public static final int MAX_STATE_BYTES = 64 * 1024;
  /** The canonical order of records in a data set: by enterprise key, then sequence. */
  public static final Comparator<StateUpload> ORDER =
      Comparator.comparing(StateUpload::enterprise).thenComparingLong(StateUpload::sequence);

  private final MemberKey enterprise;
  private final int hq;
  private final long sequence;
  private final long timestampMillis;
  private final byte[] state;
  private final byte[] signature;
  private byte[] encoded;
  /** The leaf hash, computed once (each HQ checks a data set's root more than once per period). */
  private byte[] leaf;

  private StateUpload(MemberKey enterprise, int hq, long sequence, long timestampMillis, byte[] state,
      byte[] signature) {
    this.enterprise = enterprise;
    this.hq = hq;
    this.sequence = sequence;
    this.timestampMillis = timestampMillis;
    this.state = state;
    this.signature = signature;
  }

  /** Signed by {@code enterprise}. */
  public static StateUpload sign(Identity enterprise, int hq, long sequence, long timestampMillis, byte[] state) {
    StateUpload unsigned = unsigned(enterprise.key(), hq, sequence, timestampMillis, state);
    return new StateUpload(enterprise.key(), hq, sequence, timestampMillis, state.clone(),
        enterprise.sign(unsigned.signedBytes()));
  }

  /** A record whose signature is {@code signature} as given (tests build forged ones with it). */
  public static StateUpload withSignature(MemberKey enterprise, int hq, long sequence, long timestampMillis,
      byte[] state, byte[] signature) {
    return new StateUpload(enterprise, hq, sequence, timestampMillis, state.clone(), signature.clone());
  }

  private static StateUpload unsigned(MemberKey enterprise, int hq, long sequence, long timestampMillis, byte[] state) {
    if (state.length > MAX_STATE_BYTES || hq < 0 || hq > 0xffff) {
      throw new io.cairn.common.InvalidArgumentException("state of " + state.length + " bytes (at most "
          + MAX_STATE_BYTES + ") or hq " + hq + " out of range");
    }
    return new StateUpload(enterprise, hq, sequence, timestampMillis, state, new byte[Wire.SIGNATURE_BYTES]);
  }

  private ByteWriter fields() {
    return Wire.begin(Wire.UPLOAD, 64 + state.length + 64 + 4).raw(enterprise.bytes()).u16(hq).u64(sequence)
        .u64(timestampMillis).bytes32(state);
  }

  byte[] signedBytes() {
    return fields().toByteArray();
  }

  public byte[] encode() {
    byte[] bytes = encoded;
    if (bytes == null) {
      bytes = Wire.finish(fields().raw(signature));
      encoded = bytes;
    }
    return bytes.clone();
  }

  public static StateUpload decode(byte[] bytes) {
    ByteReader reader = Wire.open(bytes, Wire.UPLOAD, "state upload");
    MemberKey key = MemberKey.of(reader.raw(MemberKey.BYTES, "enterprise key"));
    int hq = reader.u16("hq");
    long sequence = reader.u64("sequence");
    long timestamp = reader.u64("timestamp");
    byte[] state = Wire.bytes32(reader, MAX_STATE_BYTES, "state");
    byte[] signature = reader.raw(Wire.SIGNATURE_BYTES, "signature");
    Wire.close(reader);
    StateUpload upload = new StateUpload(key, hq, sequence, timestamp, state, signature);
    // The decoder accepts only the canonical encoding: these bytes are the encoding, kept to hash.
    upload.encoded = bytes.clone();
    return upload;
  }

  /** Whether the enterprise's signature is valid. */
  public boolean signatureValid() {
    return signedBy(enterprise);
  }

  /** Whether the signature verifies under {@code key} (the enterprise's key as the registry holds it, already decoded). */
  boolean signedBy(MemberKey key) {
    return key.equals(enterprise) && key.verify(signedBytes(), signature);
  }

  /** The Merkle leaf hash of this record in its data set. */
  public byte[] leafHash() {
    byte[] hash = leaf;
    if (hash == null) {
      byte[] bytes = encoded;
      hash = MerkleTree.leafHash(bytes != null ? bytes : encode());
      leaf = hash;
    }
    return hash.clone();
  }

  public MemberKey enterprise() {
    return enterprise;
  }

  public int hq() {
    return hq;
  }

  public long sequence() {
    return sequence;
  }

  public long timestampMillis() {
    return timestampMillis;
  }

  public byte[] state() {
    return state.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StateUpload u && Arrays.equals(encode(), u.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "Upload[" + enterprise.shortHex() + " #" + sequence + " hq" + hq + " " + state.length + "B]";
  }
}
