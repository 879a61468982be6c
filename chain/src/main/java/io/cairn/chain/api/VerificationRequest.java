package io.cairn.chain.api;

import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.codec.VerificationFormat;
import io.cairn.chain.crypto.Digests;
import io.cairn.chain.crypto.SigningDomain;
import io.cairn.common.ByteWriter;
import io.cairn.common.InvalidArgumentException;

/**
 * A requester's signed request that participants verify a record (seed 003): the target data,
 * its read parameters (where each participant fetches its own copy) and its hash (the anchored
 * key). Encoded as in {@code docs/formats/transaction.md}.
 *
 * <p>Thread-safety: immutable.
 */
public final class VerificationRequest {
  private final VerificationFormat.Request fields;
  private final HashAlgorithm algorithm;
  private final Hash32 hash;

  private VerificationRequest(VerificationFormat.Request fields, HashAlgorithm algorithm) {
    this.fields = fields;
    this.algorithm = algorithm;
    this.hash = Hash32.wrap(Digests.sha256(fields.encoded()));
  }

  /**
   * A request by {@code requester} to verify {@code target}, whose key is its hash under {@code
   * algorithm}, to be read back through {@code read}.
   *
   * @throws InvalidArgumentException when {@code target} is over 64 MiB
   */
  public static VerificationRequest sign(Identity requester, long requestId, HashAlgorithm algorithm,
      byte[] target, ReadParameters read) {
    if (target.length > VerificationFormat.TARGET_BYTES_MAX) {
      throw new InvalidArgumentException("target data of " + target.length + " bytes exceeds "
          + VerificationFormat.TARGET_BYTES_MAX);
    }
    ByteWriter out = VerificationFormat.startRequest(requester.key().bytes(), requestId, algorithm.id(),
        algorithm.hash(target).bytes(), read.store(), read.key(), target);
    byte[] signature = requester.sign(SigningDomain.VERIFICATION_REQUEST.message(out.buffer(), out.size()));
    return decode(VerificationFormat.finish(out, signature));
  }

  /**
   * Decodes a request (structure, limits, CRC; not the signature).
   *
   * @throws io.cairn.common.CorruptionException naming the failed check
   */
  public static VerificationRequest decode(byte[] bytes) {
    ByteReader in = new ByteReader(bytes, "verification request");
    VerificationFormat.Request fields = VerificationFormat.decodeRequest(in);
    in.expectEnd();
    HashAlgorithm algorithm;
    try {
      algorithm = HashAlgorithm.fromId(fields.algorithm());
    } catch (InvalidArgumentException e) {
      throw in.error("unknown hash algorithm id " + fields.algorithm());
    }
    return new VerificationRequest(fields, algorithm);
  }

  /** Who asks. */
  public MemberKey requester() {
    return MemberKey.of(fields.requester());
  }

  /** The requester's identifier for this request. */
  public long requestId() {
    return fields.requestId();
  }

  /** The algorithm of the record key. */
  public HashAlgorithm algorithm() {
    return algorithm;
  }

  /** The record key: the anchored hash of the target data. */
  public Hash32 recordKey() {
    return Hash32.of(fields.recordHash());
  }

  /** Where participants read the record back. */
  public ReadParameters read() {
    return ReadParameters.decoded(fields.store(), fields.recordKey().clone());
  }

  /** A copy of the target data. */
  public byte[] target() {
    return fields.target().clone();
  }

  /** SHA-256 of the encoding: what verdicts name. */
  public Hash32 hash() {
    return hash;
  }

  /** Whether the requester's signature verifies. */
  public boolean signatureValid() {
    return requester().verify(SigningDomain.VERIFICATION_REQUEST.message(fields.encoded(), fields.signedBytes()),
        fields.signature());
  }

  /** A copy of the encoding. */
  public byte[] encode() {
    return fields.encoded().clone();
  }

  @Override
  public String toString() {
    return "verification request " + hash.shortHex() + " for " + recordKey().shortHex() + " by "
        + requester().shortHex();
  }
}
