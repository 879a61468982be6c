package io.cairn.chain.api;

import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.codec.VerificationFormat;
import io.cairn.chain.crypto.SigningDomain;
import io.cairn.common.ByteWriter;
import io.cairn.common.InvalidArgumentException;

/**
 * A participant's signed answer to a {@link VerificationRequest}: the verdict code of its own
 * independent check, how many attempts it took, and a detail sentence. Encoded as in {@code
 * docs/formats/transaction.md}.
 *
 * <p>Thread-safety: immutable.
 */
public final class SignedVerdict {
  /** Longest detail kept, in characters (longer details are cut). */
  public static final int DETAIL_CHARS_MAX = 1000;

  private final VerificationFormat.Verdict fields;
  private final VerdictCode code;

  private SignedVerdict(VerificationFormat.Verdict fields, VerdictCode code) {
    this.fields = fields;
    this.code = code;
  }

  /**
   * {@code participant}'s verdict {@code code} on the request with hash {@code requestHash}, after
   * {@code attempts} (1..255) checks.
   */
  public static SignedVerdict sign(Identity participant, Hash32 requestHash, VerdictCode code, int attempts,
      String detail) {
    if (attempts < 1 || attempts > 255) {
      throw new InvalidArgumentException("attempts must be in 1..255, was " + attempts);
    }
    String cut = detail.length() <= DETAIL_CHARS_MAX ? detail : detail.substring(0, DETAIL_CHARS_MAX);
    ByteWriter out = VerificationFormat.startVerdict(participant.key().bytes(), requestHash.bytes(), code.id(),
        attempts, cut);
    byte[] signature = participant.sign(SigningDomain.VERDICT.message(out.buffer(), out.size()));
    return decode(VerificationFormat.finish(out, signature));
  }

  /**
   * Decodes a verdict (structure and CRC; not the signature).
   *
   * @throws io.cairn.common.CorruptionException naming the failed check
   */
  public static SignedVerdict decode(byte[] bytes) {
    ByteReader in = new ByteReader(bytes, "signed verdict");
    VerificationFormat.Verdict fields = VerificationFormat.decodeVerdict(in);
    in.expectEnd();
    VerdictCode code;
    try {
      code = VerdictCode.fromId(fields.code());
    } catch (InvalidArgumentException e) {
      throw in.error("unknown verdict code " + fields.code());
    }
    return new SignedVerdict(fields, code);
  }

  /** Who answered. */
  public MemberKey participant() {
    return MemberKey.of(fields.participant());
  }

  /** Hash of the request answered. */
  public Hash32 requestHash() {
    return Hash32.of(fields.requestHash());
  }

  /** The participant's verdict. */
  public VerdictCode code() {
    return code;
  }

  /** Whether the participant's check passed. */
  public boolean passed() {
    return code.passed();
  }

  /** How many times the participant checked (1 plus its re-fetches). */
  public int attempts() {
    return fields.attempts();
  }

  /** The participant's detail sentence. */
  public String detail() {
    return fields.detail();
  }

  /** Whether the participant's signature verifies. */
  public boolean signatureValid() {
    return participant().verify(SigningDomain.VERDICT.message(fields.encoded(), fields.signedBytes()),
        fields.signature());
  }

  /** A copy of the encoding. */
  public byte[] encode() {
    return fields.encoded().clone();
  }

  @Override
  public String toString() {
    return participant().shortHex() + ": " + code + " after " + attempts() + " attempt(s): " + detail();
  }
}
