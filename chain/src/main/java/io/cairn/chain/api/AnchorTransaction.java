package io.cairn.chain.api;

import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.codec.TransactionFormat;
import io.cairn.chain.crypto.SigningDomain;
import io.cairn.chain.merkle.MerkleTree;
import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import java.util.Arrays;
import java.util.List;

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

  private AnchorTransaction(MemberKey requester, long nonce, List<AnchorEntry> entries,
      byte[][][] entriesTree, byte[] header, int signedBytes) {
    super(requester, nonce, header, signedBytes);
    this.entries = entries;
    this.entriesTree = entriesTree;
    this.entriesRoot = Hash32.wrap(MerkleTree.root(entriesTree));
  }

  /**
   * A transaction anchoring {@code entries}, signed by {@code requester}.
   *
   * @throws InvalidArgumentException when there are no entries or more than 65,536, or the
   *     encoding would exceed 8 MiB, or the nonce is negative
   */
  public static AnchorTransaction sign(Identity requester, long nonce, List<AnchorEntry> entries) {
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
    ByteWriter out = TransactionFormat.startAnchor(requester.key().bytes(), nonce, copy.size(), MerkleTree.root(tree));
    byte[] signature = requester.sign(SigningDomain.TRANSACTION.message(out.buffer(), out.size()));
    byte[] header = TransactionFormat.finish(out, signature);
    AnchorTransaction signed = new AnchorTransaction(requester.key(), nonce, copy, tree, header,
        TransactionFormat.OFFSET_ANCHOR_SIGNATURE);
    signed.signedByIdentity();
    return signed;
  }

  static AnchorTransaction decoded(TransactionFormat.Header fields, ByteReader in) {
    AnchorEntry[] entries = new AnchorEntry[fields.entryCount()];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = AnchorEntry.decode(in, i == 0 ? null : entries[i - 1]);
    }
    List<AnchorEntry> list = List.of(entries);
    byte[][][] tree = entriesTree(list);
    if (!Arrays.equals(MerkleTree.root(tree), fields.entriesRoot())) {
      throw new CorruptionException("anchoring transaction: its " + entries.length
          + " entries do not hash to the entries root in its header");
    }
    return new AnchorTransaction(MemberKey.of(fields.requester()), fields.nonce(), list,
        tree, fields.encoded(), fields.signedBytes());
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

  @Override
  public int encodedBytes() {
    int bytes = header.length;
    for (AnchorEntry entry : entries) {
      bytes += entry.encodedBytes();
    }
    return bytes;
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
    for (AnchorEntry entry : entries) {
      entry.writeTo(out);
    }
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
