package io.cairn.chain.api;

import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.codec.TransactionFormat;
import io.cairn.chain.contract.ContractTransaction;
import io.cairn.chain.contract.codec.ContractTransactionFormat;
import io.cairn.common.CorruptionException;

/**
 * A signed request to change the ledger, carried in a block: an {@link AnchorTransaction}
 * (record hashes plus how to read each record back), a {@link StateTransaction} (an
 * organisation's state record) or a {@link ContractTransaction} (a contract deployment or call,
 * executed when its block is applied). The canonical encodings are in {@code
 * docs/formats/transaction.md} and {@code docs/formats/contract-transaction.md}; the first four
 * bytes (the magic) tell them apart.
 *
 * <p>A transaction object may carry an invalid signature (it may come from the network); the
 * ledger checks {@link #signatureValid()} and the requester's membership when it applies a block.
 *
 * <p>Thread-safety: implementations are immutable.
 */
public sealed interface Transaction permits SignedHeader, ContractTransaction {
  /** Who signed it. */
  MemberKey requester();

  /** The requester's sequence number: strictly increasing per requester on the ledger. */
  long nonce();

  /** The identifier: {@code SHA-256(0x00 || header)}, the transaction's leaf in its block. */
  Hash32 id();

  /** A copy of the signed header (for a state transaction, the whole transaction). */
  byte[] header();

  /**
   * Whether the signature is the requester's valid Ed25519 signature of the header. The verdict
   * is a function of the object's bytes alone, so it is computed once per object and kept: a node
   * that checked a transaction on arrival does not check it again when its block applies.
   */
  boolean signatureValid();

  /** The canonical encoding: header, then (for anchoring) the entries. */
  byte[] encode();

  /** Bytes of {@link #encode()}, without encoding (a block cutter sizes blocks with it). */
  int encodedBytes();

  /** Appends {@link #encode()}'s bytes to {@code out}; kinds that hold their parts override it to skip the copy. */
  default void writeTo(io.cairn.common.ByteWriter out) {
    out.raw(encode());
  }

  /**
   * Decodes one transaction, checking structure, limits, CRC and (for anchoring) that the entries
   * hash to the header's entries root. The signature is not checked.
   *
   * @throws CorruptionException naming the offset and the failed check
   */
  static Transaction decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /** {@link #decode(byte[])} over {@code bytes[offset, offset + length)}. */
  static Transaction decode(byte[] bytes, int offset, int length) {
    if (length > TransactionFormat.TRANSACTION_BYTES_MAX) {
      throw new io.cairn.chain.codec.LimitExceededException("transaction of " + length + " bytes exceeds the limit of "
          + TransactionFormat.TRANSACTION_BYTES_MAX);
    }
    if (ContractTransactionFormat.hasMagic(bytes, offset, length)) {
      return ContractTransaction.decodeTaking(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
    }
    ByteReader in = new ByteReader(bytes, offset, length, "transaction");
    TransactionFormat.Header header = TransactionFormat.decodeHeader(in);
    Transaction transaction = header.kind() == TransactionFormat.KIND_ANCHOR
        ? AnchorTransaction.decoded(header, in)
        : StateTransaction.decoded(header);
    in.expectEnd();
    return transaction;
  }
}
