package io.cairn.chain.store;

import io.cairn.chain.api.AnchorPosition;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.BlockHeader;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.api.Transaction;
import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.codec.TransactionFormat;
import io.cairn.chain.contract.codec.ContractTransactionFormat;
import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and decodes the ledger's stored pieces from the engine: headers, transaction and entry
 * pieces, index entries, and whole blocks reassembled from their pieces. Every decoder checks its
 * bytes; a piece that fails raises {@link CorruptionException} naming the key.
 *
 * <p>Thread-safety: safe for concurrent use (reads only).
 */
public final class LedgerReader {
  private final Db db;

  public LedgerReader(Db db) {
    this.db = db;
  }

  /** The header stored at {@code height}, or null. */
  public BlockHeader header(long height) {
    byte[] bytes = db.get(LedgerKeys.header(height));
    return bytes == null ? null : BlockHeader.decode(bytes);
  }

  /**
   * The record's first anchor from the record-hash index, with the anchored entry and its path
   * (null in an index value of version 1: then {@link #entry} reads them), or null.
   */
  public ChainIndexesFormat.Anchor anchor(Hash32 recordHash) {
    byte[] bytes = db.get(LedgerKeys.anchor(recordHash));
    return bytes == null ? null : ChainIndexesFormat.decodeAnchor(bytes, recordHash.bytes(),
        () -> "anchor index of " + recordHash.shortHex());
  }

  /**
   * The stored entry piece at {@code position}, or null. Ledgers written since the index holds the
   * entry store it here without its path; those written before hold the path here too.
   */
  public ChainIndexesFormat.Piece entry(AnchorPosition position) {
    byte[] bytes = db.get(LedgerKeys.entry(position.height(), position.transactionIndex(), position.entryIndex()));
    return bytes == null ? null : ChainIndexesFormat.decodePiece(bytes, true, () -> "entry at " + position);
  }

  /**
   * The entries of the anchoring transaction at ({@code height}, {@code index}) from its entries
   * value (each entry's version 1 encoding, in order, and a version 2 transaction's store table),
   * or null when none is stored (a ledger written before the one-value form holds per-entry pieces
   * instead, read by {@link #entry}).
   *
   * @throws CorruptionException when the value is corrupt
   */
  public ChainIndexesFormat.StoredEntries entries(long height, int index) {
    byte[] bytes = db.get(LedgerKeys.entries(height, index));
    return bytes == null ? null : ChainIndexesFormat.decodeStoredEntries(bytes,
        () -> "the entries of transaction " + index + " of block " + height);
  }

  /** The stored transaction header at ({@code height}, {@code index}) with its path, or null. */
  public ChainIndexesFormat.Piece transaction(long height, int index) {
    byte[] bytes = db.get(LedgerKeys.transaction(height, index));
    return bytes == null ? null
        : ChainIndexesFormat.decodePiece(bytes, false, () -> "transaction " + index + " of block " + height);
  }

  /** The height the block-by-hash index gives for {@code hash}, or null. */
  public Long heightOf(Hash32 hash) {
    byte[] bytes = db.get(LedgerKeys.byHash(hash));
    return bytes == null ? null : ChainIndexesFormat.decodeNumber(bytes, () -> "block index of " + hash.shortHex());
  }

  /** Null when the block-by-hash index maps {@code header}'s hash to its height; else the problem. */
  public String byHashFailure(BlockHeader header) {
    Long height;
    try {
      height = heightOf(header.hash());
    } catch (CorruptionException e) {
      return "the block-by-hash index entry of block " + header.height() + " is corrupt: " + e.getMessage();
    }
    if (height == null || height != header.height()) {
      return "the block-by-hash index maps " + header.hash().shortHex() + " to "
          + (height == null ? "nothing" : "height " + height) + ", not to height " + header.height();
    }
    return null;
  }

  /** The requester's last nonce, or -1 when it has none. */
  public long lastNonce(MemberKey requester) {
    byte[] bytes = db.get(LedgerKeys.nonce(requester));
    return bytes == null ? -1 : ChainIndexesFormat.decodeNumber(bytes, () -> "nonce of " + requester.shortHex());
  }

  /** The position of {@code organization}'s latest state transaction, or null. */
  public ChainIndexesFormat.Position organizationState(String organization) {
    byte[] bytes = db.get(LedgerKeys.organizationState(organization));
    return bytes == null ? null : ChainIndexesFormat.decodeStatePosition(bytes, () -> "state index of " + organization);
  }

  /**
   * Block {@code height} reassembled from its stored pieces and checked: each transaction decodes
   * (entries matching their root) and the transactions hash to the header's Merkle root. Null when
   * no header is stored at that height.
   *
   * @throws CorruptionException naming the piece that fails
   */
  public Block block(long height) {
    BlockHeader header = header(height);
    if (header == null) {
      return null;
    }
    java.util.Map<Integer, byte[]> bodies = bodiesOf(height);
    List<Transaction> transactions = new ArrayList<>(header.transactionCount());
    for (int i = 0; i < header.transactionCount(); i++) {
      ChainIndexesFormat.Piece piece = transaction(height, i);
      if (piece == null) {
        throw new CorruptionException("block " + height + ": transaction " + i + " is missing");
      }
      if (ContractTransactionFormat.hasMagic(piece.bytes(), 0, piece.bytes().length)) {
        transactions.add(Transaction.decode(piece.bytes())); // one piece, no entries
        continue;
      }
      ByteReader in = new ByteReader(piece.bytes(), "transaction " + i + " of block " + height);
      TransactionFormat.Header fields = TransactionFormat.decodeHeader(in);
      byte[] body = bodies.remove(i);
      if ((fields.kind() == TransactionFormat.KIND_ANCHOR) != (body != null)) {
        throw new CorruptionException("block " + height + ": transaction " + i
            + (body == null ? " misses its entries" : " is no anchoring transaction, entries are stored for it"));
      }
      ByteWriter whole = new ByteWriter(piece.bytes().length + (body == null ? 0 : body.length));
      whole.raw(piece.bytes());
      if (body != null) {
        whole.raw(body);
      }
      transactions.add(Transaction.decode(whole.toByteArray()));
    }
    if (!bodies.isEmpty()) {
      throw new CorruptionException("block " + height + " stores entries for transactions " + bodies.keySet()
          + ", it has " + header.transactionCount());
    }
    if (!Block.merkleRoot(transactions).equals(header.merkleRoot())) {
      throw new CorruptionException("block " + height + ": the stored transactions do not hash to its Merkle root");
    }
    return Block.of(header, transactions);
  }

  /**
   * The stored entries of block {@code height} by transaction index, as each transaction's encoding
   * holds them after its header: from each anchoring transaction's entries value (its body: the
   * entries of a version 1 transaction, the store table and compact entries of a version 2 one), or
   * from the per-entry pieces of a ledger written before those (in entry order).
   */
  private java.util.Map<Integer, byte[]> bodiesOf(long height) {
    byte[] prefix = Arrays.copyOf(LedgerKeys.entries(height, 0), 9);
    java.util.Map<Integer, ByteWriter> bodies = new java.util.TreeMap<>();
    try (DbIterator iterator = db.newIterator()) {
      for (iterator.seek(prefix); iterator.isValid(); iterator.next()) {
        byte[] key = iterator.key();
        if (key.length < prefix.length || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
          break;
        }
        if (key.length < LedgerKeys.ENTRIES_KEY_BYTES) {
          throw new CorruptionException("block " + height + ": an entries key of " + key.length + " bytes");
        }
        int transaction = LedgerKeys.transactionIndexOf(key);
        ByteWriter body = bodies.computeIfAbsent(transaction, t -> new ByteWriter(256));
        if (key.length == LedgerKeys.ENTRIES_KEY_BYTES) {
          body.raw(ChainIndexesFormat.decodeStoredEntries(iterator.value(),
              () -> "the entries of transaction " + transaction + " of block " + height).body());
        } else {
          body.raw(ChainIndexesFormat.decodePiece(iterator.value(), true, () -> "an entry of block " + height).bytes());
        }
      }
    }
    java.util.Map<Integer, byte[]> result = new java.util.HashMap<>();
    bodies.forEach((transaction, body) -> result.put(transaction, body.toByteArray()));
    return result;
  }
}
