package io.cairn.chain.api;

import io.cairn.chain.codec.BlockFormat;
import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.codec.LedgerEntryFormat;
import io.cairn.chain.merkle.MerkleTree;
import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import java.util.List;

/**
 * A block: a signed header and its transactions. As a {@link LedgerEntry} it asks the ledger to
 * append it; the ledger checks height, previous hash, Merkle root, timestamp, signatures and
 * membership first (see {@link Ledger#apply}).
 *
 * <p>Thread-safety: immutable.
 */
public final class Block implements LedgerEntry {
  private final BlockHeader header;
  private final List<Transaction> transactions;

  private Block(BlockHeader header, List<Transaction> transactions) {
    this.header = header;
    this.transactions = transactions;
  }

  /**
   * Proposes block {@code height} over {@code transactions}, linked to {@code previousHash} and
   * signed by {@code proposer}.
   *
   * @throws InvalidArgumentException when there are no transactions or more than 65,536, or the
   *     height or timestamp is negative
   */
  public static Block propose(Identity proposer, long height, Hash32 previousHash, long timestampMillis,
      List<Transaction> transactions) {
    if (transactions.isEmpty() || transactions.size() > BlockFormat.TRANSACTIONS_MAX) {
      throw new InvalidArgumentException(
          "a block holds 1.." + BlockFormat.TRANSACTIONS_MAX + " transactions, got " + transactions.size());
    }
    if (height < 0 || timestampMillis < 0) {
      throw new InvalidArgumentException("height and timestamp must not be negative");
    }
    List<Transaction> copy = List.copyOf(transactions);
    BlockHeader header = BlockHeader.sign(proposer, height, previousHash, merkleRoot(copy),
        timestampMillis, copy.size());
    return new Block(header, copy);
  }

  /** A block made of {@code header} and {@code transactions} as they are, for tests and tools. */
  public static Block of(BlockHeader header, List<Transaction> transactions) {
    return new Block(header, List.copyOf(transactions));
  }

  /**
   * Decodes a block: header, then as many length-prefixed transactions as the header counts, with
   * no bytes left over. Signatures and the Merkle root are not checked here (the ledger does).
   *
   * @throws CorruptionException naming the offset and the failed check, also for a block over
   *     64 MiB
   */
  public static Block decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /**
   * {@link #decode(byte[])} of {@code bytes[from, from + length)} (a log entry's payload, decoded
   * where it lies); offsets in errors are relative to {@code from}.
   */
  static Block decode(byte[] bytes, int from, int length) {
    if (length > BlockFormat.BLOCK_BYTES_MAX) {
      throw new io.cairn.chain.codec.LimitExceededException("block of " + length + " bytes exceeds the limit of "
          + BlockFormat.BLOCK_BYTES_MAX);
    }
    ByteReader in = new ByteReader(bytes, from, length, "block");
    BlockHeader header = BlockHeader.decode(in);
    Transaction[] transactions = new Transaction[header.transactionCount()];
    for (int i = 0; i < transactions.length; i++) {
      int transactionLength = BlockFormat.transactionLength(in);
      int offset = in.offset();
      in.skip(transactionLength, "transaction " + i);
      try {
        transactions[i] = Transaction.decode(bytes, from + offset, transactionLength);
      } catch (io.cairn.chain.codec.LimitExceededException e) {
        throw new io.cairn.chain.codec.LimitExceededException(
            "block at offset " + offset + ", transaction " + i + ": " + e.getMessage());
      } catch (CorruptionException e) {
        throw new CorruptionException("block at offset " + offset + ", transaction " + i + ": " + e.getMessage(), e);
      }
    }
    in.expectEnd();
    return new Block(header, List.of(transactions));
  }

  /** The Merkle root over the transactions' identifiers, in order. */
  public static Hash32 merkleRoot(List<Transaction> transactions) {
    byte[][] leaves = new byte[transactions.size()][];
    for (int i = 0; i < leaves.length; i++) {
      leaves[i] = transactions.get(i).id().bytes();
    }
    return Hash32.wrap(MerkleTree.root(leaves));
  }

  /** The header. */
  public BlockHeader header() {
    return header;
  }

  /** The transactions, in order (unmodifiable). */
  public List<Transaction> transactions() {
    return transactions;
  }

  /** Shorthand for {@code header().height()}. */
  public long height() {
    return header.height();
  }

  /** Shorthand for {@code header().hash()}. */
  public Hash32 hash() {
    return header.hash();
  }

  /** Bytes of {@link #encode()}, without encoding. */
  public long encodedBytes() {
    long bytes = BlockFormat.HEADER_BYTES;
    for (Transaction transaction : transactions) {
      bytes += 4 + transaction.encodedBytes();
    }
    return bytes;
  }

  /**
   * Whether {@code entry} is this block's log entry ({@link LedgerEntry#encode}): a block entry of
   * the same length that carries this block's header. The header signs the Merkle root over the
   * transactions' identifiers, and each identifier hashes its transaction's header, which (for
   * anchoring) holds the root over its entries: so, SHA-256 being collision resistant, equal
   * headers and lengths mean equal blocks, checked without decoding or encoding the rest.
   */
  public boolean isEntry(byte[] entry) {
    return entry.length == LedgerEntryFormat.PREFIX_BYTES + encodedBytes()
        && LedgerEntryFormat.hasPrefix(entry, LedgerEntryFormat.KIND_BLOCK)
        && header.encodedAt(entry, LedgerEntryFormat.PREFIX_BYTES);
  }

  /** The canonical encoding. */
  public byte[] encode() {
    ByteWriter out = new ByteWriter(Math.toIntExact(encodedBytes()));
    writeTo(out);
    return out.toByteArray();
  }

  /**
   * Appends the canonical encoding ({@link #encodedBytes()} bytes) to {@code out}: each
   * transaction writes itself into {@code out}, so a block is not first encoded transaction by
   * transaction and then copied whole (its log entry, {@link LedgerEntry#encode}, is one array
   * written once; session 14).
   */
  public void writeTo(ByteWriter out) {
    header.writeTo(out);
    for (Transaction transaction : transactions) {
      out.u32(transaction.encodedBytes());
      int from = out.size();
      transaction.writeTo(out);
      assert out.size() - from == transaction.encodedBytes() : transaction;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Block block && header.equals(block.header) && transactions.equals(block.transactions);
  }

  @Override
  public int hashCode() {
    return header.hashCode();
  }

  @Override
  public String toString() {
    return header.toString();
  }
}
