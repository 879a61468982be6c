package io.cairn.chain.contract;

import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.Identity;
import io.cairn.chain.contract.codec.ContractTransactionFormat;
import io.cairn.chain.crypto.SigningDomain;
import io.cairn.chain.merkle.MerkleTree;
import io.cairn.common.ByteWriter;
import io.cairn.common.InvalidArgumentException;
import java.util.Arrays;

/**
 * A deployment or call signed by its caller: the {@link ContractCall}, the caller's nonce, and an
 * Ed25519 signature under the domain {@code cairn.contract-transaction.v1}. Its canonical,
 * versioned, checksummed encoding is in {@code docs/formats/contract-transaction.md}. It is a
 * ledger {@link io.cairn.chain.api.Transaction}: carried in blocks like the others, its signature,
 * requester membership (SUBMIT) and nonce (one sequence per requester, shared with every other
 * transaction kind) are checked when its block is applied, and the block's contract calls are
 * then executed in block order ({@code docs/contracts.md}, "Contracts in the ledger").
 *
 * <p>Thread-safety: immutable.
 */
public final class ContractTransaction implements io.cairn.chain.api.Transaction {
  private final ContractCall call;
  private final long nonce;
  private final byte[] encoded;
  private final int signedBytes;
  /** The signature's verdict once checked (a function of {@link #encoded} alone). */
  private volatile Boolean verdict;
  private volatile Hash32 id;

  private ContractTransaction(ContractCall call, long nonce, byte[] encoded, int signedBytes) {
    this.call = call;
    this.nonce = nonce;
    this.encoded = encoded;
    this.signedBytes = signedBytes;
  }

  /**
   * {@code call} signed by {@code caller} with {@code nonce}.
   *
   * @throws InvalidArgumentException when {@code call}'s caller is not {@code caller}'s key or the
   *     nonce is negative
   */
  public static ContractTransaction sign(Identity caller, long nonce, ContractCall call) {
    if (!caller.key().equals(call.caller())) {
      throw new InvalidArgumentException("the call names caller " + call.caller().shortHex() + ", not the signer "
          + caller.key().shortHex());
    }
    ByteWriter out = ContractTransactionFormat.startSigned(call, nonce);
    int signedBytes = out.size();
    byte[] signature = caller.sign(SigningDomain.CONTRACT_TRANSACTION.message(out.buffer(), signedBytes));
    ContractTransaction signed = new ContractTransaction(call, nonce, ContractTransactionFormat.finish(out, signature),
        signedBytes);
    signed.verdict = Boolean.TRUE; // an Identity's signatures verify under its key (its invariant)
    return signed;
  }

  /**
   * Decodes one transaction, checking its structure, bounds, canonical order and CRC; not its
   * signature.
   *
   * @throws io.cairn.common.CorruptionException naming the offset and the failed check
   */
  public static ContractTransaction decode(byte[] bytes) {
    ContractTransactionFormat.Decoded decoded = ContractTransactionFormat.decode(bytes);
    return new ContractTransaction(decoded.call(), decoded.nonce(), decoded.encoded(), decoded.signedBytes());
  }

  /** The call this transaction carries. */
  public ContractCall call() {
    return call;
  }

  /** The caller's sequence number. */
  @Override
  public long nonce() {
    return nonce;
  }

  /** The identifier: {@code SHA-256(0x00 || encoding)}, a Merkle leaf like a ledger transaction's. */
  @Override
  public Hash32 id() {
    Hash32 value = id;
    if (value == null) {
      value = Hash32.of(MerkleTree.leafHash(encoded));
      id = value;
    }
    return value;
  }

  /** The caller: who signed it. */
  @Override
  public io.cairn.chain.api.MemberKey requester() {
    return call.caller();
  }

  /** The whole encoding (a contract transaction is one piece, like a state transaction). */
  @Override
  public byte[] header() {
    return encoded.clone();
  }

  /** Whether the signature is the caller's valid Ed25519 signature of the signed part. */
  @Override
  public boolean signatureValid() {
    Boolean known = verdict;
    if (known == null) {
      byte[] signature = Arrays.copyOfRange(encoded, signedBytes, signedBytes + ContractTransactionFormat.SIGNATURE_BYTES);
      known = call.caller().verify(SigningDomain.CONTRACT_TRANSACTION.message(encoded, signedBytes), signature);
      verdict = known;
    }
    return known;
  }

  @Override
  public int encodedBytes() {
    return encoded.length;
  }

  /** A copy of the canonical encoding. */
  @Override
  public byte[] encode() {
    return encoded.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ContractTransaction transaction && Arrays.equals(encoded, transaction.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "contract tx nonce " + nonce + ": " + call;
  }
}
