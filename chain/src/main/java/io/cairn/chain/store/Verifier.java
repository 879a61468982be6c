package io.cairn.chain.store;

import io.cairn.chain.api.AnchorEntry;
import io.cairn.chain.api.AnchorPosition;
import io.cairn.chain.api.BlockHeader;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.InclusionProof;
import io.cairn.chain.api.MemberRegistry;
import io.cairn.chain.api.RecordSource;
import io.cairn.chain.api.Role;
import io.cairn.chain.api.Verdict;
import io.cairn.chain.api.VerdictCode;
import io.cairn.common.CairnException;
import io.cairn.chain.merkle.KnownNodes;
import io.cairn.chain.merkle.MerkleTree;
import io.cairn.common.CorruptionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reflection verification of one record (seeds 000 and 003): find its anchor, read the record
 * back through the anchored read parameters, recompute its hash, check the Merkle paths from the
 * entry to the block header, the signatures and memberships, and the header's place in the chain.
 * The record-hash index value (which holds the entry with the start of its path) and the record
 * are read from the engine on every call, two reads, so a change to any of them is seen at once.
 * The first verification of a transaction's entry also reads the transaction's stored entries,
 * rebuilds their tree, checks its root against the transaction's entries root and remembers the
 * tree's upper nodes ({@link io.cairn.chain.merkle.KnownNodes#learnTree}); every later one hashes
 * the start of the entry's path up to level 3 and compares the node it reaches with the remembered
 * one. An index value of version 6 holds no path: the first verification remembers the tree's
 * leaves instead ({@link io.cairn.chain.merkle.KnownNodes#learnTree(byte[][][], boolean)}), and
 * every later one compares the entry's leaf hash with the remembered leaf at its index. (An index
 * value of version 2, which holds the whole path, is checked up to the first node already proven,
 * the stored path above it compared with the proven nodes.)
 * What lies above the entry (the transaction header and its path, the block header, the
 * block-by-hash index) is checked in full the first time one of the transaction's entries is
 * verified and then remembered ({@link CheckedTransactions}); signature checks are also
 * remembered on their own, keyed by the hash of the bytes they covered.
 *
 * <p>Thread-safety: safe for concurrent use by many verifying threads.
 */
public final class Verifier {
  private final Supplier<MemberRegistry> registry;
  private final Map<String, RecordSource> sources;
  private final TrustedChain chain;
  private final SignatureCache signatures = new SignatureCache(14);
  private final CheckedTransactions checked = new CheckedTransactions(12);
  private final LedgerReader reader;

  public Verifier(Supplier<MemberRegistry> registry, Map<String, RecordSource> sources, TrustedChain chain,
      LedgerReader reader) {
    this.registry = registry;
    this.sources = sources;
    this.chain = chain;
    this.reader = reader;
  }

  /** The verdict on the record with key {@code key}. */
  public Verdict verify(Hash32 key) {
    ChainIndexesFormat.Anchor anchor;
    try {
      anchor = reader.anchor(key);
    } catch (CorruptionException e) {
      return new Verdict(key, VerdictCode.BAD_INDEX, "the record-hash index entry is corrupt: " + e.getMessage(), null);
    }
    if (anchor == null) {
      return new Verdict(key, VerdictCode.UNKNOWN_ANCHOR, "no anchor for this key in the ledger", null);
    }
    ChainIndexesFormat.Position at = anchor.position();
    CheckedTransactions.Checked transaction = checked.get(at.height(), at.transaction());
    if (transaction != null && anchor.storeIndexed() && anchor.resolve(key.bytes(), transaction.stores()) == null) {
      transaction = null; // the remembered transaction has no such store: the full check reads its entries and decides
    }
    return transaction == null ? verifyInFull(key, anchor) : verifyEntry(key, anchor, transaction);
  }

  /**
   * The anchored entry with its path: from the index value itself, or, for an index value of
   * version 1, from the entry piece it points to (null when none is stored there).
   *
   * @throws CorruptionException when the entry piece is corrupt
   */
  private ChainIndexesFormat.Piece entryPiece(ChainIndexesFormat.Anchor anchor, AnchorPosition position) {
    return anchor.entry() != null ? anchor.entry() : reader.entry(position);
  }

  /**
   * The verification of an entry of a transaction whose checks above the entry were made before:
   * the entry, the record and the entry's path to the remembered entries root, then the
   * memberships.
   */
  private Verdict verifyEntry(Hash32 key, ChainIndexesFormat.Anchor anchor, CheckedTransactions.Checked transaction) {
    ChainIndexesFormat.Position at = anchor.position();
    AnchorPosition position = new AnchorPosition(at.height(), at.transaction(), at.entry());
    ChainIndexesFormat.Piece piece;
    AnchorEntry entry;
    try {
      piece = anchor.storeIndexed() ? anchor.resolve(key.bytes(), transaction.stores()) : entryPiece(anchor, position);
      if (piece == null) {
        return new Verdict(key, VerdictCode.BAD_INDEX,
            "the record-hash index points to " + position + ", where no entry is stored", position);
      }
      entry = AnchorEntry.decode(piece.bytes());
    } catch (CorruptionException e) {
      return new Verdict(key, VerdictCode.BAD_PROOF, "the stored anchor at " + position + " is corrupt: "
          + e.getMessage(), position);
    }
    if (!entry.recordHash().equals(key)) {
      return new Verdict(key, VerdictCode.BAD_INDEX, "the record-hash index points to " + position
          + ", which anchors " + entry.recordHash().shortHex() + ", not this key", position);
    }
    Verdict data = readBack(key, entry, position);
    if (data != null) {
      return data;
    }
    KnownNodes nodes = transaction.entryNodes();
    byte[] leaf = entry.leafHash().bytes();
    if (anchor.pathless()) {
      if (!nodes.checkLeaf(leaf, position.entryIndex())) {
        // Not the remembered leaf (another entry than the stored one, a value moved to another key),
        // or the transaction was remembered without its leaves: the full check reads its entries and decides.
        return verifyInFull(key, anchor);
      }
    } else if (anchor.pathStartOnly()
        ? !nodes.checkBelow(leaf, position.entryIndex(), piece.path(), ChainIndexesFormat.ANCHOR_PATH_LEVELS)
        : !nodes.check(leaf, position.entryIndex(), piece.path())) {
      if (anchor.pathStartOnly()) {
        // The transaction may have been checked through a whole path (an index value of version 2),
        // without learning its tree: the full check reads its entries and decides.
        return verifyInFull(key, anchor);
      }
      return new Verdict(key, VerdictCode.BAD_PROOF, "the entry's Merkle path (entry " + position.entryIndex()
          + " of " + transaction.entryNodes().size() + ") does not lead to the transaction's entries root", position);
    }
    MemberRegistry members = registry.get();
    if (!members.has(transaction.requester(), Role.SUBMIT)) {
      return new Verdict(key, VerdictCode.BAD_SIGNATURE, "the transaction is signed by "
          + transaction.requester().shortHex() + ", not a member with the SUBMIT role", position);
    }
    if (!members.has(transaction.proposer(), Role.PROPOSE)) {
      return new Verdict(key, VerdictCode.BAD_SIGNATURE, "block " + position.height() + " is signed by "
          + transaction.proposer().shortHex() + ", not a member with the PROPOSE role", position);
    }
    return verified(key, entry, position);
  }

  /** Every check, every piece read from the engine; remembers the transaction when all pass. */
  private Verdict verifyInFull(Hash32 key, ChainIndexesFormat.Anchor anchor) {
    Loaded loaded = load(key, anchor);
    if (loaded.failure != null) {
      return loaded.failure;
    }
    InclusionProof proof = loaded.proof;
    AnchorPosition position = proof.position();
    Verdict data = readBack(key, proof.entry(), position);
    if (data != null) {
      return data;
    }
    String failure = proof.pathFailure();
    if (failure == null && loaded.entryLevels != null && !anchor.pathless()) {
      failure = pathStartFailure(anchor, loaded.entryLevels, position);
    }
    if (failure != null) {
      return new Verdict(key, VerdictCode.BAD_PROOF, failure, position);
    }
    failure = signatureFailure(proof);
    if (failure != null) {
      return new Verdict(key, VerdictCode.BAD_SIGNATURE, failure, position);
    }
    BlockHeader header = proof.blockHeader();
    failure = chain.check(header.height(), header.hash().bytes(), reader::header, this::headerFailure);
    if (failure != null) {
      return new Verdict(key, VerdictCode.BROKEN_CHAIN, failure, position);
    }
    failure = reader.byHashFailure(header);
    if (failure != null) {
      return new Verdict(key, VerdictCode.BAD_INDEX, failure, position);
    }
    KnownNodes nodes = new KnownNodes(proof.entryCount(), proof.entriesRoot().bytes());
    if (loaded.entryLevels != null && !nodes.learnTree(loaded.entryLevels, anchor.pathless())) {
      return new Verdict(key, VerdictCode.BAD_PROOF, "the stored entries of transaction " + position.transactionIndex()
          + " of block " + position.height() + " do not hash to its entries root", position);
    }
    checked.add(new CheckedTransactions.Checked(position.height(), position.transactionIndex(), nodes,
        proof.requester(), header.proposer(), loaded.stores));
    return verified(key, proof.entry(), position);
  }

  /**
   * Null when the start of the path in a version 3 index value is the start of the entry's path in
   * the tree of its transaction's stored entries (whose root was checked); else the problem.
   */
  private static String pathStartFailure(ChainIndexesFormat.Anchor anchor, byte[][][] entryLevels,
      AnchorPosition position) {
    byte[][] start = MerkleTree.path(entryLevels, position.entryIndex(), ChainIndexesFormat.ANCHOR_PATH_LEVELS);
    return Arrays.deepEquals(start, anchor.path()) ? null
        : "the record-hash index holds another start of the entry's Merkle path than its transaction's entries give";
  }

  private static Verdict verified(Hash32 key, AnchorEntry entry, AnchorPosition position) {
    // Kept cheap (no hex): this string is built on every successful verification.
    return new Verdict(key, VerdictCode.VERIFIED, "anchored in " + position + "; the record read back from store '"
        + entry.read().store() + "' hashes to the anchored key", position);
  }

  /** The inclusion proof of {@code key}, or the verdict that says why none can be assembled. */
  public Loaded load(Hash32 key) {
    ChainIndexesFormat.Anchor anchor;
    try {
      anchor = reader.anchor(key);
    } catch (CorruptionException e) {
      return Loaded.failed(new Verdict(key, VerdictCode.BAD_INDEX, "the record-hash index entry is corrupt: "
          + e.getMessage(), null));
    }
    if (anchor == null) {
      return Loaded.failed(new Verdict(key, VerdictCode.UNKNOWN_ANCHOR, "no anchor for this key in the ledger", null));
    }
    return load(key, anchor);
  }

  private Loaded load(Hash32 key, ChainIndexesFormat.Anchor anchor) {
    ChainIndexesFormat.Position at = anchor.position();
    AnchorPosition position = new AnchorPosition(at.height(), at.transaction(), at.entry());
    ChainIndexesFormat.Piece entryPiece;
    ChainIndexesFormat.Piece transactionPiece;
    AnchorEntry entry;
    byte[][][] entryLevels = null;
    byte[][] stores = null;
    try {
      ChainIndexesFormat.StoredEntries storedEntries = null;
      if (anchor.pathStartOnly()) {
        storedEntries = reader.entries(position.height(), position.transactionIndex());
        if (storedEntries == null || position.entryIndex() >= storedEntries.entries().size()) {
          return Loaded.failed(new Verdict(key, VerdictCode.BAD_PROOF, "the entries of transaction "
              + position.transactionIndex() + " of block " + position.height() + " are missing or hold no entry "
              + position.entryIndex(), position));
        }
        stores = storedEntries.stores();
      }
      if (anchor.storeIndexed()) {
        entryPiece = anchor.resolve(key.bytes(), stores);
        if (entryPiece == null) {
          return Loaded.failed(new Verdict(key, VerdictCode.BAD_INDEX, "the record-hash index names store "
              + anchor.storeIndex() + " of the store table of transaction " + position.transactionIndex() + " of block "
              + position.height() + ", which " + (stores == null ? "has no store table" : "names "
              + stores.length + " stores"), position));
        }
      } else {
        entryPiece = entryPiece(anchor, position);
      }
      if (entryPiece == null) {
        return Loaded.failed(new Verdict(key, VerdictCode.BAD_INDEX,
            "the record-hash index points to " + position + ", where no entry is stored", position));
      }
      entry = AnchorEntry.decode(entryPiece.bytes());
      if (!entry.recordHash().equals(key)) {
        return Loaded.failed(new Verdict(key, VerdictCode.BAD_INDEX, "the record-hash index points to "
            + position + ", which anchors " + entry.recordHash().shortHex() + ", not this key", position));
      }
      if (storedEntries != null) {
        List<byte[]> entries = storedEntries.entries();
        // A version 4 index value takes its entry's record hash from its key, so a value moved to
        // another record's key still names that key: the stored entry at its position tells.
        byte[] stored = entries.get(position.entryIndex());
        if (!key.matches(stored, 1)) {
          return Loaded.failed(new Verdict(key, VerdictCode.BAD_INDEX, "the record-hash index points to "
              + position + ", whose stored entry anchors another record, not this key", position));
        }
        entryLevels = entryLevels(entries);
      }
      transactionPiece = reader.transaction(position.height(), position.transactionIndex());
      if (transactionPiece == null) {
        return Loaded.failed(new Verdict(key, VerdictCode.BAD_PROOF,
            "the header of transaction " + position.transactionIndex() + " of block " + position.height()
                + " is missing", position));
      }
    } catch (CorruptionException e) {
      return Loaded.failed(new Verdict(key, VerdictCode.BAD_PROOF, "the stored anchor at " + position
          + " is corrupt: " + e.getMessage(), position));
    }
    BlockHeader header;
    try {
      header = reader.header(position.height());
    } catch (CorruptionException e) {
      return Loaded.failed(new Verdict(key, VerdictCode.BROKEN_CHAIN, "block " + position.height()
          + "'s header is corrupt: " + e.getMessage(), position));
    }
    if (header == null || header.height() != position.height()) {
      return Loaded.failed(new Verdict(key, VerdictCode.BROKEN_CHAIN, "block " + position.height()
          + "'s header is " + (header == null ? "missing" : "stored for height " + header.height()), position));
    }
    try {
      byte[][] entryPath = entryLevels != null ? MerkleTree.path(entryLevels, position.entryIndex()) : entryPiece.path();
      return new Loaded(InclusionProof.of(key, position, entry, hashes(entryPath),
          transactionPiece.bytes(), hashes(transactionPiece.path()), header), null, entryLevels, stores);
    } catch (CorruptionException e) {
      return Loaded.failed(new Verdict(key, VerdictCode.BAD_PROOF, "the stored transaction header of "
          + position + " is corrupt: " + e.getMessage(), position));
    }
  }

  /**
   * A loaded proof, or the verdict that says why it could not be loaded; {@code entryLevels} is
   * the tree of the transaction's stored entries when the proof's entry path was cut from it (a
   * version 3 index value holds only the path's start), else null; {@code stores} the store table of
   * a version 2 transaction read with them (else null).
   */
  public record Loaded(InclusionProof proof, Verdict failure, byte[][][] entryLevels, byte[][] stores) {
    static Loaded failed(Verdict failure) {
      return new Loaded(null, failure, null, null);
    }
  }

  /** The Merkle tree of a transaction's stored entries. */
  private static byte[][][] entryLevels(List<byte[]> entries) {
    byte[][] leaves = new byte[entries.size()][];
    for (int i = 0; i < leaves.length; i++) {
      leaves[i] = MerkleTree.leafHash(entries.get(i));
    }
    return MerkleTree.levels(leaves);
  }

  private Verdict readBack(Hash32 key, AnchorEntry entry, AnchorPosition position) {
    RecordSource source = sources.get(entry.read().store());
    if (source == null) {
      return new Verdict(key, VerdictCode.MISSING_DATA, "the read parameters name store '"
          + entry.read().store() + "', which this node does not have", position);
    }
    byte[] raw;
    try {
      raw = source.read(entry.read().key());
    } catch (CairnException e) {
      return new Verdict(key, VerdictCode.MISSING_DATA, "reading " + entry.read() + " failed: " + e.getMessage(), position);
    }
    if (raw == null) {
      return new Verdict(key, VerdictCode.MISSING_DATA, "no record under " + entry.read(), position);
    }
    Hash32 actual = entry.algorithm().hash(raw);
    if (!actual.equals(key)) {
      return new Verdict(key, VerdictCode.TAMPERED_DATA, "the record read back from " + entry.read()
          + " (" + raw.length + " bytes) hashes to " + actual.hex() + " under " + entry.algorithm()
          + ", not to the anchored key", position);
    }
    return null;
  }

  private String signatureFailure(InclusionProof proof) {
    String failure = proof.membershipFailure(registry.get());
    if (failure != null) {
      return failure;
    }
    byte[] transactionId = proof.transactionId().bytes();
    if (!signatures.contains(transactionId)) {
      if (!proof.transactionSignatureValid()) {
        return "the anchoring transaction's signature does not verify with requester " + proof.requester().shortHex();
      }
      signatures.add(transactionId);
    }
    return headerFailure(proof.blockHeader());
  }

  /** Null when the header's signature verifies and its proposer may propose. */
  private String headerFailure(BlockHeader header) {
    if (!registry.get().has(header.proposer(), Role.PROPOSE)) {
      return "block " + header.height() + " is signed by " + header.proposer().shortHex()
          + ", not a member with the PROPOSE role";
    }
    byte[] hash = header.hash().bytes();
    if (!signatures.contains(hash)) {
      if (!header.signatureValid()) {
        return "block " + header.height() + "'s header signature does not verify with proposer "
            + header.proposer().shortHex();
      }
      signatures.add(hash);
    }
    return null;
  }

  private static List<Hash32> hashes(byte[][] path) {
    List<Hash32> list = new ArrayList<>(path.length);
    for (byte[] hash : path) {
      list.add(Hash32.of(hash));
    }
    return list;
  }
}
