package io.cairn.chain.store;

import io.cairn.chain.api.AnchorEntry;
import io.cairn.chain.api.AnchorTransaction;
import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.codec.TransactionFormat;
import io.cairn.chain.merkle.MerkleTree;
import io.cairn.chain.contract.Receipt;
import io.cairn.common.ByteWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The values stored under {@link LedgerKeys} (see {@code docs/formats/chain-indexes.md}). Each
 * starts with a version byte and ends with a masked CRC32C of everything before it; integers are
 * little-endian. Decoders reject any other version, length or checksum with a {@link
 * io.cairn.common.CorruptionException}.
 *
 * <pre>
 * 'S' state       u32 magic "CLST" | u8 version | u64 last applied log index | u64 block count
 *                 | [32] head hash (hash of block count-1, or of the genesis) | u64 head timestamp | u32 crc
 * 'T' transaction u8 version | u32 n, [n] transaction header | u8 k, k x [32] path in the block | u32 crc
 * 'E' entries     u8 version 2 | u32 c | c x (u16 n, [n] entry) | u32 crc   (key 'E' height tx)
 * 'E' entry       u8 version 1 | u16 n, [n] entry | u8 k, k x [32] path in the transaction | u32 crc
 *                 (key 'E' height tx entry; still read, no longer written)
 * 'E' entries     u8 version 3 | u32 c | the transaction's store table and c compact entries
 *                 (an anchoring transaction of version 2, transaction.md) | u32 crc
 * 'A' anchor      u8 version 6 | u64 height | u32 transaction | u32 entry | u8 hash algorithm
 *                 | u8 store index in the transaction's table | u16 m, [m] record key (0: the record hash)
 *                 | u32 crc     (an entry of a version 2 transaction, session 18: no path start)
 * 'A' anchor      u8 version 5 | u64 height | u32 transaction | u32 entry | u8 hash algorithm
 *                 | u8 store index in the transaction's table | u16 m, [m] record key (0: the record hash)
 *                 | u8 k, k x [32] start of the path | u32 crc     (still read: written for an entry of a
 *                 version 2 transaction in session 16-17)
 * 'A' anchor      u8 version 4 | u64 height | u32 transaction | u32 entry | the entry's short form
 *                 ({@link ShortEntry}: without the record hash, which is the key's)
 *                 | u8 k, k x [32] start of the path in the transaction (levels 0..2) | u32 crc
 *                 (version 3, still read: u16 n, [n] entry in place of the short form;
 *                  version 2, still read: as version 3 with the whole path;
 *                  version 1, still read: u8 version 1 | u64 height | u32 transaction | u32 entry | u32 crc)
 * 'H' by hash     u8 version | u64 height | u32 crc
 * 'N' nonce       u8 version | u64 last nonce | u32 crc
 * 'O' state index u8 version | u64 height | u32 transaction | u32 crc
 * 'R' receipt     u8 version | u64 height | u32 transaction | receipt (contract-state.md) | u32 crc
 * </pre>
 */
public final class ChainIndexesFormat {
  /** "CLST" read little-endian. */
  public static final int STATE_MAGIC = 0x54534c43;
  /** The version of every stored value this code writes and reads, except the anchor index. */
  public static final int VERSION = 1;
  /**
   * The version of the record-hash index ('A') values this code writes: the position with the
   * anchored entry in its {@link ShortEntry short form} and the start of its path (the siblings
   * below {@link #ANCHOR_PATH_LEVELS}), so a verification finds what proves the record up to its
   * transaction in one read once the transaction's upper tree is known (see {@code
   * docs/formats/chain-indexes.md}). Values of version 3 (the whole entry), 2 (the whole entry and
   * path) and 1 (the position alone) are still read.
   */
  public static final int ANCHOR_VERSION = 4;
  /**
   * The version of the record-hash index values written for an entry of a version 2 (store table)
   * transaction in sessions 16 and 17 (still read; {@link #ANCHOR_VERSION_PATHLESS} is written
   * since): version 4's value with the store named by its index in the transaction's store table;
   * the name is read from the transaction's entries value.
   */
  public static final int ANCHOR_VERSION_STORE_INDEX = 5;
  /**
   * The version of the record-hash index values this code writes for an entry of a version 2
   * (store table) transaction (session 18): version 5's value without the start of the path. A
   * verification proves the entry by its leaf: the first verification of one of the transaction's
   * entries reads the transaction's entries value, checks its tree against the signed entries root
   * and remembers its leaves ({@link io.cairn.chain.merkle.KnownNodes#learnTree(byte[][][],
   * boolean)}); later ones compare the entry's leaf hash with the remembered leaf at its index.
   * Values of version 5 are still read.
   */
  public static final int ANCHOR_VERSION_PATHLESS = 6;
  /**
   * The version of the entries value this code writes for a version 2 (store table) transaction:
   * its store table and compact entries, as the transaction holds them (session 16).
   */
  public static final int ENTRIES_VERSION_STORE_TABLE = 3;
  /** The version of record-hash index values that hold the whole entry and the start of its path (still read). */
  public static final int ANCHOR_VERSION_FULL_ENTRY = 3;
  /** The version of record-hash index values that hold the whole path (still read). */
  public static final int ANCHOR_VERSION_WHOLE_PATH = 2;
  /** An index value of version 3 or 4 holds the path's siblings on the levels below this one. */
  public static final int ANCHOR_PATH_LEVELS = 3;
  /**
   * The version of an anchoring transaction's entries value ('E' height tx): every entry of the
   * transaction in one value, one engine key per transaction instead of one per entry. The
   * per-entry pieces of version 1 ('E' height tx entry) are still read.
   */
  public static final int ENTRIES_VERSION = 2;

  private static final byte[][] NO_PATH = new byte[0][];

  private ChainIndexesFormat() {}

  /** The ledger's progress. */
  public record LedgerState(long lastAppliedIndex, long blockCount, byte[] headHash, long headTimestampMillis) {}

  /** A stored piece of a block plus its Merkle path one level up. */
  public record Piece(byte[] bytes, byte[][] path) {}

  /** A (height, transaction, entry) position; {@code entry} is 0 where it does not apply. */
  public record Position(long height, int transaction, int entry) {}

  /**
   * A record-hash index value of {@code version}: the record's first anchor and, from version 2
   * on, the anchored entry's encoding with its path, whole (version 2) or its start (versions 3 and
   * 4); {@code entry} is null in a version 1 value: read the 'E' piece.
   */
  public record Anchor(int version, Position position, Piece entry, ShortEntry.Indexed indexed, byte[][] path) {
    Anchor(int version, Position position, Piece entry) {
      this(version, position, entry, null, entry == null ? null : entry.path());
    }

    /**
     * Whether the entry's path is only its start, below {@link #ANCHOR_PATH_LEVELS} (versions 3 to
     * 5), or not stored at all (version 6): the proof's path is cut from the transaction's entries.
     */
    public boolean pathStartOnly() {
      return version >= ANCHOR_VERSION_FULL_ENTRY;
    }

    /** Whether the value holds no path at all (version 6): the entry is proven by its leaf. */
    public boolean pathless() {
      return version == ANCHOR_VERSION_PATHLESS;
    }

    /** Whether the value names its entry's store by its index in the transaction's store table (versions 5 and 6). */
    public boolean storeIndexed() {
      return indexed != null;
    }

    /** Versions 5 and 6: the index of the entry's store in its transaction's store table; else -1. */
    public int storeIndex() {
      return indexed == null ? -1 : indexed.storeIndex();
    }

    /**
     * The entry with its path start: {@link #entry()}, or for versions 5 and 6 the entry expanded with
     * {@code stores} (its transaction's store table, UTF-8 names) and {@code recordHash}; null when
     * the table has no store at the value's index.
     */
    public Piece resolve(byte[] recordHash, byte[][] stores) {
      if (indexed == null) {
        return entry;
      }
      byte[] expanded = indexed.expand(recordHash, stores);
      return expanded == null ? null : new Piece(expanded, path);
    }
  }

  /**
   * A transaction's entries value as decoded: the entries' version 1 encodings in order, the store
   * table (UTF-8 names) of a version 3 value (null for version 2), and the transaction's body as its
   * encoding holds it after the header.
   */
  public record StoredEntries(List<byte[]> entries, byte[][] stores, byte[] body) {}

  public static byte[] encodeState(LedgerState state) {
    ByteWriter out = new ByteWriter(65);
    out.u32(STATE_MAGIC).u8(VERSION).u64(state.lastAppliedIndex()).u64(state.blockCount())
        .raw(state.headHash()).u64(state.headTimestampMillis()).crcFrom(0);
    return out.toByteArray();
  }

  public static LedgerState decodeState(byte[] bytes) {
    ByteReader in = new ByteReader(bytes, "ledger state");
    in.magic(STATE_MAGIC);
    in.version(VERSION);
    long applied = in.u64("last applied index");
    long count = in.u64("block count");
    byte[] head = in.raw(32, "head hash");
    long timestamp = in.u64("head timestamp");
    in.crcFrom(0);
    in.expectEnd();
    if (count < 0 || applied < 0) {
      throw in.error("negative block count or applied index");
    }
    return new LedgerState(applied, count, head, timestamp);
  }

  /** A transaction header (n up to 8 MiB) or an entry (n up to 65,535) with its path. */
  public static byte[] encodePiece(byte[] bytes, byte[][] path, boolean entry) {
    ByteWriter out = new ByteWriter(1 + 4 + bytes.length + 1 + 32 * path.length + 4);
    out.u8(VERSION);
    if (entry) {
      out.bytes16(bytes);
    } else {
      out.bytes32(bytes);
    }
    out.u8(path.length);
    for (byte[] hash : path) {
      out.raw(hash);
    }
    return out.crcFrom(0).toByteArray();
  }

  public static Piece decodePiece(byte[] bytes, boolean entry, Supplier<String> what) {
    ByteReader in = new ByteReader(bytes, what);
    in.version(VERSION);
    int length = entry ? in.u16("entry length") : in.u32("header length");
    byte[] piece = in.raw(length, entry ? "entry" : "transaction header");
    byte[][] path = path(in);
    in.crcFrom(0);
    in.expectEnd();
    return new Piece(piece, path);
  }

  /** An anchoring transaction's entries value (version 2): each entry's encoding, in order. */
  public static byte[] encodeEntries(List<byte[]> entries) {
    int bytes = 1 + 4 + 4;
    for (byte[] entry : entries) {
      bytes += 2 + entry.length;
    }
    ByteWriter out = new ByteWriter(bytes);
    out.u8(ENTRIES_VERSION).u32(entries.size());
    for (byte[] entry : entries) {
      out.bytes16(entry);
    }
    return out.crcFrom(0).toByteArray();
  }

  /**
   * {@link #encodeEntries} of {@code anchor}'s entries, written straight from them: the same bytes
   * without a copy of each entry first.
   */
  public static byte[] encodeEntries(AnchorTransaction anchor) {
    ByteWriter out = new ByteWriter(entriesBytes(anchor));
    writeEntries(out, anchor);
    return out.toByteArray();
  }

  /** Bytes of {@link #encodeEntries(AnchorTransaction)}. */
  public static int entriesBytes(AnchorTransaction anchor) {
    if (anchor.version() == TransactionFormat.VERSION_STORE_TABLE) {
      return 1 + 4 + anchor.bodyBytes() + 4;
    }
    int bytes = 1 + 4 + 4;
    for (AnchorEntry entry : anchor.entries()) {
      bytes += 2 + entry.encodedBytes();
    }
    return bytes;
  }

  /**
   * Appends {@link #encodeEntries(AnchorTransaction)} to {@code out} (the same bytes, its CRC over
   * them alone), so a block's values can share one buffer; returns where the value starts.
   */
  public static int writeEntries(ByteWriter out, AnchorTransaction anchor) {
    int from = out.size();
    List<AnchorEntry> entries = anchor.entries();
    if (anchor.version() == TransactionFormat.VERSION_STORE_TABLE) {
      out.u8(ENTRIES_VERSION_STORE_TABLE).u32(entries.size());
      anchor.writeBody(out);
      out.crcFrom(from);
      return from;
    }
    out.u8(ENTRIES_VERSION).u32(entries.size());
    for (AnchorEntry entry : entries) {
      out.u16(entry.encodedBytes());
      entry.writeTo(out);
    }
    out.crcFrom(from);
    return from;
  }

  /** Decodes {@link #encodeEntries}: the entries' encodings, in order. */
  public static List<byte[]> decodeEntries(byte[] bytes, Supplier<String> what) {
    ByteReader in = new ByteReader(bytes, what);
    in.version(ENTRIES_VERSION);
    int count = in.u32("entry count");
    // Each entry takes at least its 2-byte length: a count the value cannot hold is refused first.
    if (count < 1 || count > TransactionFormat.ENTRIES_MAX || count > (bytes.length - 9) / 2) {
      throw in.error("entry count " + Integer.toUnsignedString(count) + " does not fit the value");
    }
    List<byte[]> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      entries.add(in.raw(in.u16("entry length"), "entry"));
    }
    in.crcFrom(0);
    in.expectEnd();
    return entries;
  }

  /**
   * Decodes an entries value of version 3 (a version 2 transaction's store table and compact
   * entries) or 2 (each entry's version 1 encoding).
   */
  public static StoredEntries decodeStoredEntries(byte[] bytes, Supplier<String> what) {
    if (bytes.length == 0 || bytes[0] != ENTRIES_VERSION_STORE_TABLE) {
      List<byte[]> entries = decodeEntries(bytes, what);
      ByteWriter body = new ByteWriter(bytes.length);
      for (byte[] entry : entries) {
        body.raw(entry);
      }
      return new StoredEntries(entries, null, body.toByteArray());
    }
    ByteReader in = new ByteReader(bytes, what);
    in.version(ENTRIES_VERSION_STORE_TABLE);
    int count = in.u32("entry count");
    // A compact entry is at least 37 bytes: a count the value cannot hold is refused first.
    if (count < 1 || count > TransactionFormat.ENTRIES_MAX || count > (bytes.length - 11) / 37) {
      throw in.error("entry count " + Integer.toUnsignedString(count) + " does not fit the value");
    }
    int bodyFrom = in.offset();
    TransactionFormat.CompactEntries compact = TransactionFormat.decodeCompactEntries(in, count);
    byte[] body = in.copyFrom(bodyFrom);
    in.crcFrom(0);
    in.expectEnd();
    List<byte[]> entries = new ArrayList<>(count);
    for (TransactionFormat.Entry entry : compact.entries()) {
      entries.add(entry.encoded());
    }
    return new StoredEntries(entries, compact.stores().utf8(), body);
  }

  /**
   * The record-hash index value of version 5 (still read, no longer written by the apply): the
   * entry {@code entryBytes} (its version 1 encoding) at a position, its store the table's {@code
   * storeIndex}th, and the start of its path.
   */
  public static byte[] encodeIndexedAnchor(long height, int transaction, int entry, byte[] entryBytes, int storeIndex,
      byte[][] path) {
    ByteWriter out = new ByteWriter(1 + 16 + entryBytes.length + 1 + 32 * path.length + 4);
    out.u8(ANCHOR_VERSION_STORE_INDEX).u64(height).u32(transaction).u32(entry);
    ShortEntry.writeIndexed(out, entryBytes, storeIndex);
    out.u8(path.length);
    for (byte[] hash : path) {
      out.raw(hash);
    }
    return out.crcFrom(0).toByteArray();
  }

  /**
   * The record-hash index value of version 6: the entry {@code entryBytes} (its version 1
   * encoding) at a position, its store the table's {@code storeIndex}th, and no path.
   */
  public static byte[] encodePathlessAnchor(long height, int transaction, int entry, byte[] entryBytes,
      int storeIndex) {
    ByteWriter out = new ByteWriter(1 + 16 + entryBytes.length + 4);
    out.u8(ANCHOR_VERSION_PATHLESS).u64(height).u32(transaction).u32(entry);
    ShortEntry.writeIndexed(out, entryBytes, storeIndex);
    return out.crcFrom(0).toByteArray();
  }

  /**
   * The record-hash index value of {@code version} (4: the short form of {@code entryBytes} and the
   * start of the path; 3: the whole entry and the start of the path; 2: the whole entry and the
   * whole path) of the entry {@code entryBytes} at a position.
   *
   * @throws IllegalArgumentException for another version, or for version 4 when {@code entryBytes}
   *     does not have an entry's layout
   */
  public static byte[] encodeAnchor(int version, long height, int transaction, int entry, byte[] entryBytes,
      byte[][] path) {
    if (version != ANCHOR_VERSION && version != ANCHOR_VERSION_FULL_ENTRY && version != ANCHOR_VERSION_WHOLE_PATH) {
      throw new IllegalArgumentException("record-hash index values with an entry are of version 2, 3 or 4, not "
          + version);
    }
    ByteWriter out = new ByteWriter(1 + 16 + 2 + entryBytes.length + 1 + 32 * path.length + 4);
    out.u8(version).u64(height).u32(transaction).u32(entry);
    if (version == ANCHOR_VERSION) {
      ShortEntry.write(out, entryBytes);
    } else {
      out.bytes16(entryBytes);
    }
    out.u8(path.length);
    for (byte[] hash : path) {
      out.raw(hash);
    }
    return out.crcFrom(0).toByteArray();
  }

  /**
   * The record-hash index value of entry {@code entry} of {@code anchor}, transaction {@code
   * transaction} of block {@code height}, as the apply writes it: for a version 2 transaction the
   * bytes of {@link #encodePathlessAnchor} (version 6); for a version 1 transaction those of {@link
   * #encodeAnchor(int, long, int, int, byte[], byte[][])} ({@link #ANCHOR_VERSION}) with the entry's
   * encoding and the start of its path, written straight from the transaction and its tree.
   */
  public static byte[] encodeAnchor(long height, int transaction, int entry, AnchorTransaction anchor) {
    AnchorEntry anchored = anchor.entries().get(entry);
    ByteWriter out = new ByteWriter(anchorBytesMax(anchored));
    writeAnchor(out, height, transaction, entry, anchor, new byte[anchored.encodedBytes()]);
    return out.toByteArray();
  }

  /** At least the bytes of {@link #encodeAnchor(long, int, int, AnchorTransaction)} of {@code entry}. */
  public static int anchorBytesMax(AnchorEntry entry) {
    // A version 5 or 6 value (an index for the store name) is never longer than version 4's.
    return 1 + 16 + entry.encodedBytes() + 1 + 32 * ANCHOR_PATH_LEVELS + 4;
  }

  /**
   * Appends {@link #encodeAnchor(long, int, int, AnchorTransaction)} to {@code out} (the same
   * bytes, its CRC over them alone), so a block's values can share one buffer; {@code scratch}
   * holds the entry's encoding meanwhile (at least {@link AnchorEntry#encodedBytes()} long).
   * Returns where the value starts.
   */
  public static int writeAnchor(ByteWriter out, long height, int transaction, int entry, AnchorTransaction anchor,
      byte[] scratch) {
    int from = out.size();
    AnchorEntry anchored = anchor.entries().get(entry);
    if (anchor.version() == TransactionFormat.VERSION_STORE_TABLE) {
      out.u8(ANCHOR_VERSION_PATHLESS).u64(height).u32(transaction).u32(entry);
      ShortEntry.writeIndexed(out, anchored.sharedEncoding(), anchor.storeIndex(entry));
      out.crcFrom(from);
      return from;
    }
    anchored.copyTo(scratch, 0);
    out.u8(ANCHOR_VERSION).u64(height).u32(transaction).u32(entry);
    ShortEntry.write(out, scratch, anchored.encodedBytes());
    anchor.writeEntryPath(out, entry, ANCHOR_PATH_LEVELS);
    out.crcFrom(from);
    return from;
  }

  /**
   * Decodes a record-hash index value of version 6, 5, 4, 3, 2 or 1 stored under the record hash
   * {@code recordHash} (32 bytes; a value of version 4 to 6 takes the entry's record hash from it).
   */
  public static Anchor decodeAnchor(byte[] bytes, byte[] recordHash, Supplier<String> what) {
    if (bytes.length > 0 && bytes[0] == VERSION) {
      return new Anchor(VERSION, decodePosition(bytes, what), null);
    }
    ByteReader in = new ByteReader(bytes, what);
    if (bytes.length > 0 && bytes[0] == ANCHOR_VERSION_PATHLESS) {
      in.version(ANCHOR_VERSION_PATHLESS);
      Position position = position(in);
      ShortEntry.Indexed indexed = ShortEntry.readIndexed(in, recordHash);
      in.crcFrom(0);
      in.expectEnd();
      return new Anchor(ANCHOR_VERSION_PATHLESS, position, null, indexed, NO_PATH);
    }
    if (bytes.length > 0 && bytes[0] == ANCHOR_VERSION_STORE_INDEX) {
      in.version(ANCHOR_VERSION_STORE_INDEX);
      Position position = position(in);
      ShortEntry.Indexed indexed = ShortEntry.readIndexed(in, recordHash);
      byte[][] path = path(in);
      if (path.length > ANCHOR_PATH_LEVELS) {
        throw in.error("the start of a path below level " + ANCHOR_PATH_LEVELS + " has " + path.length + " hashes");
      }
      in.crcFrom(0);
      in.expectEnd();
      return new Anchor(ANCHOR_VERSION_STORE_INDEX, position, null, indexed, path);
    }
    int version = bytes.length > 0 && (bytes[0] == ANCHOR_VERSION_WHOLE_PATH || bytes[0] == ANCHOR_VERSION_FULL_ENTRY)
        ? in.version(bytes[0]) : in.version(ANCHOR_VERSION);
    Position position = position(in);
    byte[] entry = version == ANCHOR_VERSION ? ShortEntry.read(in, recordHash) : in.raw(in.u16("entry length"), "entry");
    byte[][] path = path(in);
    if (version != ANCHOR_VERSION_WHOLE_PATH && path.length > ANCHOR_PATH_LEVELS) {
      throw in.error("the start of a path below level " + ANCHOR_PATH_LEVELS + " has " + path.length + " hashes");
    }
    in.crcFrom(0);
    in.expectEnd();
    return new Anchor(version, position, new Piece(entry, path));
  }

  /** The version 1 record-hash index value: the position alone (still read, no longer written). */
  public static byte[] encodePosition(long height, int transaction, int entry) {
    ByteWriter out = new ByteWriter(21);
    return out.u8(VERSION).u64(height).u32(transaction).u32(entry).crcFrom(0).toByteArray();
  }

  public static Position decodePosition(byte[] bytes, Supplier<String> what) {
    ByteReader in = new ByteReader(bytes, what);
    in.version(VERSION);
    Position position = position(in);
    in.crcFrom(0);
    in.expectEnd();
    return position;
  }

  private static Position position(ByteReader in) {
    long height = in.u64("height");
    int transaction = in.u32("transaction");
    int entry = in.u32("entry");
    if (height < 0 || transaction < 0 || entry < 0) {
      throw in.error("negative position");
    }
    return new Position(height, transaction, entry);
  }

  private static byte[][] path(ByteReader in) {
    int pathLength = in.u8("path length");
    if (pathLength > MerkleTree.PATH_LENGTH_MAX) {
      throw in.error("path of " + pathLength + " hashes is longer than any tree's");
    }
    byte[][] path = new byte[pathLength][];
    for (int i = 0; i < pathLength; i++) {
      path[i] = in.raw(32, "path hash");
    }
    return path;
  }

  /** A single u64 value: the by-hash index (a height) or a nonce. */
  public static byte[] encodeNumber(long value) {
    ByteWriter out = new ByteWriter(13);
    return out.u8(VERSION).u64(value).crcFrom(0).toByteArray();
  }

  public static long decodeNumber(byte[] bytes, Supplier<String> what) {
    ByteReader in = new ByteReader(bytes, what);
    in.version(VERSION);
    long value = in.u64("value");
    in.crcFrom(0);
    in.expectEnd();
    return value;
  }

  /** The organisation-state index: (height, transaction). */
  public static byte[] encodeStatePosition(long height, int transaction) {
    ByteWriter out = new ByteWriter(17);
    return out.u8(VERSION).u64(height).u32(transaction).crcFrom(0).toByteArray();
  }

  public static Position decodeStatePosition(byte[] bytes, Supplier<String> what) {
    ByteReader in = new ByteReader(bytes, what);
    in.version(VERSION);
    long height = in.u64("height");
    int transaction = in.u32("transaction");
    in.crcFrom(0);
    in.expectEnd();
    return new Position(height, transaction, 0);
  }

  /** A contract transaction's stored receipt: where it is and what its call produced. */
  public static byte[] encodeReceipt(long height, int transaction, Receipt receipt) {
    byte[] encoded = receipt.encode();
    ByteWriter out = new ByteWriter(17 + encoded.length);
    return out.u8(VERSION).u64(height).u32(transaction).raw(encoded).crcFrom(0).toByteArray();
  }

  /** Decodes {@link #encodeReceipt}: the position and the receipt. */
  public static StoredReceipt decodeReceipt(byte[] bytes, Supplier<String> what) {
    ByteReader in = new ByteReader(bytes, what);
    in.version(VERSION);
    long height = in.u64("height");
    int transaction = in.u32("transaction");
    Receipt receipt = Receipt.decode(in);
    in.crcFrom(0);
    in.expectEnd();
    return new StoredReceipt(height, transaction, receipt);
  }

  /** A decoded receipt record. */
  public record StoredReceipt(long height, int transaction, Receipt receipt) {}
}
