package io.cairn.chain.api;

import io.cairn.chain.crypto.Ed25519;
import io.cairn.chain.crypto.SigningDomain;
import io.cairn.chain.merkle.MerkleTree;
import java.util.Arrays;

/**
 * What every {@link Transaction} kind has in common: the requester, the nonce and the signed
 * header (its first {@code signedBytes} bytes are signed, the 64-byte Ed25519 signature follows),
 * from which the identifier and the signature check derive. The kinds add their own body.
 *
 * <p>Thread-safety: immutable (the identifier and the signature's verdict are computed once, racily
 * but idempotently).
 */
abstract sealed class SignedHeader implements Transaction permits AnchorTransaction, StateTransaction {
  final MemberKey requester;
  final long nonce;
  final byte[] header;
  private final int signedBytes;
  private volatile Hash32 id;
  /** The signature's verdict once checked (a function of {@link #header} alone). */
  private volatile Boolean verdict;

  SignedHeader(MemberKey requester, long nonce, byte[] header, int signedBytes) {
    this.requester = requester;
    this.nonce = nonce;
    this.header = header;
    this.signedBytes = signedBytes;
  }

  /**
   * Records that this object was just signed by its requester's {@link Identity} (whose signatures
   * verify under its key, an invariant it checks when made): its signature is valid without a
   * check. Returns this.
   */
  final SignedHeader signedByIdentity() {
    verdict = Boolean.TRUE;
    return this;
  }

  @Override
  public final MemberKey requester() {
    return requester;
  }

  @Override
  public final long nonce() {
    return nonce;
  }

  @Override
  public final Hash32 id() {
    Hash32 value = id;
    if (value == null) {
      value = Hash32.wrap(MerkleTree.leafHash(header));
      id = value;
    }
    return value;
  }

  @Override
  public final byte[] header() {
    return header.clone();
  }

  @Override
  public final boolean signatureValid() {
    Boolean known = verdict;
    if (known == null) {
      byte[] signature = Arrays.copyOfRange(header, signedBytes, signedBytes + Ed25519.SIGNATURE_BYTES);
      known = requester.verify(SigningDomain.TRANSACTION.message(header, signedBytes), signature);
      verdict = known;
    }
    return known;
  }
}
