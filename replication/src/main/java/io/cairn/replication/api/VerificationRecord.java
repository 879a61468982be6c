package io.cairn.replication.api;

import io.cairn.chain.api.SignedVerdict;
import io.cairn.chain.api.VerificationRequest;
import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.kraft.wire.ByteReader;
import io.cairn.replication.codec.Sealed;
import java.util.ArrayList;
import java.util.List;

/**
 * The record of a verification outcome ({@code docs/formats/verification-outcome.md}): version 1,
 * the signed request, the participants' signed verdicts, a masked CRC32C. It is anchored like any
 * off-chain record of the requesting member, so the chain holds its hash and any member reads it
 * back and checks every signature (with {@code VerificationConsensus}'s rules: a verdict counts
 * when it answers this request and its participant is an admitted member whose signature verifies).
 *
 * <p>Thread-safety: immutable.
 *
 * @param request the signed request
 * @param verdicts the signed verdicts received, in participant order
 */
public record VerificationRecord(VerificationRequest request, List<SignedVerdict> verdicts) {
  /** The only version. */
  public static final int VERSION = 1;

  /** Copies the list. */
  public VerificationRecord {
    verdicts = List.copyOf(verdicts);
  }

  /** The canonical encoding. */
  public byte[] encode() {
    ByteWriter out = new ByteWriter(1024).u8(VERSION).bytesVarint(request.encode()).varint(verdicts.size());
    for (SignedVerdict verdict : verdicts) {
      out.bytesVarint(verdict.encode());
    }
    return out.crcFrom(0).toByteArray();
  }

  /**
   * Decodes a record (structure and checksums; signatures are the reader's to check).
   *
   * @throws CorruptionException naming the failed check
   */
  public static VerificationRecord decode(byte[] bytes) {
    ByteReader in = Sealed.open(bytes, "verification record", VERSION);
    VerificationRequest request = VerificationRequest.decode(in.bytes("request"));
    int count = in.count(1, "verdict count");
    List<SignedVerdict> verdicts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      verdicts.add(SignedVerdict.decode(in.bytes("verdict")));
    }
    in.expectEnd();
    return new VerificationRecord(request, verdicts);
  }
}
