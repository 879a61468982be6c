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
 * <p>A decoded transaction has passed every check of its encoding, but makes its {@link #call()}
 * on first use (session 15): the ledger checks a block's transactions on the applying thread and
 * hands the executor a {@link LazyBlock} whose calls its threads make where they run them.
 *
 * <p>Thread-safety: immutable (the call is made at most once per thread that races for it, from
 * the same bytes, so every thread sees an equal call).
 */
public final class ContractTransaction implements io.cairn.chain.api.Transaction {
  private final io.cairn.chain.api.MemberKey requester;
  private final long nonce;
  private final byte[] encoded;
  private final int signedBytes;
  /** Where a decoded transaction's call lies in {@link #encoded}; null for one signed here. */
  private final ContractTransactionFormat.Checked checked;
  /** The call, made from {@link #checked} on first use when decoded. */
  private volatile ContractCall call;
  /** The signature's verdict once checked (a function of {@link #encoded} alone). */
  private volatile Boolean verdict;
  private volatile Hash32 id;

  private ContractTransaction(ContractCall call, long nonce, byte[] encoded, int signedBytes) {
    this.call = call;
    this.requester = call.caller();
    this.nonce = nonce;
    this.encoded = encoded;
    this.signedBytes = signedBytes;
    this.checked = null;
  }

  private ContractTransaction(ContractTransactionFormat.Checked checked, byte[] encoded) {
    this.requester = checked.requester();
    this.nonce = checked.nonce();
    this.encoded = encoded;
    this.signedBytes = checked.signedBytes();
    this.checked = checked;
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
    return decodeTaking(bytes.clone());
  }

  /**
   * {@link #decode} of an array the caller hands over and never changes again (a block decoder's
   * fresh copy of the transaction's bytes): no second copy. Every check of the encoding is made
   * here; the call is made on the first {@link #call()}.
   *
   * @throws io.cairn.common.CorruptionException naming the offset and the failed check
   */
  public static ContractTransaction decodeTaking(byte[] bytes) {
    return new ContractTransaction(ContractTransactionFormat.check(bytes), bytes);
  }

  /**
   * The call this transaction carries; a decoded transaction makes it on first use (its encoding
   * was checked when it was decoded, so this does not fail).
   */
  public ContractCall call() {
    ContractCall made = call;
    if (made == null) {
      made = checked.call(encoded);
      call = made;
    }
    return made;
  }

  /** Whether {@link #call()} was made already (tests: where a ledger's calls are made). */
  public boolean callMade() {
    return call != null;
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
    return requester;
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
      known = requester.verify(SigningDomain.CONTRACT_TRANSACTION.message(encoded, signedBytes), signature);
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
    return "contract tx nonce " + nonce + ": " + call();
  }
}
