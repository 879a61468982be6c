package io.cairn.chain.api;

import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.codec.TransactionFormat;
import io.cairn.chain.crypto.SigningDomain;
import io.cairn.chain.merkle.MerkleTree;
import io.cairn.common.CorruptionException;
import java.util.Arrays;
import java.util.List;

/**
 * Everything needed to check, without the ledger, that a record key is anchored in a block: the
 * anchored entry, its Merkle path up to its transaction's entries root, the transaction's signed
 * header, the transaction's path up to the block's Merkle root, and the block header. What it
 * cannot prove alone is that the header belongs to the chain: compare {@code blockHeader().hash()}
 * with a hash you trust (the ledger does that against its header chain).
 *
 * <p>Thread-safety: immutable.
 */
public final class InclusionProof {
  private final Hash32 recordKey;
  private final AnchorPosition position;
  private final AnchorEntry entry;
  private final List<Hash32> entryPath;
  private final TransactionFormat.Header transaction;
  private final List<Hash32> transactionPath;
  private final BlockHeader blockHeader;

  private InclusionProof(Hash32 recordKey, AnchorPosition position, AnchorEntry entry, List<Hash32> entryPath,
      TransactionFormat.Header transaction, List<Hash32> transactionPath, BlockHeader blockHeader) {
    this.recordKey = recordKey;
    this.position = position;
    this.entry = entry;
    this.entryPath = entryPath;
    this.transaction = transaction;
    this.transactionPath = transactionPath;
    this.blockHeader = blockHeader;
  }

  /**
   * Assembles a proof.
   *
   * @throws CorruptionException when {@code transactionHeader} is not a well-formed anchoring
   *     transaction header
   */
  public static InclusionProof of(Hash32 recordKey, AnchorPosition position, AnchorEntry entry,
      List<Hash32> entryPath, byte[] transactionHeader, List<Hash32> transactionPath, BlockHeader blockHeader) {
    ByteReader in = new ByteReader(transactionHeader, "transaction header");
    TransactionFormat.Header fields = TransactionFormat.decodeHeader(in);
    in.expectEnd();
    if (fields.kind() != TransactionFormat.KIND_ANCHOR) {
      throw new CorruptionException("the transaction at " + position + " is not an anchoring transaction");
    }
    return new InclusionProof(recordKey, position, entry, List.copyOf(entryPath), fields,
        List.copyOf(transactionPath), blockHeader);
  }

  /** The record key the proof is for. */
  public Hash32 recordKey() {
    return recordKey;
  }

  /** Where the entry is: block, transaction, entry. */
  public AnchorPosition position() {
    return position;
  }

  /** The anchored entry (hash, algorithm, read parameters). */
  public AnchorEntry entry() {
    return entry;
  }

  /** Sibling hashes from the entry up to its transaction's entries root. */
  public List<Hash32> entryPath() {
    return entryPath;
  }

  /** A copy of the anchoring transaction's signed header. */
  public byte[] transactionHeader() {
    return transaction.encoded().clone();
  }

  /** Sibling hashes from the transaction up to the block's Merkle root. */
  public List<Hash32> transactionPath() {
    return transactionPath;
  }

  /** The header of the block that holds the transaction. */
  public BlockHeader blockHeader() {
    return blockHeader;
  }

  /** Who signed the anchoring transaction. */
  public MemberKey requester() {
    return MemberKey.of(transaction.requester());
  }

  /** The Merkle root over the anchoring transaction's entries, as its requester signed it. */
  public Hash32 entriesRoot() {
    return Hash32.of(transaction.entriesRoot());
  }

  /** Number of entries in the anchoring transaction. */
  public long entryCount() {
    return Integer.toUnsignedLong(transaction.entryCount());
  }

  /** The anchoring transaction's identifier (its leaf in the block). */
  public Hash32 transactionId() {
    return Hash32.wrap(MerkleTree.leafHash(transaction.encoded()));
  }

  /**
   * Null when the entry anchors the record key and both Merkle paths lead up to the block
   * header's Merkle root; otherwise a sentence naming the step that fails.
   */
  public String pathFailure() {
    if (!entry.recordHash().equals(recordKey)) {
      return "the entry anchors " + entry.recordHash().shortHex() + ", not " + recordKey.shortHex();
    }
    byte[] entriesRoot = MerkleTree.rootFromPath(entry.leafHash().bytes(), position.entryIndex(),
        Integer.toUnsignedLong(transaction.entryCount()), raw(entryPath));
    if (entriesRoot == null || !Arrays.equals(entriesRoot, transaction.entriesRoot())) {
      return "the entry's Merkle path (entry " + position.entryIndex() + " of " + transaction.entryCount()
          + ") does not lead to the transaction's entries root";
    }
    byte[] root = MerkleTree.rootFromPath(transactionId().bytes(), position.transactionIndex(),
        blockHeader.transactionCount(), raw(transactionPath));
    if (root == null || !blockHeader.merkleRoot().matches(root, 0)) {
      return "the transaction's Merkle path (transaction " + position.transactionIndex() + " of "
          + blockHeader.transactionCount() + ") does not lead to block " + blockHeader.height() + "'s Merkle root";
    }
    if (blockHeader.height() != position.height()) {
      return "the block header is for height " + blockHeader.height() + ", not " + position.height();
    }
    return null;
  }

  /** Whether the requester's signature on the transaction header verifies. */
  public boolean transactionSignatureValid() {
    int signed = transaction.signedBytes();
    return requester().verify(SigningDomain.TRANSACTION.message(transaction.encoded(), signed), transaction.signature());
  }

  /**
   * Null when the requester is a member with {@link Role#SUBMIT} and the proposer a member with
   * {@link Role#PROPOSE} in {@code registry}; otherwise which of them is not.
   */
  public String membershipFailure(MemberRegistry registry) {
    if (!registry.has(requester(), Role.SUBMIT)) {
      return "the transaction is signed by " + requester().shortHex() + ", not a member with the SUBMIT role";
    }
    if (!registry.has(blockHeader.proposer(), Role.PROPOSE)) {
      return "block " + blockHeader.height() + " is signed by " + blockHeader.proposer().shortHex()
          + ", not a member with the PROPOSE role";
    }
    return null;
  }

  /**
   * Checks the whole proof against {@code registry} (paths, members, both signatures): a verdict
   * of VERIFIED, BAD_PROOF or BAD_SIGNATURE. The header's place in the chain is the caller's check.
   */
  public Verdict check(MemberRegistry registry) {
    String failure = pathFailure();
    if (failure != null) {
      return new Verdict(recordKey, VerdictCode.BAD_PROOF, failure, position);
    }
    failure = membershipFailure(registry);
    if (failure == null && !transactionSignatureValid()) {
      failure = "the anchoring transaction's signature does not verify";
    }
    if (failure == null && !blockHeader.signatureValid()) {
      failure = "block " + blockHeader.height() + "'s header signature does not verify";
    }
    return failure == null
        ? new Verdict(recordKey, VerdictCode.VERIFIED, "the proof holds up to block " + blockHeader.height()
            + " " + blockHeader.hash().shortHex(), position)
        : new Verdict(recordKey, VerdictCode.BAD_SIGNATURE, failure, position);
  }

  private static byte[][] raw(List<Hash32> path) {
    byte[][] raw = new byte[path.size()][];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = path.get(i).bytes();
    }
    return raw;
  }
}
