package io.cairn.chain.api;

import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.codec.TransactionFormat;
import io.cairn.chain.crypto.SigningDomain;
import io.cairn.chain.merkle.MerkleTree;
import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An anchoring transaction: one signature by the requester covers many record hashes, through the
 * Merkle root of its entries (so one entry can later be proven with a short path instead of the
 * whole transaction).
 *
 * <p>Thread-safety: immutable.
 */
public final class AnchorTransaction extends SignedHeader {
  private final List<AnchorEntry> entries;
  /** The entries tree, leaves up ({@link MerkleTree#levels}): hashed once, read by the ledger. */
  private final byte[][][] entriesTree;
  private final Hash32 entriesRoot;
  /** Version 2: the distinct stores' UTF-8 names in the order of first use; null in version 1. */
  private final byte[][] stores;
  /** Version 2: each entry's index in {@link #stores}; null in version 1. */
  private final byte[] storeIndexes;

  private AnchorTransaction(MemberKey requester, long nonce, List<AnchorEntry> entries,
      byte[][][] entriesTree, byte[] header, int signedBytes, byte[][] stores, byte[] storeIndexes) {
    super(requester, nonce, header, signedBytes);
    this.entries = entries;
    this.entriesTree = entriesTree;
    this.entriesRoot = Hash32.wrap(MerkleTree.root(entriesTree));
    this.stores = stores;
    this.storeIndexes = storeIndexes;
  }

  /**
   * A transaction anchoring {@code entries}, signed by {@code requester}: of version 2 (the store
   * table, {@code docs/formats/transaction.md}) when the entries name at most {@link
   * TransactionFormat#STORES_MAX} distinct stores, else of version 1.
   *
   * @throws InvalidArgumentException as {@link #sign(Identity, long, List, int)}
   */
  public static AnchorTransaction sign(Identity requester, long nonce, List<AnchorEntry> entries) {
    return sign(requester, nonce, entries, TransactionFormat.VERSION_STORE_TABLE);
  }

  /**
   * A transaction anchoring {@code entries}, signed by {@code requester}.
   *
   * A transaction of {@code version} at most (1, or 2 when its entries name at most {@link
   * TransactionFormat#STORES_MAX} distinct stores, else 1).
   *
   * @throws InvalidArgumentException when there are no entries or more than 65,536, or the
   *     encoding would exceed 8 MiB, or the nonce is negative, or the version is not 1 or 2
   */
  public static AnchorTransaction sign(Identity requester, long nonce, List<AnchorEntry> entries, int version) {
    if (version != TransactionFormat.VERSION && version != TransactionFormat.VERSION_STORE_TABLE) {
      throw new InvalidArgumentException("anchoring transactions are of version 1 or 2, not " + version);
    }
    if (entries.isEmpty() || entries.size() > TransactionFormat.ENTRIES_MAX) {
      throw new InvalidArgumentException(
          "an anchoring transaction holds 1.." + TransactionFormat.ENTRIES_MAX + " entries, got " + entries.size());
    }
    if (nonce < 0) {
      throw new InvalidArgumentException("nonce must not be negative, was " + nonce);
    }
    long bytes = TransactionFormat.ANCHOR_HEADER_BYTES;
    for (AnchorEntry entry : entries) {
      bytes += entry.encodedBytes();
    }
    if (bytes > TransactionFormat.TRANSACTION_BYTES_MAX) {
      throw new InvalidArgumentException("transaction of " + bytes + " bytes exceeds the limit of "
          + TransactionFormat.TRANSACTION_BYTES_MAX + "; split the entries");
    }
    List<AnchorEntry> copy = List.copyOf(entries);
    byte[][][] tree = entriesTree(copy);
    byte[] storeIndexes = version == TransactionFormat.VERSION_STORE_TABLE ? new byte[copy.size()] : null;
    byte[][] stores = storeIndexes == null ? null : storeTable(copy, storeIndexes);
    int written = stores == null ? TransactionFormat.VERSION : TransactionFormat.VERSION_STORE_TABLE;
    if (stores != null) {
      // The table adds at most 1 + 256 bytes to what the store names leave out.
      long compact = TransactionFormat.ANCHOR_HEADER_BYTES + TransactionFormat.storeTableBytes(stores);
      for (AnchorEntry entry : copy) {
        compact += TransactionFormat.compactEntryBytes(entry.sharedEncoding());
      }
      if (compact > TransactionFormat.TRANSACTION_BYTES_MAX) {
        throw new InvalidArgumentException("transaction of " + compact + " bytes exceeds the limit of "
            + TransactionFormat.TRANSACTION_BYTES_MAX + "; split the entries");
      }
    }
    ByteWriter out = TransactionFormat.startAnchor(written, requester.key().bytes(), nonce, copy.size(),
        MerkleTree.root(tree));
    byte[] signature = requester.sign(SigningDomain.TRANSACTION.message(out.buffer(), out.size()));
    byte[] header = TransactionFormat.finish(out, signature);
    AnchorTransaction signed = new AnchorTransaction(requester.key(), nonce, copy, tree, header,
        TransactionFormat.OFFSET_ANCHOR_SIGNATURE, stores, stores == null ? null : storeIndexes);
    signed.signedByIdentity();
    return signed;
  }

  /**
   * The distinct stores of {@code entries} (UTF-8) in the order of first use, each entry's index
   * among them put in {@code indexes}; null when there are more than {@link
   * TransactionFormat#STORES_MAX}. A member's entries name one store (the same String): one
   * comparison per entry.
   */
  private static byte[][] storeTable(List<AnchorEntry> entries, byte[] indexes) {
    List<String> names = new ArrayList<>(1);
    List<byte[]> table = new ArrayList<>(1);
    Map<String, Integer> byName = null;
    String last = null;
    int lastIndex = -1;
    for (int i = 0; i < indexes.length; i++) {
      AnchorEntry entry = entries.get(i);
      String store = entry.read().store();
      if (store != last && !store.equals(last)) {
        Integer known = null;
        if (names.size() == 1 && names.get(0).equals(store)) {
          known = 0;
        } else if (names.size() > 1) {
          known = byName.get(store);
        }
        if (known == null) {
          if (names.size() == TransactionFormat.STORES_MAX) {
            return null;
          }
          known = names.size();
          byte[] encoded = entry.sharedEncoding();
          int at = TransactionFormat.ENTRY_STORE_AT;
          table.add(Arrays.copyOfRange(encoded, at + 1, at + 1 + (encoded[at] & 0xff)));
          names.add(store);
          if (names.size() == 2) {
            byName = new HashMap<>();
            byName.put(names.get(0), 0);
          }
          if (byName != null) {
            byName.put(store, known);
          }
        }
        last = store;
        lastIndex = known;
      }
      indexes[i] = (byte) lastIndex;
    }
    return table.toArray(new byte[0][]);
  }

  static AnchorTransaction decoded(TransactionFormat.Header fields, ByteReader in) {
    AnchorEntry[] entries = new AnchorEntry[fields.entryCount()];
    byte[][] stores = null;
    byte[] storeIndexes = null;
    if (fields.version() == TransactionFormat.VERSION_STORE_TABLE) {
      TransactionFormat.CompactEntries compact = TransactionFormat.decodeCompactEntries(in, entries.length);
      for (int i = 0; i < entries.length; i++) {
        entries[i] = AnchorEntry.of(compact.entries()[i], in);
      }
      stores = compact.stores().utf8();
      storeIndexes = compact.storeIndexes();
    } else {
      for (int i = 0; i < entries.length; i++) {
        entries[i] = AnchorEntry.decode(in, i == 0 ? null : entries[i - 1]);
      }
    }
    List<AnchorEntry> list = List.of(entries);
    byte[][][] tree = entriesTree(list);
    if (!Arrays.equals(MerkleTree.root(tree), fields.entriesRoot())) {
      throw new CorruptionException("anchoring transaction: its " + entries.length
          + " entries do not hash to the entries root in its header");
    }
    return new AnchorTransaction(MemberKey.of(fields.requester()), fields.nonce(), list,
        tree, fields.encoded(), fields.signedBytes(), stores, storeIndexes);
  }

  private static byte[][][] entriesTree(List<AnchorEntry> entries) {
    byte[][] leaves = new byte[entries.size()][];
    for (int i = 0; i < leaves.length; i++) {
      leaves[i] = entries.get(i).leafHash().shared(); // the tree is never written to: no copy (session 14)
    }
    return MerkleTree.levels(leaves);
  }

  /** The anchored entries, in order (unmodifiable). */
  public List<AnchorEntry> entries() {
    return entries;
  }

  /**
   * Appends the start of entry {@code index}'s Merkle path as a stored index value holds it ({@code
   * u8 k}, then its {@code k} sibling hashes below level {@code belowLevel}), straight from the tree
   * hashed when the transaction was made or decoded ({@link MerkleTree#path(byte[][][], int, int)}).
   */
  public void writeEntryPath(ByteWriter out, int index, int belowLevel) {
    byte[][] path = MerkleTree.path(entriesTree, index, belowLevel);
    out.u8(path.length);
    for (byte[] hash : path) {
      out.raw(hash);
    }
  }

  /** The Merkle root over the entries' leaf hashes, as signed. */
  public Hash32 entriesRoot() {
    return entriesRoot;
  }

  /** The transaction's version: 1 (each entry names its store) or 2 (a store table). */
  public int version() {
    return stores == null ? TransactionFormat.VERSION : TransactionFormat.VERSION_STORE_TABLE;
  }

  /** Bytes of what follows the header: the entries (version 1), or the store table and the compact entries (version 2). */
  public int bodyBytes() {
    int bytes = stores == null ? 0 : TransactionFormat.storeTableBytes(stores);
    for (AnchorEntry entry : entries) {
      bytes += stores == null ? entry.encodedBytes() : TransactionFormat.compactEntryBytes(entry.sharedEncoding());
    }
    return bytes;
  }

  /** Appends what follows the header ({@link #bodyBytes()} bytes), as the transaction's encoding holds it. */
  public void writeBody(ByteWriter out) {
    if (stores == null) {
      for (AnchorEntry entry : entries) {
        entry.writeTo(out);
      }
      return;
    }
    TransactionFormat.writeStoreTable(out, stores);
    for (int i = 0; i < storeIndexes.length; i++) {
      TransactionFormat.writeCompactEntry(out, entries.get(i).sharedEncoding(), storeIndexes[i] & 0xff);
    }
  }

  /** Version 2: the index of entry {@code index}'s store in the store table; -1 in version 1. */
  public int storeIndex(int index) {
    return storeIndexes == null ? -1 : storeIndexes[index] & 0xff;
  }

  @Override
  public int encodedBytes() {
    return header.length + bodyBytes();
  }

  @Override
  public byte[] encode() {
    ByteWriter out = new ByteWriter(encodedBytes());
    writeTo(out);
    return out.toByteArray();
  }

  @Override
  public void writeTo(ByteWriter out) {
    out.raw(header);
    writeBody(out);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AnchorTransaction transaction && Arrays.equals(header, transaction.header)
        && entries.equals(transaction.entries);
  }

  @Override
  public int hashCode() {
    return id().hashCode();
  }

  @Override
  public String toString() {
    return "anchor tx " + id().shortHex() + " by " + requester.shortHex() + " nonce " + nonce
        + ", " + entries.size() + " entries";
  }
}
