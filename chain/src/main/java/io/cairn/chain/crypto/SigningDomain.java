package io.cairn.chain.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a signature is for. Every Ed25519 signature in Cairn covers {@code tag || 0x00 ||
 * signed bytes}, so a signature made for one kind of object can never be replayed as another
 * (a block header signature is not a valid transaction signature, whatever the bytes).
 */
public enum SigningDomain {
  /** A member signs a transaction. */
  TRANSACTION("cairn.transaction.v1"),
  /** A proposer signs a block header. */
  BLOCK("cairn.block.v1"),
  /** The regulator admits a member. */
  ADMISSION("cairn.admission.v1"),
  /** A requester asks participants to verify a record. */
  VERIFICATION_REQUEST("cairn.verification-request.v1"),
  /** A participant answers a verification request. */
  VERDICT("cairn.verdict.v1"),
  /** A member deploys or calls a contract (see {@code docs/formats/contract-transaction.md}). */
  CONTRACT_TRANSACTION("cairn.contract-transaction.v1");

  private final byte[] prefix;

  SigningDomain(String tag) {
    byte[] ascii = tag.getBytes(StandardCharsets.US_ASCII);
    prefix = Arrays.copyOf(ascii, ascii.length + 1);
  }

  /** The message actually signed for {@code encoded[0, signedLength)}: a new array. */
  public byte[] message(byte[] encoded, int signedLength) {
    byte[] message = Arrays.copyOf(prefix, prefix.length + signedLength);
    System.arraycopy(encoded, 0, message, prefix.length, signedLength);
    return message;
  }
}
